/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdQueue implementation.
 *
 * Set-up (lab.md §4): bind the queue number, copy packets up to NFD_QUEUE_COPY_RANGE, a
 * raised queue length, NFQA_CFG_F_FAIL_OPEN (configurable: a full queue then passes packets on
 * rather than black-holing every VM), NETLINK_NO_ENOBUFS and a large receive buffer.  Per
 * wake-up we drain the socket with recvmmsg() until it is empty or NFD_QUEUE_RECV_BUDGET
 * datagrams were read (so signals, timers and the other sources still get their turn), answer
 * each packet as it is dispatched into a verdict buffer, and send the replies, then the
 * verdicts, with one sendmmsg() and one sendto() for every NFD_QUEUE_FLUSH_EVERY packets.
 * Consecutive packet ids with the same verdict leave as one NFQNL_MSG_VERDICT_BATCH (see
 * put_verdict() for why that is still exactly one verdict per packet).
 * All of that is the kernel's NfdQueueOps (nfd_queue_ops_kernel()); the rest of the file is
 * the same whatever feeds the queue.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <glib-unix.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <string.h>
#include <sys/socket.h>

#include "nfd-queue.h"

/* NFQNL_COPY_PACKET copies this much of each packet: more than the IP packet of a 9000-byte
 * jumbo frame, the largest request a claimed protocol sends unfragmented (no plugin reassembles
 * fragments).  A longer packet arrives cut, with NFQA_CAP_LEN: it is accepted unparsed. */
#define NFD_QUEUE_COPY_RANGE 9216
/* one datagram: the packet message's header and attributes around at most COPY_RANGE bytes of
 * payload (the attributes take < 300 bytes; a datagram cut by a short buffer would lose its
 * packet's verdict, so this is generous) */
#define NFD_QUEUE_RECV_BUF (NFD_QUEUE_COPY_RANGE + 2048)
#define NFD_QUEUE_RECV_BATCH 64	  /* datagrams per recvmmsg() */
#define NFD_QUEUE_RECV_BUDGET 512 /* datagrams per wake-up, so other sources get a turn */
#define NFD_QUEUE_FLUSH_EVERY 64  /* packets between sends of replies and verdicts */
#define NFD_QUEUE_VERDICT_BUF 16384
#define NFD_QUEUE_VERDICT_MAX 64  /* a verdict message is 32 bytes; keep headroom */
#define NFD_QUEUE_CONFIG_BUF 8192 /* one config or unbind request */
#define NFD_QUEUE_ACK_TRIES 1000  /* datagrams read while waiting for a config ACK */

struct _NfdQueue {
	guint16 num;
	NfdDispatch *dispatch;
	NfdQueueOps *ops; /* set once open() was called */
	/* the kernel's: the netlink socket and its main-loop source */
	struct mnl_socket *nl;
	guint source_id;
	NfdQueueSendFunc send;
	gpointer send_data;
	gsize out_len;
	/* the run of consecutive packet ids with one verdict not yet written to out */
	guint32 run_first;
	guint32 run_last;
	guint32 run_verdict;
	gboolean run_open;
	/* a packet message we could not read an id from: its packet may still be queued, and a
	 * batch verdict would answer it too, so from then on every verdict names its own id */
	gboolean no_batch;
	guint unflushed; /* packets handled since the last flush */
	NfdQueueStats stats;
	guint8 *recv_buf; /* NFD_QUEUE_RECV_BATCH buffers of NFD_QUEUE_RECV_BUF, allocated once */
	struct mmsghdr msgs[NFD_QUEUE_RECV_BATCH];
	struct iovec iovs[NFD_QUEUE_RECV_BATCH];
	guint8 out[NFD_QUEUE_VERDICT_BUF];
};

/* mnl_nlmsg_ok() compares (int)nlmsg_len, so a length of 2^31 or more passes it and
 * mnl_nlmsg_next() then jumps far out of the buffer (found by fuzz-packet): check unsigned */
static gboolean
nlmsg_ok(const struct nlmsghdr *nlh, gint rem)
{
	return rem >= (gint)sizeof(struct nlmsghdr) && nlh->nlmsg_len >= sizeof(struct nlmsghdr) &&
	       nlh->nlmsg_len <= (guint)rem;
}

static gint
socket_send(const guint8 *buf, gsize len, gpointer user_data)
{
	NfdQueue *self = user_data;

	if (mnl_socket_sendto(self->nl, buf, len) < 0)
		return -errno;
	return 0;
}

