/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the dhcp4 plugin's explain code (nfd-dhcp4-explain.c): the DISCOVER it builds
 * is one the handler answers as it answers a real client (the PRL decides the options, as
 * for captured udhcpc), and the decoder shows a reply's fields and options by name, with
 * split options rejoined (RFC 3396).
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-dhcp4-test.h"
#include "nfd-fields-private.h"

static const gchar *const routed[] = {"ROUTES", "10.0.0.0/8 via 198.51.100.1", NULL};

/* the DISCOVER explain builds, answered by the handler, decoded */
static NfdFields *
offer(const gchar *const *kv, const guint8 *prl, gsize n, Run **run)
{
	g_autoptr(Run) r = run_new(kv);
	guint8 msg[600];
	gsize len = nfd_dhcp4_explain_discover(msg, sizeof(msg), vm_mac, prl, n, 0x01020304);
	NfdFields *fields = nfd_fields_new();

	g_assert_cmpuint(len, >, NFD_DHCP4_HEADER_LEN);
	g_assert_cmpint(run_msg(r, vm_mac, msg, len), ==, NFD_VERDICT_REPLY);
	nfd_dhcp4_explain_decode(r->buf, r->out.len, fields);
	*run = g_steal_pointer(&r);
	return fields;
}

static void
test_discover_is_answered(void)
{
	Run *r = NULL;
	g_autoptr(NfdFields) f = offer(NULL, NULL, 0, &r);

	g_assert_cmpuint(r->out.request_type, ==, NFD_DHCP4_DISCOVER);
	g_assert_cmpuint(r->out.reply_type, ==, NFD_DHCP4_OFFER);
	g_assert_cmpstr(nfd_fields_lookup(f, "op"), ==, "BOOTREPLY");
	g_assert_cmpstr(nfd_fields_lookup(f, "xid"), ==, "0x01020304");
	g_assert_cmpstr(nfd_fields_lookup(f, "yiaddr"), ==, "198.51.100.10");
	g_assert_cmpstr(nfd_fields_lookup(f, "chaddr"), ==, "52:54:00:00:00:01");
	g_assert_cmpstr(nfd_fields_lookup(f, "option 53 message-type"), ==, "OFFER");
	g_assert_cmpstr(nfd_fields_lookup(f, "option 1 subnet-mask"), ==, "255.255.255.0");
	run_clear(r);
}

static void
test_request_list_decides(void)
{
	/* as with a real client: asking for 121 withholds option 3 (RFC 3442 §2) */
	static const guint8 without[] = {1, 3};
	static const guint8 with[] = {1, 3, 121};
	Run *r1 = NULL;
	Run *r2 = NULL;
	g_autoptr(NfdFields) f1 = offer(NULL, without, sizeof(without), &r1);
	g_autoptr(NfdFields) f2 = offer(NULL, with, sizeof(with), &r2);

	g_assert_cmpstr(nfd_fields_lookup(f1, "option 3 router"), ==, "198.51.100.1");
	g_assert_null(nfd_fields_lookup(f2, "option 3 router"));
	run_clear(r1);
	run_clear(r2);
}

static void
test_routes_decoded(void)
{
	static const guint8 prl[] = {1, 3, 121};
	Run *r = NULL;
	g_autoptr(NfdFields) f = offer(routed, prl, sizeof(prl), &r);

	/* RFC 3442 §3: the configured route, the binding's, the default route last */
	g_assert_cmpstr(nfd_fields_lookup(f, "option 121 classless-static-routes"),
			==,
			"169.254.169.254/32 via 198.51.100.1, 10.0.0.0/8 via 198.51.100.1, "
			"0.0.0.0/0 via 198.51.100.1");
	run_clear(r);
}

static void
test_decode_request(void)
{
	static const guint8 prl[] = {1, 3, 6, 121};
	guint8 msg[600];
	gsize len = nfd_dhcp4_explain_discover(msg, sizeof(msg), vm_mac, prl, sizeof(prl), 7);
	g_autoptr(NfdFields) f = nfd_fields_new();

	nfd_dhcp4_explain_decode(msg, len, f);
	g_assert_cmpstr(nfd_fields_lookup(f, "op"), ==, "BOOTREQUEST");
	g_assert_cmpstr(nfd_fields_lookup(f, "option 53 message-type"), ==, "DISCOVER");
	g_assert_cmpstr(nfd_fields_lookup(f, "option 55 parameter-request-list"), ==, "1,3,6,121");
	g_assert_cmpstr(nfd_fields_lookup(f, "option 61 client-identifier"),
			==,
			"01:52:54:00:00:00:01");
}

static void
test_decode_joins_split_option(void)
{
	/* option 15 split in two instances (RFC 3396 §6), a truncated third option */
	guint8 msg[NFD_DHCP4_HEADER_LEN + 16] = {2, 1, 6};
	g_autoptr(NfdFields) f = nfd_fields_new();

	memcpy(msg + 236, "\x63\x82\x53\x63", 4);
	memcpy(msg + 240,
	       "\x0f\x03"
	       "exa"
	       "\x0f\x04"
	       "mple"
	       "\x03\x08\x01",
	       14);
	nfd_dhcp4_explain_decode(msg, sizeof(msg) - 2, f);
	g_assert_cmpstr(nfd_fields_lookup(f, "option 15 domain-name"), ==, "example");
	g_assert_cmpstr(nfd_fields_lookup(f, "options"), ==, "truncated");
}

static void
test_decode_short(void)
{
	g_autoptr(NfdFields) f = nfd_fields_new();

	nfd_dhcp4_explain_decode((const guint8 *)"\x02\x01", 2, f);
	g_assert_cmpstr(nfd_fields_lookup(f, "dhcp"), ==, "truncated: 2 bytes");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/dhcp4/explain/discover-is-answered", test_discover_is_answered);
	g_test_add_func("/nfd/dhcp4/explain/request-list-decides", test_request_list_decides);
	g_test_add_func("/nfd/dhcp4/explain/routes-decoded", test_routes_decoded);
	g_test_add_func("/nfd/dhcp4/explain/decode-request", test_decode_request);
	g_test_add_func("/nfd/dhcp4/explain/decode-joins-split-option",
			test_decode_joins_split_option);
	g_test_add_func("/nfd/dhcp4/explain/decode-short", test_decode_short);
	return g_test_run();
}
