/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test support: captured IPv6 frames (see the header).
 */
#include <string.h>

#include "nfd-proto-private.h"
#include "nfd-test-frame.h"

void
nfd_test_frame_load(NfdTestFrame *f, const gchar *name, gsize min_l4)
{
	g_autofree gchar *path = g_test_build_filename(G_TEST_DIST, "tests", "data", name, NULL);
	g_autofree gchar *data = NULL;
	gsize len = 0;
	g_autoptr(GError) error = NULL;

	g_assert_true(g_file_get_contents(path, &data, &len, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(len, >=, 14 + 40 + min_l4);
	g_assert_cmpuint(len, <=, sizeof(f->frame));
	memcpy(f->frame, data, len);
	f->len = len;
	/* Ethernet (14) + IPv6 (40): hop limit at 7, source at 8, destination at 24 */
	f->hop_limit = f->frame[14 + 7];
	memcpy(&f->src, f->frame + 14 + 8, 16);
	memcpy(&f->dst, f->frame + 14 + 24, 16);
	f->l4 = f->frame + 54;
	f->l4_len = (gsize)(f->frame[14 + 4] << 8 | f->frame[14 + 5]);
	g_assert_cmpuint(f->l4_len, ==, len - 54);
}

gboolean
nfd_test_frame_checksum_ok(const NfdTestFrame *f)
{
	return nfd_proto_ip6_l4_checksum(&f->src, &f->dst, IPPROTO_ICMPV6, f->l4, f->l4_len) == 0;
}
