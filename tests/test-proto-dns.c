/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of nfd_proto_dns_decode_list() (SDK 1.1): it reads back what
 * nfd_proto_dns_encode_list() writes, compressed or not, and refuses every malformed list
 * (truncated labels, forward or looping pointers, pointers where they are not allowed).
 */
#include <string.h>

#include "nfd-proto.h"

static gchar *
roundtrip(gboolean compress)
{
	const gchar *names[] = {"example.org", "eng.example.org", "a.b", NULL};
	guint8 wire[256];
	gssize n = nfd_proto_dns_encode_list(names, compress, wire, sizeof(wire));
	GString *out = g_string_new(NULL);

	g_assert_cmpint(n, >, 0);
	g_assert_true(nfd_proto_dns_decode_list(wire, (gsize)n, compress, out));
	return g_string_free(out, FALSE);
}

static void
test_roundtrip_plain(void)
{
	g_autofree gchar *text = roundtrip(FALSE);

	g_assert_cmpstr(text, ==, "example.org, eng.example.org, a.b");
}

static void
test_roundtrip_compressed(void)
{
	g_autofree gchar *text = roundtrip(TRUE);

	g_assert_cmpstr(text, ==, "example.org, eng.example.org, a.b");
}

static void
test_refuses(void)
{
	static const struct {
		const gchar *wire;
		gsize len;
		gboolean compress;
	} bad[] = {
	    {"\x03"
	     "ab",
	     3,
	     FALSE}, /* label past the end */
	    {"\x03"
	     "abc",
	     4,
	     FALSE},		   /* no root label */
	    {"\xc0\x00", 2, TRUE}, /* a pointer to itself */
	    {"\x01"
	     "a\x00\xc0\x04",
	     5,
	     TRUE}, /* a forward pointer */
	    {"\x01"
	     "a\x00\xc0\x00",
	     5,
	     FALSE}, /* a pointer where none may be */
	    {"\x40"
	     "a",
	     2,
	     FALSE}, /* a 64-octet label */
	};

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GString) out = g_string_new(NULL);
		if (nfd_proto_dns_decode_list((const guint8 *)bad[i].wire,
					      bad[i].len,
					      bad[i].compress,
					      out))
			g_error("accepted bad list #%u", i);
	}
}

static void
test_escapes(void)
{
	g_autoptr(GString) out = g_string_new(NULL);

	g_assert_true(nfd_proto_dns_decode_list((const guint8 *)"\x03"
								"a b\x00",
						5,
						FALSE,
						out));
	g_assert_cmpstr(out->str, ==, "a\\x20b");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/proto/dns-decode/roundtrip-plain", test_roundtrip_plain);
	g_test_add_func("/nfd/proto/dns-decode/roundtrip-compressed", test_roundtrip_compressed);
	g_test_add_func("/nfd/proto/dns-decode/refuses", test_refuses);
	g_test_add_func("/nfd/proto/dns-decode/escapes", test_escapes);
	return g_test_run();
}
