/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nfq-floor: the reference NFQUEUE consumer of the dhcp4 benchmark (issue 16), the physical
 * floor nfdhcpd's per-packet cost is measured against.  It binds one queue, copies whole
 * packets as nfdhcpd does, and does nothing but give verdicts: recvmmsg() with
 * MSG_WAITFORONE (one wake-up takes whatever has arrived, up to -b datagrams), then one
 * NFQNL_MSG_VERDICT_BATCH per batch (every packet NF_DROP) in one sendto().  No parsing, no
 * reply, no main loop: the CPU it spends per packet is what the kernel charges any NFQUEUE
 * consumer on this machine for delivery and verdict.
 *
 * With -s the verdicts are one NFQNL_MSG_VERDICT per packet (still one sendto() per batch),
 * to measure what the batch message saves.
 *
 * With -e it also answers: each DHCP request is turned in place into a minimal BOOTREPLY
 * (message type DISCOVER -> OFFER, REQUEST -> ACK, broadcast to the ingress interface) and
 * sent back with one sendmmsg() per batch.  That is not a DHCP server; it is the load
 * generator's own floor, to tell the generator's latency from the server's.
 *
 *   nfq-floor -q QUEUE [-b BATCH] [-e] [-s] [-c COPY_RANGE]
 * Runs until SIGTERM/SIGINT, then prints one line:
 *   nfq-floor: packets N, wake-ups W, verdict messages V, replies R
 */

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_packet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <net/ethernet.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH_MAX 64
#define RECV_BUF (0x10000 + 4096)
#define FRAME_MAX 1514

