/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdQueue: one NFQUEUE queue number, through libmnl and libnetfilter_queue's nfq_nlmsg_*
 * helpers.  Receiving, packetizing and answering are split from the socket so tests feed
 * netlink messages straight into nfd_queue_process() and collect the verdicts with a fake
 * sender: the "exactly one verdict per packet" property is tested without a kernel.
 *
 * NfdQueueOps is the seam between a queue and the kernel, like NfdInjector's: binding the
 * number, feeding what arrives into nfd_queue_process(), sending verdicts, unbinding.  The
 * daemon uses nfd_queue_ops_kernel(); tests give the daemon a fake (tests/nfd-test-queue.c)
 * so that start-up and reload run without a kernel.
 */
#pragma once

#include "nfd-dispatch.h"

typedef struct _NfdQueue NfdQueue;

typedef struct {
	guint32 maxlen;
	gboolean fail_open;
	guint32 rcvbuf;
} NfdQueueOptions;

/* sends a buffer of verdict messages; returns 0 or a negative errno */
typedef gint (*NfdQueueSendFunc)(const guint8 *buf, gsize len, gpointer user_data);

typedef struct {
	guint64 received;
	guint64 verdicts;     /* packets given a verdict */
	guint64 verdict_msgs; /* verdict messages sent (a batch answers several packets) */
	guint64 no_id;
	guint64 truncated; /* longer than the copy range: accepted unparsed */
	guint64 send_errors;
	guint64 recv_errors;
	guint64 recv_truncated; /* datagrams longer than a receive buffer (never expected) */
	guint64 recv_calls;	/* recvmmsg() calls that returned datagrams */
	guint64 wakeups;	/* main-loop dispatches of the queue socket */
} NfdQueueStats;

typedef struct _NfdQueueOps NfdQueueOps;

struct _NfdQueueOps {
	/* binds @queue's number and configures it; then hands every datagram that arrives to
	 * nfd_queue_process() and nfd_queue_flush(), and sets the queue's sender for verdicts */
	gboolean (*open)(NfdQueueOps *ops,
			 NfdQueue *queue,
			 const NfdQueueOptions *options,
			 GError **error);
	/* unbinds and lets go of everything open() took; called once for every queue open()
	 * was called for, also when it failed half-way */
	void (*close)(NfdQueueOps *ops, NfdQueue *queue);
};

NfdQueueOps *
nfd_queue_ops_kernel(void);

NfdQueue *
nfd_queue_new(guint16 num, NfdDispatch *dispatch);
void
nfd_queue_free(NfdQueue *self);
gboolean
nfd_queue_open(NfdQueue *self, NfdQueueOps *ops, const NfdQueueOptions *options, GError **error);
void
nfd_queue_set_sender(NfdQueue *self, NfdQueueSendFunc func, gpointer user_data);
void
nfd_queue_process(NfdQueue *self, const guint8 *buf, gsize len);
void
nfd_queue_flush(NfdQueue *self);
guint16
nfd_queue_get_num(NfdQueue *self);
const NfdQueueStats *
nfd_queue_get_stats(NfdQueue *self);
void
nfd_queue_set_dispatch(NfdQueue *self, NfdDispatch *dispatch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdQueue, nfd_queue_free)
