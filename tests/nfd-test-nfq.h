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

/* calls func(id, verdict, user_data) for every verdict message in buf */
void
nfd_test_nfq_foreach_verdict(const guint8 *buf,
			     gsize len,
			     void (*func)(guint32 id, guint32 verdict, gpointer user_data),
			     gpointer user_data);
