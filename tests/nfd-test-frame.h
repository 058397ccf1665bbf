/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test support: a captured Ethernet + IPv6 frame from a plugin's tests/data/ (the ra and ndp
 * tests), split into the fields their parsers take, with the ICMPv6 checksum check.
 */
#pragma once

#include <netinet/in.h>

#include <glib.h>

typedef struct {
	guint8 frame[256];
	gsize len;
	guint8 *l4;
	gsize l4_len;
	struct in6_addr src;
	struct in6_addr dst;
	guint8 hop_limit;
} NfdTestFrame;

/* loads G_TEST_SRCDIR/tests/data/@name, which must carry at least @min_l4 ICMPv6 bytes */
void
nfd_test_frame_load(NfdTestFrame *f, const gchar *name, gsize min_l4);
gboolean
nfd_test_frame_checksum_ok(const NfdTestFrame *f);
