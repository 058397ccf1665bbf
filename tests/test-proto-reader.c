/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of nfd_reader_nd_option() (SDK 1.1), the Neighbor Discovery option walker the
 * ndp and ra plugins share: it yields each option of a well-formed list whole, and refuses,
 * leaving the reader exhausted, an option of length 0 or one that runs past the data (RFC
 * 4861 §4.6, §6.1.1, §7.1.1).
 */
#include "nfd-proto.h"

/* two options captured on a tap (plugins/ndp/tests/data): the Source Link-Layer Address of
 * ns-ndisc6-gateway6.bin (type 1, length 1) followed by the Nonce of ns-dad-kernel-ll.bin
 * (RFC 7527, type 14, length 1) */
static const guint8 ns_options[] = {0x01,
				    0x01,
				    0x52,
				    0x54,
				    0x00,
				    0x00,
				    0x00,
				    0x01,
				    0x0e,
				    0x01,
				    0xf6,
				    0xa6,
				    0x64,
				    0x83,
				    0xf8,
				    0x2f};

static void
test_walks(void)
{
	NfdReader r;
	const guint8 *opt = NULL;
	gsize len = 0;

	nfd_reader_init(&r, ns_options, sizeof(ns_options));
	g_assert_true(nfd_reader_nd_option(&r, &opt, &len));
	g_assert_true(opt == ns_options);
	g_assert_cmpuint(len, ==, 8);
	g_assert_true(nfd_reader_nd_option(&r, &opt, &len));
	g_assert_cmpuint(opt[0], ==, 14);
	g_assert_cmpuint(len, ==, 8);
	g_assert_cmpuint(r.rem, ==, 0);
}

static void
test_refuses_zero_length(void)
{
	guint8 bad[sizeof(ns_options)];
	NfdReader r;
	const guint8 *opt = NULL;
	gsize len = 0;

	memcpy(bad, ns_options, sizeof(bad));
	bad[9] = 0;
	nfd_reader_init(&r, bad, sizeof(bad));
	g_assert_true(nfd_reader_nd_option(&r, &opt, &len));
	g_assert_false(nfd_reader_nd_option(&r, &opt, &len));
	g_assert_cmpuint(r.rem, ==, 0);
}

static void
test_refuses_overrun(void)
{
	NfdReader r;
	const guint8 *opt = NULL;
	gsize len = 0;

	/* the nonce option cut to 7 octets */
	nfd_reader_init(&r, ns_options + 8, 7);
	g_assert_false(nfd_reader_nd_option(&r, &opt, &len));
	g_assert_null(opt);
	g_assert_cmpuint(r.rem, ==, 0);
}

static void
test_refuses_lone_octet(void)
{
	NfdReader r;
	const guint8 *opt = NULL;
	gsize len = 0;

	nfd_reader_init(&r, ns_options, 1);
	g_assert_false(nfd_reader_nd_option(&r, &opt, &len));
	g_assert_cmpuint(r.rem, ==, 0);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/proto/nd-option/walks", test_walks);
	g_test_add_func("/nfd/proto/nd-option/refuses-zero-length", test_refuses_zero_length);
	g_test_add_func("/nfd/proto/nd-option/refuses-overrun", test_refuses_overrun);
	g_test_add_func("/nfd/proto/nd-option/refuses-lone-octet", test_refuses_lone_octet);
	return g_test_run();
}