static volatile sig_atomic_t stop;
static uint8_t rbuf[BATCH_MAX][RECV_BUF];
static uint8_t frames[BATCH_MAX][FRAME_MAX];

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static uint16_t
ip_csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;

	for (; n > 1; p += 2, n -= 2)
		s += (uint32_t)(p[0] << 8 | p[1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* the request's IPv4/UDP/BOOTP bytes -> a broadcast BOOTREPLY frame; 0 when not DHCP */
static size_t
echo_frame(uint8_t *f, const uint8_t *ip, size_t len)
{
	size_t ihl;
	uint8_t *o, *b, *end;

	if (len < 20 || (ip[0] >> 4) != 4 || ip[9] != 17)
		return 0;
	ihl = (size_t)(ip[0] & 15) * 4;
	if (len < ihl + 8 + 240 || 14 + len > FRAME_MAX)
		return 0;
	memset(f, 0xff, 6);
	memset(f + 6, 0x02, 6);
	f[12] = 0x08;
	f[13] = 0x00;
	memcpy(f + 14, ip, len);
	ip = f + 14;
	b = f + 14 + ihl + 8;
	/* 198.51.100.1:67 -> 255.255.255.255:68 */
	memcpy((uint8_t *)ip + 12, (const uint8_t[]){198, 51, 100, 1}, 4);
	memset((uint8_t *)ip + 16, 0xff, 4);
	((uint8_t *)ip)[10] = 0;
	((uint8_t *)ip)[11] = 0;
	{
		uint16_t c = ip_csum(ip, ihl);
		((uint8_t *)ip)[10] = (uint8_t)(c >> 8);
		((uint8_t *)ip)[11] = (uint8_t)c;
	}
	f[14 + ihl + 0] = 0;
	f[14 + ihl + 1] = 67;
	f[14 + ihl + 2] = 0;
	f[14 + ihl + 3] = 68;
	f[14 + ihl + 6] = 0; /* no UDP checksum (RFC 768) */
	f[14 + ihl + 7] = 0;
	b[0] = 2; /* BOOTREPLY */
	for (o = b + 240, end = f + 14 + len; o + 3 <= end && *o != 255;) {
		if (*o == 0) {
			o++;
			continue;
		}
		if (o[0] == 53 && o[1] >= 1)
			o[2] = o[2] == 1 ? 2 : 5;
		o += 2 + o[1];
	}
	return 14 + len;
}

static int
config(struct mnl_socket *nl, struct nlmsghdr *nlh)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	ssize_t n;

	nlh->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (n < 0)
		return -1;
	return mnl_cb_run(buf, (size_t)n, 0, 0, NULL, NULL) < 0 ? -1 : 0;
}

int
main(int argc, char **argv)
{
	static struct mmsghdr msgs[BATCH_MAX], out[BATCH_MAX];
	static struct iovec iovs[BATCH_MAX], oiovs[BATCH_MAX];
	static struct sockaddr_ll slls[BATCH_MAX];
	static uint8_t vbuf[BATCH_MAX * 64];
	uint8_t cbuf[256];
	unsigned batch = BATCH_MAX, copy = 0xffff;
	unsigned long packets = 0, wakeups = 0, vmsgs = 0, replies = 0;
	int opt, echo = 0, single = 0, tx = -1, one = 1, rcvbuf = 16 << 20;
	uint16_t queue = 0;
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct sigaction sa;

	while ((opt = getopt(argc, argv, "q:b:esc:")) != -1) {
		switch (opt) {
		case 'q':
			queue = (uint16_t)atoi(optarg);
			break;
		case 'b':
			batch = (unsigned)atoi(optarg);
			break;
		case 'e':
			echo = 1;
			break;
		case 's':
			single = 1;
			break;
		case 'c':
			copy = (unsigned)atoi(optarg);
			break;
		default:
			fprintf(stderr,
				"usage: nfq-floor -q QUEUE [-b BATCH] [-e] [-s] [-c RANGE]\n");
			return 2;
		}
	}
	if (batch < 1 || batch > BATCH_MAX)
		return 2;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: recvmmsg() returns EINTR */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	nl = mnl_socket_open(NETLINK_NETFILTER);
	if (nl == NULL || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("nfq-floor: netlink");
		return 1;
	}
	memset(cbuf, 0, sizeof(cbuf));
	nlh = nfq_nlmsg_put((char *)cbuf, NFQNL_MSG_CONFIG, queue);
	nfq_nlmsg_cfg_put_cmd(nlh, AF_UNSPEC, NFQNL_CFG_CMD_BIND);
	if (config(nl, nlh) < 0) {
		perror("nfq-floor: bind");
		return 1;
	}
	memset(cbuf, 0, sizeof(cbuf));
	nlh = nfq_nlmsg_put((char *)cbuf, NFQNL_MSG_CONFIG, queue);
	nfq_nlmsg_cfg_put_params(nlh, NFQNL_COPY_PACKET, (int)copy);
	nfq_nlmsg_cfg_put_qmaxlen(nlh, 4096);
	mnl_attr_put_u32(nlh, NFQA_CFG_FLAGS, htonl(NFQA_CFG_F_FAIL_OPEN));
	mnl_attr_put_u32(nlh, NFQA_CFG_MASK, htonl(NFQA_CFG_F_FAIL_OPEN));
	if (config(nl, nlh) < 0) {
		perror("nfq-floor: configure");
		return 1;
	}
	mnl_socket_setsockopt(nl, NETLINK_NO_ENOBUFS, &one, sizeof(one));
	setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
	if (echo) {
		tx = socket(AF_PACKET, SOCK_RAW, 0);
		if (tx < 0) {
			perror("nfq-floor: AF_PACKET");
			return 1;
		}
	}
	for (unsigned i = 0; i < batch; i++) {
		iovs[i].iov_base = rbuf[i];
		iovs[i].iov_len = RECV_BUF;
		msgs[i].msg_hdr.msg_iov = &iovs[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		oiovs[i].iov_base = frames[i];
		out[i].msg_hdr.msg_iov = &oiovs[i];
		out[i].msg_hdr.msg_iovlen = 1;
		out[i].msg_hdr.msg_name = &slls[i];
		out[i].msg_hdr.msg_namelen = sizeof(slls[i]);
	}
	fprintf(stderr, "nfq-floor: queue %u bound\n", queue);

	while (!stop) {
		int n = recvmmsg(mnl_socket_get_fd(nl), msgs, batch, MSG_WAITFORONE, NULL);
		uint32_t last = 0;
		size_t vlen = 0;
		int have = 0;
		unsigned nout = 0;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("nfq-floor: recvmmsg");
			break;
		}
		wakeups++;
		for (int i = 0; i < n; i++) {
			struct nlattr *attr[NFQA_MAX + 1] = {NULL};
			const struct nfqnl_msg_packet_hdr *ph;

			nlh = (struct nlmsghdr *)rbuf[i];
			if (!mnl_nlmsg_ok(nlh, (int)msgs[i].msg_len) ||
			    NFNL_MSG_TYPE(nlh->nlmsg_type) != NFQNL_MSG_PACKET ||
			    nfq_nlmsg_parse(nlh, attr) < 0 || attr[NFQA_PACKET_HDR] == NULL)
				continue;
			ph = mnl_attr_get_payload(attr[NFQA_PACKET_HDR]);
			last = ntohl(ph->packet_id);
			have = 1;
			packets++;
			if (single) {
				struct nlmsghdr *v =
				    nfq_nlmsg_put((char *)vbuf + vlen, NFQNL_MSG_VERDICT, queue);
				nfq_nlmsg_verdict_put(v, (int)last, NF_DROP);
				vlen += NLMSG_ALIGN(v->nlmsg_len);
				vmsgs++;
			}
			if (echo && attr[NFQA_PAYLOAD] != NULL &&
			    attr[NFQA_IFINDEX_INDEV] != NULL) {
				size_t len =
				    echo_frame(frames[nout],
					       mnl_attr_get_payload(attr[NFQA_PAYLOAD]),
					       mnl_attr_get_payload_len(attr[NFQA_PAYLOAD]));
				if (len == 0)
					continue;
				memset(&slls[nout], 0, sizeof(slls[nout]));
				slls[nout].sll_family = AF_PACKET;
				slls[nout].sll_ifindex =
				    (int)ntohl(mnl_attr_get_u32(attr[NFQA_IFINDEX_INDEV]));
				slls[nout].sll_halen = 6;
				memset(slls[nout].sll_addr, 0xff, 6);
				oiovs[nout].iov_len = len;
				nout++;
			}
		}
		if (nout > 0) {
			int s = sendmmsg(tx, out, nout, MSG_DONTWAIT);
			if (s > 0)
				replies += (unsigned long)s;
		}
		if (!have)
			continue;
		if (!single) {
			/* every packet of the batch, and any older one still queued, NF_DROP */
			nlh = nfq_nlmsg_put((char *)vbuf, NFQNL_MSG_VERDICT_BATCH, queue);
			nfq_nlmsg_verdict_put(nlh, (int)last, NF_DROP);
			vlen = nlh->nlmsg_len;
			vmsgs++;
		}
		if (mnl_socket_sendto(nl, vbuf, vlen) < 0)
			perror("nfq-floor: verdict");
	}
	memset(cbuf, 0, sizeof(cbuf));
	nlh = nfq_nlmsg_put((char *)cbuf, NFQNL_MSG_CONFIG, queue);
	nfq_nlmsg_cfg_put_cmd(nlh, AF_UNSPEC, NFQNL_CFG_CMD_UNBIND);
	mnl_socket_sendto(nl, nlh, nlh->nlmsg_len);
	mnl_socket_close(nl);
	printf("nfq-floor: packets %lu, wake-ups %lu, verdict messages %lu, replies %lu\n",
	       packets,
	       wakeups,
	       vmsgs,
	       replies);
	return 0;
}