NfdQueue *
nfd_queue_new(guint16 num, NfdDispatch *dispatch)
{
	NfdQueue *self = g_new0(NfdQueue, 1);

	self->num = num;
	self->dispatch = dispatch;
	self->recv_buf = g_malloc((gsize)NFD_QUEUE_RECV_BUF * NFD_QUEUE_RECV_BATCH);
	for (guint i = 0; i < NFD_QUEUE_RECV_BATCH; i++) {
		self->iovs[i].iov_base = self->recv_buf + (gsize)i * NFD_QUEUE_RECV_BUF;
		self->iovs[i].iov_len = NFD_QUEUE_RECV_BUF;
		self->msgs[i].msg_hdr.msg_iov = &self->iovs[i];
		self->msgs[i].msg_hdr.msg_iovlen = 1;
	}
	return self;
}

void
nfd_queue_set_dispatch(NfdQueue *self, NfdDispatch *dispatch)
{
	self->dispatch = dispatch;
}

static gboolean
send_config(NfdQueue *self, const gchar *what, struct nlmsghdr *nlh, GError **error)
{
	if (mnl_socket_sendto(self->nl, nlh, nlh->nlmsg_len) < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "queue %u: cannot %s: %s",
			    self->num,
			    what,
			    g_strerror(errno));
		return FALSE;
	}
	return TRUE;
}

/* config commands ask for an ACK, so a queue number taken by another process (EBUSY) or a
 * missing CAP_NET_ADMIN (EPERM) is reported at start-up, not discovered later.  Packets may
 * already arrive between bind and the ACK: they are dispatched, never left without verdict. */
static void
handle_packet_msg(NfdQueue *self, const struct nlmsghdr *nlh);

static gboolean
config_ack(NfdQueue *self, const gchar *what, GError **error)
{
	for (guint tries = 0; tries < NFD_QUEUE_ACK_TRIES; tries++) {
		gssize ret =
		    recv(mnl_socket_get_fd(self->nl), self->recv_buf, NFD_QUEUE_RECV_BUF, 0);
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)self->recv_buf;
		gint rem = (gint)ret;
		gint err = 1;

		if (ret < 0) {
			err = -errno;
			rem = 0;
		}
		while (nlmsg_ok(nlh, rem)) {
			if (nlh->nlmsg_type == NLMSG_ERROR &&
			    nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(struct nlmsgerr)) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
				err = e->error;
			} else if (NFNL_SUBSYS_ID(nlh->nlmsg_type) == NFNL_SUBSYS_QUEUE &&
				   NFNL_MSG_TYPE(nlh->nlmsg_type) == NFQNL_MSG_PACKET) {
				handle_packet_msg(self, nlh);
			}
			nlh = mnl_nlmsg_next(nlh, &rem);
		}
		nfd_queue_flush(self);
		if (err == 0)
			return TRUE;
		if (err < 0) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_IO,
				    "queue %u: cannot %s: %s%s",
				    self->num,
				    what,
				    g_strerror(-err),
				    err == -EBUSY   ? " (is another program bound to this queue?)"
				    : err == -EPERM ? " (needs CAP_NET_ADMIN)"
						    : "");
			return FALSE;
		}
	}
	g_set_error(error, NFD_ERROR, NFD_ERROR_IO, "queue %u: no answer to %s", self->num, what);
	return FALSE;
}

static gboolean
queue_readable(gint fd, GIOCondition cond, gpointer user_data)
{
	NfdQueue *self = user_data;
	guint budget = NFD_QUEUE_RECV_BUDGET;

	/* drain what is there (lab.md §4): a wake-up costs the kernel more than a recvmmsg()
	 * that finds a few more datagrams, but a bounded number per wake-up */
	while (budget > 0) {
		gint n =
		    recvmmsg(fd, self->msgs, MIN(budget, NFD_QUEUE_RECV_BATCH), MSG_DONTWAIT, NULL);
		if (n <= 0) {
			if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				self->stats.recv_errors++;
			break;
		}
		self->stats.recv_calls++;
		for (gint i = 0; i < n; i++) {
			if (self->msgs[i].msg_hdr.msg_flags & MSG_TRUNC) {
				self->stats.recv_truncated++;
				self->no_batch = TRUE;
			}
			nfd_queue_process(self, self->iovs[i].iov_base, self->msgs[i].msg_len);
		}
		budget -= (guint)n;
		if (self->unflushed >= NFD_QUEUE_FLUSH_EVERY)
			nfd_queue_flush(self);
		if (n < (gint)NFD_QUEUE_RECV_BATCH)
			break;
	}
	nfd_queue_flush(self);
	self->stats.wakeups++;
	return G_SOURCE_CONTINUE;
}

