/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test support: NFQUEUE netlink messages built and decoded in userspace, so the queue and
 * dispatch code runs without a kernel (test-dispatch, fuzz-packet).
 */
#pragma once

#include <glib.h>

/* appends one NFQNL_MSG_PACKET to buf at *len; payload NULL means no NFQA_PAYLOAD */
void
nfd_test_nfq_put_packet(guint8 *buf,
			gsize *len,
			guint16 queue,
			guint32 id,
			guint32 indev,
			guint32 physindev,
			const guint8 *mac,
			const guint8 *payload,
			gsize plen,
			gboolean with_hdr);

/* calls func(id, verdict, user_data) for every packet a verdict message in buf answers, as
 * the kernel applies them: @pending (guint32 ids, in the order the packets were queued) is the
 * kernel's queue of packets waiting for a verdict.  A NFQNL_MSG_VERDICT names one id (func is
 * called even when it is not pending, so a second verdict is seen); a NFQNL_MSG_VERDICT_BATCH
 * answers every pending id up to and including its own.  Answered ids leave @pending. */
void
nfd_test_nfq_foreach_verdict(const guint8 *buf,
			     gsize len,
			     GArray *pending,
			     void (*func)(guint32 id, guint32 verdict, gpointer user_data),
			     gpointer user_data);
