/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdInjector implementations.
 *
 * The AF_PACKET injector uses one unbound SOCK_RAW socket for every tap: the destination
 * ifindex goes in each sendto().  Unlike GRNET's socket per binding this needs no socket
 * bookkeeping when taps come and go, and holds no netdevice reference (the "waiting for vethX
 * to become free" hang seen with bound sockets).  The socket is non-blocking: a full send
 * queue of a dead VM must never stall the daemon (GRNET's 2012 freeze); such a frame is lost
 * and counted.  Sending needs CAP_NET_RAW only to open the socket.  Replies are batched: up to
 * NFD_INJECT_BATCH frames are copied and sent with one sendmmsg() when the queue code flushes
 * at the end of a wake-up (or when the batch is full).
 */
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nfd-common.h"
#include "nfd-inject.h"

#define NFD_INJECT_BATCH 64
#define NFD_INJECT_FRAME_MAX 1536

typedef struct {
	NfdInjector parent;
	gint fd;
	guint n;
	struct mmsghdr msgs[NFD_INJECT_BATCH];
	struct iovec iovs[NFD_INJECT_BATCH];
	struct sockaddr_ll slls[NFD_INJECT_BATCH];
	guint8 frames[NFD_INJECT_BATCH][NFD_INJECT_FRAME_MAX];
} NfdPacketInjector;

/* the link-layer address of a frame sent on @ifindex: its own Ethernet destination */
static void
sll_for_frame(struct sockaddr_ll *sll, guint ifindex, const guint8 *frame)
{
	memset(sll, 0, sizeof(*sll));
	sll->sll_family = AF_PACKET;
	sll->sll_ifindex = (gint)ifindex;
	sll->sll_halen = 6;
	memcpy(sll->sll_addr, frame, 6);
}

static void
packet_flush(NfdInjector *injector)
{
	NfdPacketInjector *self = (NfdPacketInjector *)injector;
	guint done = 0;

	while (done < self->n) {
		gint rc = sendmmsg(self->fd, self->msgs + done, self->n - done, MSG_DONTWAIT);
		if (rc <= 0) {
			/* the first frame not sent failed: count it, go on with the rest */
			injector->n_failed++;
			injector->last_errno = rc < 0 ? errno : EIO;
			done++;
			continue;
		}
		injector->n_sent += (guint)rc;
		done += (guint)rc;
	}
	self->n = 0;
}

static void
packet_queue(NfdInjector *injector, guint ifindex, const guint8 *frame, gsize len)
{
	NfdPacketInjector *self = (NfdPacketInjector *)injector;
	guint i;

	if (len > NFD_INJECT_FRAME_MAX) {
		injector->n_failed++;
		injector->last_errno = EMSGSIZE;
		return;
	}
	if (self->n == NFD_INJECT_BATCH)
		packet_flush(injector);
	i = self->n++;
	memcpy(self->frames[i], frame, len);
	self->iovs[i].iov_base = self->frames[i];
	self->iovs[i].iov_len = len;
	sll_for_frame(&self->slls[i], ifindex, frame);
	self->msgs[i].msg_hdr.msg_name = &self->slls[i];
	self->msgs[i].msg_hdr.msg_namelen = sizeof(self->slls[i]);
	self->msgs[i].msg_hdr.msg_iov = &self->iovs[i];
	self->msgs[i].msg_hdr.msg_iovlen = 1;
}

static gint
packet_send(NfdInjector *injector, guint ifindex, const guint8 *frame, gsize len)
{
	NfdPacketInjector *self = (NfdPacketInjector *)injector;
	struct sockaddr_ll sll;
	ssize_t rc;

	sll_for_frame(&sll, ifindex, frame);
	rc = sendto(self->fd, frame, len, MSG_DONTWAIT, (struct sockaddr *)&sll, sizeof(sll));
	if (rc < 0)
		return -errno;
	if ((gsize)rc != len)
		return -EMSGSIZE;
	return 0;
}

static void
packet_free(NfdInjector *injector)
{
	NfdPacketInjector *self = (NfdPacketInjector *)injector;

	if (self->fd >= 0)
		close(self->fd);
	g_free(self);
}

NfdInjector *
nfd_injector_new_packet(GError **error)
{
	NfdPacketInjector *self;
	gint fd;
	gint sndbuf = 4 << 20;

	/* protocol 0: this socket only sends, so the kernel queues nothing to it */
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "cannot open AF_PACKET socket: %s (needs CAP_NET_RAW)",
			    g_strerror(errno));
		return NULL;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof(sndbuf)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	self = g_new0(NfdPacketInjector, 1);
	self->parent.send = packet_send;
	self->parent.free = packet_free;
	self->parent.queue = packet_queue;
	self->parent.flush = packet_flush;
	self->fd = fd;
	return &self->parent;
}

gint
nfd_injector_send(NfdInjector *self, guint ifindex, const guint8 *frame, gsize len)
{
	gint rc = self->send(self, ifindex, frame, len);

	if (rc == 0)
		self->n_sent++;
	else
		self->n_failed++;
	return rc;
}

void
nfd_injector_queue(NfdInjector *self, guint ifindex, const guint8 *frame, gsize len)
{
	gint rc;

	if (self->queue != NULL) {
		self->queue(self, ifindex, frame, len);
		return;
	}
	rc = nfd_injector_send(self, ifindex, frame, len);
	if (rc < 0)
		self->last_errno = -rc;
}

void
nfd_injector_flush(NfdInjector *self)
{
	if (self != NULL && self->flush != NULL)
		self->flush(self);
}

void
nfd_injector_free(NfdInjector *self)
{
	if (self == NULL)
		return;
	nfd_injector_flush(self);
	self->free(self);
}