static gboolean
kernel_open(NfdQueueOps *ops, NfdQueue *self, const NfdQueueOptions *options, GError **error)
{
	/* zeroed: struct nfqnl_msg_config_params has padding the kernel would otherwise read */
	guint8 buf[NFD_QUEUE_CONFIG_BUF];
	struct nlmsghdr *nlh;
	gint one = 1;
	gint rcvbuf = (gint)options->rcvbuf;
	guint32 flags = options->fail_open ? NFQA_CFG_F_FAIL_OPEN : 0;
	g_autoptr(GSource) source = NULL;

	memset(buf, 0, sizeof(buf));
	self->nl = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC);
	if (self->nl == NULL || mnl_socket_bind(self->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "queue %u: cannot open netfilter netlink socket: %s",
			    self->num,
			    g_strerror(errno));
		return FALSE;
	}

	self->send = socket_send;
	self->send_data = self;
	nlh = nfq_nlmsg_put((gchar *)buf, NFQNL_MSG_CONFIG, self->num);
	nlh->nlmsg_flags |= NLM_F_ACK;
	nfq_nlmsg_cfg_put_cmd(nlh, AF_UNSPEC, NFQNL_CFG_CMD_BIND);
	if (!send_config(self, "bind", nlh, error) || !config_ack(self, "bind", error))
		return FALSE;

	nlh = nfq_nlmsg_put((gchar *)buf, NFQNL_MSG_CONFIG, self->num);
	nlh->nlmsg_flags |= NLM_F_ACK;
	nfq_nlmsg_cfg_put_params(nlh, NFQNL_COPY_PACKET, NFD_QUEUE_COPY_RANGE);
	nfq_nlmsg_cfg_put_qmaxlen(nlh, options->maxlen);
	mnl_attr_put_u32(nlh, NFQA_CFG_FLAGS, htonl(flags));
	mnl_attr_put_u32(nlh, NFQA_CFG_MASK, htonl(NFQA_CFG_F_FAIL_OPEN));
	if (!send_config(self, "configure", nlh, error) || !config_ack(self, "configure", error))
		return FALSE;

	/* losing a packet to a full socket buffer is counted by the kernel; an ENOBUFS error on
	 * our side would only interrupt the receive loop */
	(void)mnl_socket_setsockopt(self->nl, NETLINK_NO_ENOBUFS, &one, sizeof(one));
	if (setsockopt(mnl_socket_get_fd(self->nl),
		       SOL_SOCKET,
		       SO_RCVBUFFORCE,
		       &rcvbuf,
		       sizeof(rcvbuf)) < 0)
		(void)setsockopt(mnl_socket_get_fd(self->nl),
				 SOL_SOCKET,
				 SO_RCVBUF,
				 &rcvbuf,
				 sizeof(rcvbuf));
	source = g_unix_fd_source_new(mnl_socket_get_fd(self->nl), G_IO_IN);
	g_source_set_callback(source, G_SOURCE_FUNC(queue_readable), self, NULL);
	/* GLib takes a non-recursive source's fd out of the poll set while it is dispatched and
	 * puts it back afterwards, and each change writes the context's wake-up eventfd: two
	 * write()s, a read() and one more poll() on every wake-up.  queue_readable() never
	 * iterates the main context, so a recursive source costs nothing and saves those. */
	g_source_set_can_recurse(source, TRUE);
	self->source_id = g_source_attach(source, NULL);
	return TRUE;
}

void
nfd_queue_set_sender(NfdQueue *self, NfdQueueSendFunc func, gpointer user_data)
{
	self->send = func;
	self->send_data = user_data;
}

static void
put_verdict_msg(NfdQueue *self, guint16 type, guint32 id, guint32 verdict)
{
	struct nlmsghdr *nlh;

	nlh = nfq_nlmsg_put((gchar *)self->out + self->out_len, type, self->num);
	nfq_nlmsg_verdict_put(nlh, (gint)id, (gint)verdict);
	self->out_len += NLMSG_ALIGN(nlh->nlmsg_len);
	self->stats.verdict_msgs++;
}

static void
send_verdicts(NfdQueue *self)
{
	gint rc;

	if (self->out_len == 0)
		return;
	rc = self->send != NULL ? self->send(self->out, self->out_len, self->send_data) : -ENOTCONN;
	if (rc < 0)
		self->stats.send_errors++;
	self->out_len = 0;
}

