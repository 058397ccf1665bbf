/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdQueueProc: the kernel's own counters of each NFQUEUE, from
 * /proc/net/netfilter/nfnetlink_queue (net/netfilter/nfnetlink_queue.c, seq_show: queue number,
 * peer portid, packets waiting for a verdict, copy mode, copy range, packets dropped because
 * the queue was full, packets dropped because the netlink socket was full, the last packet id,
 * and a constant 1).
 *
 * The file is mode 0440 root:root, so the daemon opens it before it drops privileges and keeps
 * the descriptor (a seq_file reads again from offset 0).  "Failed open" cannot be read: with
 * NFQA_CFG_F_FAIL_OPEN the kernel accepts a packet for a full queue without counting it
 * anywhere (__nfqnl_enqueue_packet), so status and metrics say it is not available rather
 * than show a zero.  The parser is pure and unit-tested (not fuzzed: the text comes from the
 * kernel, not from a guest).
 */
#pragma once

#include <glib.h>

typedef struct {
	guint16 queue;
	guint32 portid;
	guint32 pending;
	guint32 copy_mode;
	guint32 copy_range;
	guint32 queue_dropped;
	guint32 user_dropped;
	guint32 id_sequence;
} NfdQueueKernelStats;

gboolean
nfd_queue_proc_parse(const gchar *text, guint16 queue, NfdQueueKernelStats *out);

typedef struct _NfdQueueProc NfdQueueProc;

/* NULL with @error when the file cannot be opened (no nfnetlink_queue, or not root) */
NfdQueueProc *
nfd_queue_proc_open(const gchar *path, GError **error);
void
nfd_queue_proc_free(NfdQueueProc *self);
/* the file's current text, or NULL */
gchar *
nfd_queue_proc_read(NfdQueueProc *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdQueueProc, nfd_queue_proc_free)