/* the open run into the verdict buffer: one message, single or batch */
static void
close_run(NfdQueue *self)
{
	if (!self->run_open)
		return;
	self->run_open = FALSE;
	if (self->run_first == self->run_last) {
		put_verdict_msg(self, NFQNL_MSG_VERDICT, self->run_last, self->run_verdict);
		return;
	}
	if (self->no_batch) {
		for (guint32 id = self->run_first; id != self->run_last + 1; id++) {
			if (NFD_QUEUE_VERDICT_BUF - self->out_len < NFD_QUEUE_VERDICT_MAX) {
				nfd_dispatch_flush(self->dispatch);
				send_verdicts(self);
			}
			put_verdict_msg(self, NFQNL_MSG_VERDICT, id, self->run_verdict);
		}
		return;
	}
	put_verdict_msg(self, NFQNL_MSG_VERDICT_BATCH, self->run_last, self->run_verdict);
}

void
nfd_queue_flush(NfdQueue *self)
{
	/* the replies of this batch first, then the verdicts that drop their requests */
	nfd_dispatch_flush(self->dispatch);
	close_run(self);
	self->unflushed = 0;
	send_verdicts(self);
}

/* Verdicts of consecutive ids go out as runs: a NFQNL_MSG_VERDICT_BATCH for id N applies its
 * verdict to every packet of the queue whose id is N or older (nfqnl_recv_verdict_batch()).
 * That is exactly the run's packets, because the kernel numbers packets in the order it sends
 * them to this socket and queues only those it delivered (a failed delivery is failed open or
 * dropped, never queued), we read them in that order, and every older packet we read already
 * has its verdict earlier in the same buffer or in an earlier send.  A run only grows by the
 * next id (a gap or another verdict closes it).  A gap is then a packet the kernel never
 * queued (its delivery failed), unless we read a message without an id or a cut datagram:
 * after that (never seen in practice) no_batch turns runs back into one message per id. */
static void
put_verdict(NfdQueue *self, guint32 id, guint32 verdict)
{
	self->stats.verdicts++;
	self->unflushed++;
	if (self->run_open && verdict == self->run_verdict && id == self->run_last + 1) {
		self->run_last = id;
		return;
	}
	if (NFD_QUEUE_VERDICT_BUF - self->out_len < 2 * NFD_QUEUE_VERDICT_MAX)
		nfd_queue_flush(self);
	close_run(self);
	self->run_open = TRUE;
	self->run_first = id;
	self->run_last = id;
	self->run_verdict = verdict;
}

static guint32
attr_u32(const struct nlattr *attr)
{
	if (attr == NULL || mnl_attr_get_payload_len(attr) < 4)
		return 0;
	return ntohl(mnl_attr_get_u32(attr));
}

/* the attributes of a packet message by type, by hand: nfq_nlmsg_parse() validates each
 * through a callback and gives up on the whole message at one odd attribute, which would cost
 * its packet the verdict; every attribute used here has its length checked where it is read.
 * (callgrind: 1,030 instructions per packet in handle_packet_msg() outside dispatch before,
 * 440 after) */
static void
parse_attrs(const struct nlmsghdr *nlh, const struct nlattr **attr)
{
	const guint8 *p = (const guint8 *)nlh + NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nfgenmsg));
	const guint8 *end = (const guint8 *)nlh + nlh->nlmsg_len;

	while (p < end && (gsize)(end - p) >= sizeof(struct nlattr)) {
		const struct nlattr *a = (const struct nlattr *)p;
		guint16 type = a->nla_type & NLA_TYPE_MASK;

		if (a->nla_len < sizeof(struct nlattr) || a->nla_len > (gsize)(end - p))
			break;
		if (type <= NFQA_MAX)
			attr[type] = a;
		p += NLA_ALIGN(a->nla_len);
	}
}

static void
handle_packet_msg(NfdQueue *self, const struct nlmsghdr *nlh)
{
	const struct nlattr *attr[NFQA_MAX + 1] = {NULL};
	const struct nfqnl_msg_packet_hdr *ph;
	NfdPacket packet;
	const guint8 *data = NULL;
	gsize len = 0;
	guint32 verdict;

	self->stats.received++;
	if (nlh->nlmsg_len >= NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nfgenmsg)))
		parse_attrs(nlh, attr);
	if (attr[NFQA_PACKET_HDR] == NULL ||
	    mnl_attr_get_payload_len(attr[NFQA_PACKET_HDR]) < sizeof(*ph)) {
		/* without a packet id there is nothing we could give a verdict for */
		self->stats.no_id++;
		self->no_batch = TRUE;
		return;
	}
	ph = mnl_attr_get_payload(attr[NFQA_PACKET_HDR]);
	nfd_packet_init(&packet);
	packet.queue = self->num;
	packet.id = ntohl(ph->packet_id);
	packet.hw_protocol = ntohs(ph->hw_protocol);
	packet.indev = attr_u32(attr[NFQA_IFINDEX_INDEV]);
	packet.physindev = attr_u32(attr[NFQA_IFINDEX_PHYSINDEV]);
	if (attr[NFQA_HWADDR] != NULL &&
	    mnl_attr_get_payload_len(attr[NFQA_HWADDR]) >= sizeof(struct nfqnl_msg_packet_hw)) {
		const struct nfqnl_msg_packet_hw *hw = mnl_attr_get_payload(attr[NFQA_HWADDR]);
		if (ntohs(hw->hw_addrlen) == 6) {
			memcpy(packet.src_mac, hw->hw_addr, 6);
			packet.has_src_mac = TRUE;
		}
	}
	if (attr[NFQA_CAP_LEN] != NULL &&
	    attr_u32(attr[NFQA_CAP_LEN]) >
		(attr[NFQA_PAYLOAD] != NULL ? mnl_attr_get_payload_len(attr[NFQA_PAYLOAD]) : 0)) {
		/* longer than the copy range: what we have is not the whole packet, and no
		 * claimed request is that long; let it pass as if we were not there */
		self->stats.truncated++;
		put_verdict(self, packet.id, NFD_NF_ACCEPT);
		return;
	}
	if (attr[NFQA_PAYLOAD] != NULL) {
		data = mnl_attr_get_payload(attr[NFQA_PAYLOAD]);
		len = mnl_attr_get_payload_len(attr[NFQA_PAYLOAD]);
	}
	/* the dispatcher pre-parses the IP packet, after the tap's rate limit (nfd-dispatch.c) */
	verdict = self->dispatch != NULL ? nfd_dispatch_queued(self->dispatch, &packet, data, len)
					 : NFD_NF_ACCEPT;
	put_verdict(self, packet.id, verdict);
}

void
nfd_queue_process(NfdQueue *self, const guint8 *buf, gsize len)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	gint rem = (gint)MIN(len, (gsize)G_MAXINT);

	/* walk the datagram by hand: one bad message must not hide the packets after it */
	while (nlmsg_ok(nlh, rem)) {
		if (NFNL_SUBSYS_ID(nlh->nlmsg_type) == NFNL_SUBSYS_QUEUE &&
		    NFNL_MSG_TYPE(nlh->nlmsg_type) == NFQNL_MSG_PACKET &&
		    nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(struct nfgenmsg))
			handle_packet_msg(self, nlh);
		nlh = mnl_nlmsg_next(nlh, &rem);
	}
	/* bytes left that are no message may have held a packet we cannot answer */
	if (rem > 0)
		self->no_batch = TRUE;
}

guint16
nfd_queue_get_num(NfdQueue *self)
{
	return self->num;
}

const NfdQueueStats *
nfd_queue_get_stats(NfdQueue *self)
{
	return &self->stats;
}

static void
kernel_close(NfdQueueOps *ops, NfdQueue *self)
{
	if (self->source_id != 0)
		g_source_remove(self->source_id);
	self->source_id = 0;
	if (self->nl != NULL) {
		guint8 buf[NFD_QUEUE_CONFIG_BUF] = {0};
		struct nlmsghdr *nlh;

		/* release the queue number so a restarted daemon can bind it at once */
		nlh = nfq_nlmsg_put((gchar *)buf, NFQNL_MSG_CONFIG, self->num);
		nfq_nlmsg_cfg_put_cmd(nlh, AF_UNSPEC, NFQNL_CFG_CMD_UNBIND);
		(void)mnl_socket_sendto(self->nl, nlh, nlh->nlmsg_len);
		mnl_socket_close(self->nl);
		self->nl = NULL;
	}
}

NfdQueueOps *
nfd_queue_ops_kernel(void)
{
	static NfdQueueOps ops = {.open = kernel_open, .close = kernel_close};

	return &ops;
}

gboolean
nfd_queue_open(NfdQueue *self, NfdQueueOps *ops, const NfdQueueOptions *options, GError **error)
{
	g_return_val_if_fail(self->ops == NULL, FALSE);
	self->ops = ops;
	return ops->open(ops, self, options, error);
}

void
nfd_queue_free(NfdQueue *self)
{
	if (self == NULL)
		return;
	if (self->ops != NULL) {
		/* the verdicts of the last batch leave before the queue number is released */
		nfd_queue_flush(self);
		self->ops->close(self->ops, self);
	}
	g_free(self->recv_buf);
	g_free(self);
}
