/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the DHCPv4 protocol code over real client frames and hand-built ones.
 *
 * The files in tests/data/ are UDP payloads of requests captured on 2026-11-26 with tcpdump on the
 * host end ("tap1", 198.51.100.1/24) of a veth pair inside `unshare --net --mount`, the guest
 * end (52:54:00:00:00:01) in a private netns, served by dnsmasq 2.90 so that the clients went
 * through DORA: busybox 1.35 `udhcpc -O mtu -O staticroutes -O search`, ISC dhclient 4.4.3
 * (first run, then a second run with the lease file: INIT-REBOOT) and dhcpcd 9.4.1 (Debian's
 * /etc/dhcpcd.conf).  The Windows-style PRL is hand-built: it is the list Windows 10/11 sends
 * (1 3 6 15 31 33 43 44 46 47 119 121 249 252), as shown by dnsmasq/Kea logs of such clients.
 * The reply is read back with a parser written here, independent of the code under test.
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-config-legacy.h"
#include "nfd-dhcp4-test.h"
#include "nfd-proto.h"

/* ---- captured clients ---- */

static void
test_udhcpc_discover_offer(void)
{
	g_autoptr(Run) r = run_new(NULL);
	Opt o;

	g_assert_cmpint(run_file(r, "udhcpc-discover.bin"), ==, NFD_VERDICT_REPLY);
	g_assert_cmpuint(r->out.reply_type, ==, NFD_DHCP4_OFFER);
	g_assert_cmpuint(r->buf[0], ==, 2);
	g_assert_cmpmem(r->buf + 4, 4, "\x34\x23\xc4\x10", 4);
	g_assert_cmpuint(field32(r, 16), ==, ip("198.51.100.10"));
	g_assert_cmpmem(r->buf + 28, 6, vm_mac, 6);
	g_assert_true(reply_opt(r, 53, &o));
	g_assert_cmpuint(o.data[0], ==, 2);
}

static void
test_udhcpc_option_order(void)
{
	g_autoptr(Run) r = run_new(NULL);
	g_autoptr(GArray) order = NULL;
	/* 53 54, then udhcpc's PRL 1 3 6 12 15 26 28 42 119 121 (3 withheld: 121 was asked for),
	 * then the rest, then 61 */
	const guint8 want[] = {53, 54, 1, 6, 12, 15, 26, 28, 42, 119, 121, 51, 58, 59, 61};

	run_file(r, "udhcpc-discover.bin");
	order = main_order(r);
	g_assert_cmpmem(order->data, order->len, want, sizeof(want));
}

static void
test_dhclient_option_order(void)
{
	g_autoptr(Run) r = run_new(NULL);
	g_autoptr(GArray) order = NULL;
	/* dhclient's PRL: 1 28 2 3 15 6 119 12 44 47 26 121 42 (2, 44, 47 unknown to us; 3
	 * withheld: 121 was asked for) */
	const guint8 want[] = {53, 54, 1, 28, 15, 6, 119, 12, 26, 121, 42, 51, 58, 59};

	run_file(r, "dhclient-discover.bin");
	order = main_order(r);
	g_assert_cmpmem(order->data, order->len, want, sizeof(want));
}

static void
test_dhclient_select_ack(void)
{
	g_autoptr(Run) r = run_new(NULL);

	g_assert_cmpint(run_file(r, "dhclient-request.bin"), ==, NFD_VERDICT_REPLY);
	g_assert_cmpuint(r->out.reply_type, ==, NFD_DHCP4_ACK);
	g_assert_cmpuint(field32(r, 16), ==, ip("198.51.100.10"));
	g_assert_cmpuint(field32(r, 12), ==, 0);
}

static void
test_dhcpcd_request_ack_client_id(void)
{
	g_autoptr(Run) r = run_new(NULL);
	const guint8 cid[] =
	    {0xff, 0, 0, 0, 1, 0, 1, 0, 1, 0x32, 0x9a, 0x61, 0xaf, 0x52, 0x54, 0, 0, 0, 1};

	g_assert_cmpint(run_file(r, "dhcpcd-request.bin"), ==, NFD_VERDICT_REPLY);
	g_assert_cmpuint(r->out.reply_type, ==, NFD_DHCP4_ACK);
	/* RFC 6842 */
	assert_opt(r, 61, cid, sizeof(cid));
}

static void
test_dhcpcd_max_size(void)
{
	g_autoptr(Run) r = run_new(NULL);
	g_autoptr(GBytes) bytes = load("dhcpcd-discover.bin");
	const gchar *search[] = {"a123456789012345678901234567890.example.org",
				 "b123456789012345678901234567890.example.org",
				 "c123456789012345678901234567890.example.org",
				 "d123456789012345678901234567890.example.org",
				 "e123456789012345678901234567890.example.org",
				 "f123456789012345678901234567890.example.org",
				 "g123456789012345678901234567890.example.org",
				 NULL};
	gsize len;
	const guint8 *data = g_bytes_get_data(bytes, &len);

	/* a 1472-octet maximum (option 57) leaves room for what 576 would not */
	g_assert_true(nfd_dhcp4_config_set_domain_search(&r->cfg, search, NULL));
	run_msg(r, NULL, data, len);
	g_assert_cmpuint(r->out.n_trimmed, ==, 0);
	g_assert_cmpuint(r->out.len, >, 548);
	g_assert_cmpuint(r->out.len, <=, 1472 - 28);
}

static void
test_windows_prl(void)
{
	g_autoptr(Run) r = run_new(NULL);
	g_autoptr(GArray) order = NULL;
	const guint8 prl[] = {55, 14, 1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252};
	const guint8 want[] = {53, 54, 1, 6, 15, 119, 121, 249, 12, 26, 28, 42, 51, 58, 59};
	guint8 msg[600];
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, prl, sizeof(prl));
	Opt a, b;

	run_msg(r, NULL, msg, len);
	order = main_order(r);
	g_assert_cmpmem(order->data, order->len, want, sizeof(want));
	g_assert_true(reply_opt(r, 121, &a));
	g_assert_true(reply_opt(r, 249, &b));
	g_assert_cmpmem(a.data, a.len, b.data, b.len);
}

static void
test_no_249_unless_requested(void)
{
	g_autoptr(Run) r = run_new(NULL);
	run_file(r, "udhcpc-discover.bin");
	assert_no_opt(r, 249);
}

static void
test_reply_padded(void)
{
	const gchar *kv[] = {"HOSTNAME", "", "PRIVATE", "1", NULL};
	g_autoptr(Run) r = run_new(kv);
	guint8 msg[600];
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, NULL, 0);

	r->cfg.n_nameservers = 0;
	r->cfg.n_ntp_servers = 0;
	r->cfg.search_len = 0;
	r->cfg.n_routes = 0;
	run_msg(r, NULL, msg, len);
	/* 284 octets of message, padded with zeros after the end option (RFC 1542 §3.2.1) */
	g_assert_cmpuint(r->out.len, ==, 300);
	g_assert_cmpuint(r->buf[283], ==, 255);
	g_assert_cmpuint(r->buf[299], ==, 0);
}

/* ---- option bytes ---- */

static void
test_opt_mask(void)
{
	g_autoptr(Run) r = run_new(NULL);
	run_file(r, "udhcpc-discover.bin");
	assert_opt(r, 1, "\xff\xff\xff\x00", 4);
}

static void
test_opt_router(void)
{
	g_autoptr(Run) r = run_new(NULL);
	const guint8 prl[] = {55, 3, 1, 3, 6};
	guint8 msg[600];
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, prl, sizeof(prl));

	/* a client that did not ask for 121 gets option 3 (and 121 all the same) */
	run_msg(r, NULL, msg, len);
	assert_opt(r, 3, "\xc6\x33\x64\x01", 4);
}

static void
test_opt_dns_one_option(void)
{
	g_autoptr(Run) r = run_new(NULL);
	Opt o;
	run_file(r, "udhcpc-discover.bin");
	g_assert_true(reply_opt(r, 6, &o));
	g_assert_cmpuint(o.instances, ==, 1);
	g_assert_cmpmem(o.data, o.len, "\xcb\x00\x71\x35\xcb\x00\x71\x36", 8);
}

static void
test_opt_hostname(void)
{
	g_autoptr(Run) r = run_new(NULL);
	run_file(r, "udhcpc-discover.bin");
	assert_opt(r, 12, "vm1.example.org", 15);
}

static void
test_opt_domain_from_hostname(void)
{
	g_autoptr(Run) r = run_new(NULL);
	run_file(r, "udhcpc-discover.bin");
	assert_opt(r, 15, "example.org", 11);
}

static void
test_opt_domain_dotless_hostname(void)
{
	const gchar *kv[] = {"HOSTNAME", "vm1", NULL};
	g_autoptr(Run) r = run_new(kv);
	run_file(r, "udhcpc-discover.bin");
	assert_no_opt(r, 15);
}

static void
test_opt_domain_config(void)
{
	g_autoptr(Run) r = run_new(NULL);
	r->cfg.domain = g_strdup("cloud.example.net");
	run_file(r, "udhcpc-discover.bin");
	assert_opt(r, 15, "cloud.example.net", 17);
}

static void
test_opt_mtu_binding(void)
{
	g_autoptr(Run) r = run_new(NULL);
	r->cfg.mtu = 9000;
	run_file(r, "udhcpc-discover.bin");
	assert_opt(r, 26, "\x05\xaa", 2);
}

static void
test_opt_mtu_config(void)
{
	const gchar *kv[] = {"MTU", "", NULL};
	g_autoptr(Run) r = run_new(kv);
	r->cfg.mtu = 1400;
	run_file(r, "udhcpc-discover.bin");
	assert_opt(r, 26, "\x05\x78", 2);
}

static void
test_opt_mtu_none(void)
{
	const gchar *kv[] = {"MTU", "", NULL};
	g_autoptr(Run) r = run_new(kv);
	run_file(r, "udhcpc-discover.bin");
	assert_no_opt(r, 26);
}

static void
test_opt_broadcast(void)
{
	g_autoptr(Run) r = run_new(NULL);
	run_file(r, "udhcpc-discover.bin");
	assert_opt(r, 28, "\xc6\x33\x64\xff", 4);
}

static void
test_opt_ntp(void)
{
	g_autoptr(Run) r = run_new(NULL);
	run_file(r, "udhcpc-discover.bin");
	assert_opt(r, 42, "\xcb\x00\x71\x7b", 4);
}

static void
test_opt_lease_times(void)
{
	g_autoptr(Run) r = run_new(NULL);
	run_file(r, "udhcpc-discover.bin");
	assert_opt(r, 51, "\x00\x00\x0e\x10", 4); /* 3600 */
	assert_opt(r, 58, "\x00\x00\x07\x08", 4); /* 1800 */
	assert_opt(r, 59, "\x00\x00\x0c\x4e", 4); /* 3150 */
}

static void
test_opt_server_id_gateway(void)
{
	g_autoptr(Run) r = run_new(NULL);
	run_file(r, "udhcpc-discover.bin");
	assert_opt(r, 54, "\xc6\x33\x64\x01", 4);
	g_assert_cmpuint(r->out.src_ip.s_addr, ==, ip("198.51.100.1"));
}

static void
test_opt_server_id_config(void)
{
	g_autoptr(Run) r = run_new(NULL);
	r->cfg.server_on_link = FALSE;
	r->cfg.has_server_ip = TRUE;
	inet_pton(AF_INET, "203.0.113.1", &r->cfg.server_ip);
	run_file(r, "udhcpc-discover.bin");
	assert_opt(r, 54, "\xcb\x00\x71\x01", 4);
}

static void
test_opt_server_id_first_host(void)
{
	const gchar *kv[] = {"GATEWAY", "", NULL};
	g_autoptr(Run) r = run_new(kv);
	run_file(r, "udhcpc-discover.bin");
	assert_opt(r, 54, "\xc6\x33\x64\x01", 4);
	assert_no_opt(r, 3);
}

static void
test_no_server_id_drops(void)
{
	g_autoptr(Run) r = run_new(NULL);
	r->cfg.server_on_link = FALSE;
	g_assert_cmpint(run_file(r, "udhcpc-discover.bin"), ==, NFD_VERDICT_DROP);
	g_assert_cmpint(r->out.reason, ==, NFD_DHCP4_REASON_NO_SERVER_ID);
}

static void
test_opt_domain_search(void)
{
	g_autoptr(Run) r = run_new(NULL);
	run_file(r, "udhcpc-discover.bin");
	/* RFC 3397 §2: the second name ends in a pointer to offset 0 */
	assert_opt(r,
		   119,
		   "\x07"
		   "example\x03org\x00\x03"
		   "eng\xc0\x00",
		   19);
}

static void
test_opt_classless_routes(void)
{
	const gchar *kv[] = {"ROUTES", "10.0.0.0/8 via 198.51.100.254", NULL};
	g_autoptr(Run) r = run_new(kv);
	run_file(r, "udhcpc-discover.bin");
	/* RFC 3442 §2: the config route, then the binding's, then default via GATEWAY */
	assert_opt(r,
		   121,
		   "\x20\xa9\xfe\xa9\xfe\xc6\x33\x64\x01"
		   "\x08\x0a\xc6\x33\x64\xfe"
		   "\x00\xc6\x33\x64\x01",
		   20);
}

static void
test_opt_classless_routes_private(void)
{
	const gchar *kv[] = {"PRIVATE", "1", NULL};
	g_autoptr(Run) r = run_new(kv);
	run_file(r, "udhcpc-discover.bin");
	assert_no_opt(r, 3);
	assert_opt(r, 121, "\x20\xa9\xfe\xa9\xfe\xc6\x33\x64\x01", 9);
}

static void
test_opt_classless_bad_binding_routes(void)
{
	const gchar *kv[] = {"ROUTES", "10.0.0.1/8 via 198.51.100.254,nonsense", NULL};
	g_autoptr(Run) r = run_new(kv);
	run_file(r, "udhcpc-discover.bin");
	g_assert_cmpuint(r->out.bad_binding_keys, ==, NFD_DHCP4_BAD_ROUTES);
	assert_opt(r, 121, "\x20\xa9\xfe\xa9\xfe\xc6\x33\x64\x01\x00\xc6\x33\x64\x01", 14);
}

static void
test_opt_network_boot(void)
{
	g_autoptr(Run) r = run_new(NULL);
	r->cfg.tftp_server = g_strdup("198.51.100.1");
	r->cfg.boot_file = g_strdup("pxelinux.0");
	r->cfg.has_next_server = TRUE;
	inet_pton(AF_INET, "198.51.100.2", &r->cfg.next_server);
	run_file(r, "udhcpc-discover.bin");
	assert_opt(r, 66, "198.51.100.1", 12);
	assert_opt(r, 67, "pxelinux.0", 10);
	g_assert_cmpuint(field32(r, 20), ==, ip("198.51.100.2"));
	g_assert_cmpstr((const gchar *)r->buf + 108, ==, "pxelinux.0");
}

/* ---- RFC 3396 / overload / trimming ---- */

static void
test_long_option_split(void)
{
	g_autoptr(Run) r = run_new(NULL);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	guint8 want[NFD_DHCP4_MAX_SEARCH];
	gssize want_len;
	Opt o;

	for (guint i = 0; i < 12; i++)
		g_ptr_array_add(names,
				g_strdup_printf("zone%02u-abcdefghijklmnop.example%02u.org", i, i));
	g_ptr_array_add(names, NULL);
	g_assert_true(
	    nfd_dhcp4_config_set_domain_search(&r->cfg, (const gchar *const *)names->pdata, NULL));
	want_len =
	    nfd_proto_dns_encode_list((const gchar *const *)names->pdata, TRUE, want, sizeof(want));
	g_assert_cmpint(want_len, >, 255);
	/* dhcpcd allows 1472 octets, so no trimming: the option is split in two instances */
	run_file(r, "dhcpcd-discover.bin");
	g_assert_true(reply_opt(r, 119, &o));
	g_assert_cmpuint(o.instances, ==, 2);
	g_assert_cmpmem(o.data, o.len, want, want_len);
}

static void
test_overload_used(void)
{
	g_autoptr(Run) r = run_new(NULL);
	g_autoptr(GPtrArray) routes = g_ptr_array_new_with_free_func(g_free);
	Opt o;

	/* 30 /24 routes (8 octets each) push the options past the 308 octets left by 576 */
	for (guint i = 0; i < 30; i++)
		g_ptr_array_add(routes, g_strdup_printf("10.0.%u.0/24 via 198.51.100.1", i));
	g_ptr_array_add(routes, NULL);
	g_assert_true(
	    nfd_dhcp4_config_set_routes(&r->cfg, (const gchar *const *)routes->pdata, NULL));
	run_file(r, "udhcpc-discover.bin");
	g_assert_cmpuint(r->out.len, <=, 548);
	g_assert_true(reply_opt(r, 52, &o));
	g_assert_cmpuint(r->out.n_trimmed, ==, 0);
	g_assert_true(reply_opt(r, 121, &o));
	/* set_routes replaced the metadata route: default + 30 */
	g_assert_cmpuint(o.len, ==, 5 + 30 * 8);
	g_assert_true(reply_opt(r, 42, &o));
}

static void
test_trim_least_important(void)
{
	g_autoptr(Run) r = run_new(NULL);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	Opt o;

	/* ~500 octets of search list cannot fit in 548 with the rest: 119 goes first */
	for (guint i = 0; i < 12; i++)
		g_ptr_array_add(names,
				g_strdup_printf("zone%02u-abcdefghijklmnop.example%02u.org", i, i));
	g_ptr_array_add(names, NULL);
	g_assert_true(
	    nfd_dhcp4_config_set_domain_search(&r->cfg, (const gchar *const *)names->pdata, NULL));
	run_file(r, "udhcpc-discover.bin");
	g_assert_cmpuint(r->out.len, <=, 548);
	g_assert_cmpuint(r->out.n_trimmed, >, 0);
	assert_no_opt(r, 119);
	g_assert_true(reply_opt(r, 121, &o));
	g_assert_true(reply_opt(r, 51, &o));
	g_assert_true(reply_opt(r, 1, &o));
	g_assert_true(reply_opt(r, 12, &o));
}

static void
test_request_overload_parsed(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	const guint8 opts[] = {52, 1, 1};
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, opts, sizeof(opts));
	Opt o;

	/* RFC 2132 §9.3: the PRL travels in the file field */
	memcpy(msg + 108, "\x37\x02\x2a\x01\xff", 5);
	run_msg(r, NULL, msg, len);
	g_autoptr(GArray) order = main_order(r);
	g_assert_cmpuint(g_array_index(order, guint8, 2), ==, 42);
	g_assert_cmpuint(g_array_index(order, guint8, 3), ==, 1);
	g_assert_true(reply_opt(r, 42, &o));
}

static void
test_request_concatenated_prl(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	const guint8 opts[] = {55, 1, 26, 55, 1, 42};
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, opts, sizeof(opts));
	g_autoptr(GArray) order = NULL;

	/* RFC 3396 §6: two instances of 55 are one list, 26 then 42 */
	run_msg(r, NULL, msg, len);
	order = main_order(r);
	g_assert_cmpuint(g_array_index(order, guint8, 2), ==, 26);
	g_assert_cmpuint(g_array_index(order, guint8, 3), ==, 42);
}

/* ---- REQUEST states and NAK rules (RFC 2131 §4.3.2) ---- */

static void
test_selecting_foreign_server(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	const guint8 opts[] = {54, 4, 203, 0, 113, 9, 50, 4, 198, 51, 100, 10};
	gsize len = msg_build(msg, NFD_DHCP4_REQUEST, NULL, NULL, 0, opts, sizeof(opts));

	g_assert_cmpint(run_msg(r, NULL, msg, len), ==, NFD_VERDICT_DROP);
	g_assert_cmpint(r->out.reason, ==, NFD_DHCP4_REASON_FOREIGN_SERVER);
}

static void
test_selecting_wrong_address_nak(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	const guint8 opts[] = {54, 4, 198, 51, 100, 1, 50, 4, 198, 51, 100, 11};
	gsize len = msg_build(msg, NFD_DHCP4_REQUEST, NULL, NULL, 0, opts, sizeof(opts));

	g_assert_cmpint(run_msg(r, NULL, msg, len), ==, NFD_VERDICT_REPLY);
	g_assert_cmpuint(r->out.reply_type, ==, NFD_DHCP4_NAK);
}

static void
test_init_reboot_ack(void)
{
	g_autoptr(Run) r = run_new(NULL);
	g_assert_cmpint(run_file(r, "dhclient-initreboot-request.bin"), ==, NFD_VERDICT_REPLY);
	g_assert_cmpuint(r->out.reply_type, ==, NFD_DHCP4_ACK);
}

static void
test_init_reboot_wrong_nak(void)
{
	g_autoptr(Run) r = run_new(NULL);
	g_autoptr(GBytes) bytes = load("dhclient-initreboot-request.bin");
	gsize len = g_bytes_get_size(bytes);
	guint8 *msg = g_memdup2(g_bytes_get_data(bytes, NULL), len);
	guint8 *o50 = memmem(msg + 240, len - 240, "\x32\x04\xc6\x33\x64\x0a", 6);
	Opt o;

	g_assert_nonnull(o50);
	o50[5] = 0x0b; /* 198.51.100.11: moved to another host */
	run_msg(r, NULL, msg, len);
	g_free(msg);
	g_assert_cmpuint(r->out.reply_type, ==, NFD_DHCP4_NAK);
	g_assert_cmpuint(field32(r, 16), ==, 0);
	/* a NAK carries 53 and 54 only (RFC 2131 §4.3.2 table 3) */
	g_autoptr(GArray) order = main_order(r);
	g_assert_cmpmem(order->data, order->len, "\x35\x36", 2);
	g_assert_false(reply_opt(r, 51, &o));
}

static void
test_renewing_ack_unicast(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	gsize len = msg_build(msg, NFD_DHCP4_REQUEST, "198.51.100.10", NULL, 0, NULL, 0);

	g_assert_cmpint(run_msg(r, NULL, msg, len), ==, NFD_VERDICT_REPLY);
	g_assert_cmpuint(r->out.reply_type, ==, NFD_DHCP4_ACK);
	g_assert_cmpuint(field32(r, 12), ==, ip("198.51.100.10"));
	g_assert_cmpuint(r->out.dst_ip.s_addr, ==, ip("198.51.100.10"));
	g_assert_cmpmem(r->out.dst_mac, 6, vm_mac, 6);
}

static void
test_renewing_wrong_nak(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	gsize len = msg_build(msg, NFD_DHCP4_REQUEST, "198.51.100.77", NULL, 0, NULL, 0);

	run_msg(r, NULL, msg, len);
	g_assert_cmpuint(r->out.reply_type, ==, NFD_DHCP4_NAK);
	g_assert_cmpuint(r->out.dst_ip.s_addr, ==, INADDR_BROADCAST);
}

static void
test_request_without_address_nak(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	gsize len = msg_build(msg, NFD_DHCP4_REQUEST, NULL, NULL, 0, NULL, 0);

	run_msg(r, NULL, msg, len);
	g_assert_cmpuint(r->out.reply_type, ==, NFD_DHCP4_NAK);
}

/* ---- other message types ---- */

static void
test_inform_ack(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	gsize len = msg_build(msg, NFD_DHCP4_INFORM, "198.51.100.10", NULL, 0, NULL, 0);
	Opt o;

	g_assert_cmpint(run_msg(r, NULL, msg, len), ==, NFD_VERDICT_REPLY);
	g_assert_cmpuint(r->out.reply_type, ==, NFD_DHCP4_ACK);
	g_assert_cmpuint(field32(r, 16), ==, 0);
	g_assert_cmpuint(field32(r, 12), ==, ip("198.51.100.10"));
	g_assert_false(reply_opt(r, 51, &o));
	g_assert_false(reply_opt(r, 58, &o));
	g_assert_false(reply_opt(r, 59, &o));
	g_assert_true(reply_opt(r, 6, &o));
	g_assert_cmpuint(r->out.dst_ip.s_addr, ==, ip("198.51.100.10"));
}

static void
test_release_dropped(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	gsize len = msg_build(msg, NFD_DHCP4_RELEASE, "198.51.100.10", NULL, 0, NULL, 0);
	g_assert_cmpint(run_msg(r, NULL, msg, len), ==, NFD_VERDICT_DROP);
	g_assert_cmpint(r->out.reason, ==, NFD_DHCP4_REASON_RELEASE);
}

static void
test_decline_dropped(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	gsize len = msg_build(msg, NFD_DHCP4_DECLINE, NULL, NULL, 0, NULL, 0);
	g_assert_cmpint(run_msg(r, NULL, msg, len), ==, NFD_VERDICT_DROP);
	g_assert_cmpint(r->out.reason, ==, NFD_DHCP4_REASON_DECLINE);
}

static void
test_unsupported_type_dropped(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	gsize len = msg_build(msg, NFD_DHCP4_OFFER, NULL, NULL, 0, NULL, 0);
	g_assert_cmpint(run_msg(r, NULL, msg, len), ==, NFD_VERDICT_DROP);
	g_assert_cmpint(r->out.reason, ==, NFD_DHCP4_REASON_UNSUPPORTED);
}

/* ---- binding checks ---- */

static void
test_spoofed_chaddr_dropped(void)
{
	const gchar *kv[] = {"MAC", "52:54:00:00:00:99", NULL};
	g_autoptr(Run) r = run_new(kv);
	g_assert_cmpint(run_file(r, "udhcpc-discover.bin"), ==, NFD_VERDICT_DROP);
	g_assert_cmpint(r->out.reason, ==, NFD_DHCP4_REASON_SPOOFED);
}

static void
test_macspoof_allowed(void)
{
	const gchar *kv[] = {"MAC", "52:54:00:00:00:99", "MACSPOOF", "1", NULL};
	g_autoptr(Run) r = run_new(kv);
	g_assert_cmpint(run_file(r, "udhcpc-discover.bin"), ==, NFD_VERDICT_REPLY);
	/* the reply goes to the chaddr, not to the binding's MAC */
	g_assert_cmpmem(r->out.dst_mac, 6, vm_mac, 6);
}

static void
test_no_ip_dropped(void)
{
	const gchar *kv[] = {"IP", "", NULL};
	g_autoptr(Run) r = run_new(kv);
	g_assert_cmpint(run_file(r, "udhcpc-discover.bin"), ==, NFD_VERDICT_DROP);
	g_assert_cmpint(r->out.reason, ==, NFD_DHCP4_REASON_NO_IP);
}

/* ---- malformed input ---- */

static void
check_reason(guint8 *msg, gsize len, NfdDhcp4Reason reason)
{
	g_autoptr(Run) r = run_new(NULL);
	g_assert_cmpint(run_msg(r, NULL, msg, len), ==, NFD_VERDICT_DROP);
	g_assert_cmpint(r->out.reason, ==, reason);
	g_assert_cmpuint(r->out.len, ==, 0);
}

static void
test_malformed_short(void)
{
	guint8 msg[600];
	msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, NULL, 0);
	check_reason(msg, 239, NFD_DHCP4_REASON_MALFORMED);
}

static void
test_malformed_truncated_option(void)
{
	guint8 msg[600];
	msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, NULL, 0);
	msg[243] = 55;
	msg[244] = 20;
	check_reason(msg, 250, NFD_DHCP4_REASON_MALFORMED);
}

static void
test_malformed_bootreply(void)
{
	guint8 msg[600];
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, NULL, 0);
	msg[0] = 2;
	check_reason(msg, len, NFD_DHCP4_REASON_MALFORMED);
}

static void
test_not_ethernet(void)
{
	guint8 msg[600];
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, NULL, 0);
	msg[1] = 6;
	check_reason(msg, len, NFD_DHCP4_REASON_NOT_ETHERNET);
}

static void
test_plain_bootp(void)
{
	guint8 msg[600];
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, NULL, 0);
	msg[240] = 0; /* message type becomes pad: no option 53 */
	msg[241] = 0;
	msg[242] = 0;
	check_reason(msg, len, NFD_DHCP4_REASON_BOOTP);
}

static void
test_bad_cookie(void)
{
	guint8 msg[600];
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, NULL, 0);
	msg[236] = 0;
	check_reason(msg, len, NFD_DHCP4_REASON_BOOTP);
}

/* ---- addressing (RFC 2131 §4.1) ---- */

static void
test_addr_unicast_yiaddr(void)
{
	g_autoptr(Run) r = run_new(NULL);
	run_file(r, "udhcpc-discover.bin");
	g_assert_cmpuint(r->out.dst_ip.s_addr, ==, ip("198.51.100.10"));
	g_assert_cmpmem(r->out.dst_mac, 6, vm_mac, 6);
	g_assert_cmpuint(r->out.dst_port, ==, 68);
}

static void
test_addr_broadcast_flag(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0x8000, NULL, 0);
	run_msg(r, NULL, msg, len);
	g_assert_cmpuint(r->out.dst_ip.s_addr, ==, INADDR_BROADCAST);
	g_assert_cmpmem(r->out.dst_mac, 6, "\xff\xff\xff\xff\xff\xff", 6);
	g_assert_cmpuint(r->buf[10], ==, 0x80);
}

static void
test_addr_broadcast_config(void)
{
	g_autoptr(Run) r = run_new(NULL);
	r->cfg.broadcast_replies = TRUE;
	run_file(r, "udhcpc-discover.bin");
	g_assert_cmpuint(r->out.dst_ip.s_addr, ==, INADDR_BROADCAST);
}

static void
test_addr_relay(void)
{
	g_autoptr(Run) r = run_new(NULL);
	const guint8 relay[6] = {0x02, 0, 0, 0, 0, 0x77};
	guint8 msg[600];
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, "198.51.100.254", 0x8000, NULL, 0);

	run_msg(r, relay, msg, len);
	g_assert_cmpuint(r->out.dst_ip.s_addr, ==, ip("198.51.100.254"));
	g_assert_cmpuint(r->out.dst_port, ==, 67);
	g_assert_cmpmem(r->out.dst_mac, 6, relay, 6);
	g_assert_cmpuint(field32(r, 24), ==, ip("198.51.100.254"));
}

static void
test_addr_relay_nak_broadcast_bit(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	const guint8 opts[] = {50, 4, 198, 51, 100, 99};
	gsize len =
	    msg_build(msg, NFD_DHCP4_REQUEST, NULL, "198.51.100.254", 0, opts, sizeof(opts));

	run_msg(r, NULL, msg, len);
	g_assert_cmpuint(r->out.reply_type, ==, NFD_DHCP4_NAK);
	g_assert_cmpuint(r->out.dst_ip.s_addr, ==, ip("198.51.100.254"));
	g_assert_cmpuint(r->buf[10] & 0x80, ==, 0x80);
}

static void
test_addr_nak_broadcast(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	const guint8 opts[] = {50, 4, 198, 51, 100, 99};
	gsize len = msg_build(msg, NFD_DHCP4_REQUEST, NULL, NULL, 0, opts, sizeof(opts));

	run_msg(r, NULL, msg, len);
	g_assert_cmpuint(r->out.dst_ip.s_addr, ==, INADDR_BROADCAST);
	g_assert_cmpmem(r->out.dst_mac, 6, "\xff\xff\xff\xff\xff\xff", 6);
}

/* ---- configuration ---- */

static void
test_route_parse(void)
{
	NfdDhcp4Route rt;
	const gchar *good = "  192.0.2.0/24   via 198.51.100.1 ";
	g_assert_true(nfd_dhcp4_route_parse(good, strlen(good), &rt));
	g_assert_cmpuint(rt.prefix_len, ==, 24);
	g_assert_cmpuint(rt.dest.s_addr, ==, ip("192.0.2.0"));
	g_assert_cmpuint(rt.gateway.s_addr, ==, ip("198.51.100.1"));
}

static void
test_route_parse_rejects(void)
{
	const gchar *bad[] = {"192.0.2.1/24 via 198.51.100.1",
			      "192.0.2.0/33 via 198.51.100.1",
			      "192.0.2.0/24 198.51.100.1",
			      "192.0.2.0/24 via",
			      "192.0.2.0 via 198.51.100.1",
			      "192.0.2.0/24 via 198.51.100.1 x",
			      "",
			      NULL};
	NfdDhcp4Route rt;
	for (guint i = 0; bad[i] != NULL; i++)
		g_assert_false(nfd_dhcp4_route_parse(bad[i], strlen(bad[i]), &rt));
}

static void
test_config_times(void)
{
	NfdDhcp4Config cfg;
	g_autoptr(GError) error = NULL;

	nfd_dhcp4_config_init(&cfg);
	g_assert_cmpuint(cfg.lease_time, ==, 604800);
	g_assert_true(nfd_dhcp4_config_finish(&cfg, FALSE, FALSE, NULL));
	g_assert_cmpuint(cfg.renewal_time, ==, 302400);
	g_assert_cmpuint(cfg.rebinding_time, ==, 529200);
	cfg.renewal_time = 600000;
	g_assert_false(nfd_dhcp4_config_finish(&cfg, TRUE, FALSE, &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
}

/* ---- the [dhcp4] group through the core's config reader ---- */

/* as the daemon does: the file, GRNET's keys the plugin declares mapped onto [dhcp4], the group
 * (the core's `queue` key is the plugin test kit's business, test-dhcp4-plugin.c) */
static gboolean
load_group(const gchar *text, NfdDhcp4Config *cfg, GError **error)
{
	g_autoptr(NfdConfig) config = nfd_config_new();
	g_autoptr(GArray) legacy = nfd_config_legacy_keys_new();

	g_assert_true(nfd_config_load_data(config, text, "dhcp4.conf", NULL));
	g_assert_true(nfd_config_finish(config, NULL));
	nfd_config_legacy_keys_add(legacy, "dhcp4", nfd_dhcp4_legacy_keys);
	nfd_config_legacy_map_keys(config, legacy);
	return nfd_dhcp4_config_load(cfg, nfd_config_get_section(config, "dhcp4"), error);
}

static void
test_config_load_defaults(void)
{
	NfdDhcp4Config cfg;
	g_autoptr(GError) error = NULL;

	g_assert_true(load_group("[dhcp4]\nserver-ip = 198.51.100.1\n", &cfg, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(cfg.lease_time, ==, 604800);
	g_assert_cmpuint(cfg.renewal_time, ==, 604800 / 2);
	g_assert_cmpuint(cfg.rebinding_time, ==, 604800 * 7 / 8);
	nfd_dhcp4_config_clear(&cfg);
}

static void
test_config_load_grnet(void)
{
	NfdDhcp4Config cfg;
	g_autoptr(GError) error = NULL;

	/* GRNET's [dhcp] keys, mapped by the core onto [dhcp4] */
	g_assert_true(load_group("[dhcp]\ndhcp_queue = 52 # comment\nlease_lifetime = 3600\n"
				 "lease_renewal = 600\nserver_ip = 198.51.100.1\n"
				 "nameservers = 198.51.100.2, 198.51.100.3\n",
				 &cfg,
				 &error));
	g_assert_no_error(error);
	g_assert_cmpuint(cfg.lease_time, ==, 3600);
	g_assert_cmpuint(cfg.renewal_time, ==, 600);
	g_assert_cmpuint(cfg.n_nameservers, ==, 2);
	nfd_dhcp4_config_clear(&cfg);
}

static void
test_config_load_bad_value(void)
{
	NfdDhcp4Config cfg;
	g_autoptr(GError) error = NULL;

	g_assert_false(load_group("[dhcp4]\nnameservers = 198.51.100.2, nope\n", &cfg, &error));
	g_assert_nonnull(strstr(error->message, "dhcp4.conf:2: [dhcp4] nameservers"));
	nfd_dhcp4_config_clear(&cfg);
}

static void
test_config_load_interop_keys(void)
{
	NfdDhcp4Config cfg;
	g_autoptr(GError) error = NULL;

	g_assert_true(load_group("[dhcp4]\nipv6-only-preferred = 1800\n"
				 "captive-portal = https://portal.example.org/api\n",
				 &cfg,
				 &error));
	g_assert_no_error(error);
	g_assert_cmpuint(cfg.v6only_wait, ==, 1800);
	g_assert_cmpstr(cfg.captive_portal, ==, "https://portal.example.org/api");
	nfd_dhcp4_config_clear(&cfg);
}

static void
test_config_load_interop_defaults(void)
{
	NfdDhcp4Config cfg;

	g_assert_true(load_group("[dhcp4]\ncaptive-portal =\n", &cfg, NULL));
	g_assert_cmpuint(cfg.v6only_wait, ==, 0);
	g_assert_null(cfg.captive_portal);
	nfd_dhcp4_config_clear(&cfg);
}

static void
test_config_load_bad_portal(void)
{
	NfdDhcp4Config cfg;
	g_autoptr(GError) error = NULL;

	g_assert_false(load_group("[dhcp4]\ncaptive-portal = portal.example.org\n", &cfg, &error));
	g_assert_nonnull(strstr(error->message, "dhcp4.conf:2: [dhcp4] captive-portal"));
	nfd_dhcp4_config_clear(&cfg);
}

static void
test_config_load_bad_v6only(void)
{
	NfdDhcp4Config cfg;
	g_autoptr(GError) error = NULL;

	g_assert_false(load_group("[dhcp4]\nipv6-only-preferred = 5m\n", &cfg, &error));
	g_assert_nonnull(strstr(error->message, "dhcp4.conf:2: [dhcp4] ipv6-only-preferred"));
	nfd_dhcp4_config_clear(&cfg);
}

static void
test_config_load_server_ip_unusable(void)
{
	const gchar *const bad[] = {"0.0.0.0", "127.0.0.1", "224.0.0.1", "255.255.255.255"};

	/* RFC 2131 §4.3.1: clients send to the server identifier */
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		NfdDhcp4Config cfg;
		g_autoptr(GError) error = NULL;
		g_autofree gchar *text = g_strdup_printf("[dhcp4]\nserver-ip = %s\n", bad[i]);
		g_autofree gchar *want =
		    g_strdup_printf("dhcp4.conf:2: [dhcp4] server-ip: '%s'", bad[i]);

		g_assert_false(load_group(text, &cfg, &error));
		g_assert_nonnull(strstr(error->message, want));
		nfd_dhcp4_config_clear(&cfg);
	}
}

static void
test_config_load_boot_file_too_long(void)
{
	NfdDhcp4Config cfg;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *name = g_strnfill(NFD_DHCP4_MAX_BOOT_FILE + 1, 'b');
	g_autofree gchar *text = g_strdup_printf("[dhcp4]\nboot-file = %s\n", name);

	/* BOOTP's file field would cut it short */
	g_assert_false(load_group(text, &cfg, &error));
	g_assert_nonnull(strstr(error->message, "dhcp4.conf:2: [dhcp4] boot-file: is longer"));
	nfd_dhcp4_config_clear(&cfg);
}

/* (with `queue`, which the core reads: test-dhcp4-plugin.c) */
static void
test_config_load_lists_every_problem(void)
{
	NfdDhcp4Config cfg;
	g_autoptr(GError) error = NULL;

	g_assert_false(load_group("[dhcp4]\nmtu = 20\nroutes = nonsense\n", &cfg, &error));
	g_assert_nonnull(strstr(error->message, "dhcp4.conf:2: [dhcp4] mtu: 20 is below 68"));
	g_assert_nonnull(strstr(error->message, "dhcp4.conf:3: [dhcp4] routes: 'nonsense'"));
	nfd_dhcp4_config_clear(&cfg);
}

static void
test_config_load_legacy_key_named(void)
{
	NfdDhcp4Config cfg;
	g_autoptr(GError) error = NULL;

	g_assert_false(load_group("[dhcp]\nserver_ip = 127.0.0.2\n", &cfg, &error));
	g_assert_nonnull(strstr(error->message,
				"dhcp4.conf:2: [dhcp] server_ip (mapped to [dhcp4] server-ip): "
				"'127.0.0.2' is a loopback address"));
	nfd_dhcp4_config_clear(&cfg);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/dhcp4/udhcpc/discover-offer", test_udhcpc_discover_offer);
	g_test_add_func("/nfd/dhcp4/udhcpc/option-order", test_udhcpc_option_order);
	g_test_add_func("/nfd/dhcp4/dhclient/option-order", test_dhclient_option_order);
	g_test_add_func("/nfd/dhcp4/dhclient/select-ack", test_dhclient_select_ack);
	g_test_add_func("/nfd/dhcp4/dhcpcd/request-ack-client-id",
			test_dhcpcd_request_ack_client_id);
	g_test_add_func("/nfd/dhcp4/dhcpcd/max-size", test_dhcpcd_max_size);
	g_test_add_func("/nfd/dhcp4/windows/prl", test_windows_prl);
	g_test_add_func("/nfd/dhcp4/option/no-249-unless-requested", test_no_249_unless_requested);
	g_test_add_func("/nfd/dhcp4/reply/padded", test_reply_padded);
	g_test_add_func("/nfd/dhcp4/option/mask", test_opt_mask);
	g_test_add_func("/nfd/dhcp4/option/router", test_opt_router);
	g_test_add_func("/nfd/dhcp4/option/dns-one-option", test_opt_dns_one_option);
	g_test_add_func("/nfd/dhcp4/option/hostname", test_opt_hostname);
	g_test_add_func("/nfd/dhcp4/option/domain-from-hostname", test_opt_domain_from_hostname);
	g_test_add_func("/nfd/dhcp4/option/domain-dotless-hostname",
			test_opt_domain_dotless_hostname);
	g_test_add_func("/nfd/dhcp4/option/domain-config", test_opt_domain_config);
	g_test_add_func("/nfd/dhcp4/option/mtu-binding", test_opt_mtu_binding);
	g_test_add_func("/nfd/dhcp4/option/mtu-config", test_opt_mtu_config);
	g_test_add_func("/nfd/dhcp4/option/mtu-none", test_opt_mtu_none);
	g_test_add_func("/nfd/dhcp4/option/broadcast", test_opt_broadcast);
	g_test_add_func("/nfd/dhcp4/option/ntp", test_opt_ntp);
	g_test_add_func("/nfd/dhcp4/option/lease-times", test_opt_lease_times);
	g_test_add_func("/nfd/dhcp4/option/server-id-gateway", test_opt_server_id_gateway);
	g_test_add_func("/nfd/dhcp4/option/server-id-config", test_opt_server_id_config);
	g_test_add_func("/nfd/dhcp4/option/server-id-first-host", test_opt_server_id_first_host);
	g_test_add_func("/nfd/dhcp4/option/no-server-id-drops", test_no_server_id_drops);
	g_test_add_func("/nfd/dhcp4/option/domain-search", test_opt_domain_search);
	g_test_add_func("/nfd/dhcp4/option/classless-routes", test_opt_classless_routes);
	g_test_add_func("/nfd/dhcp4/option/classless-routes-private",
			test_opt_classless_routes_private);
	g_test_add_func("/nfd/dhcp4/option/classless-bad-binding-routes",
			test_opt_classless_bad_binding_routes);
	g_test_add_func("/nfd/dhcp4/option/network-boot", test_opt_network_boot);
	g_test_add_func("/nfd/dhcp4/size/long-option-split", test_long_option_split);
	g_test_add_func("/nfd/dhcp4/size/overload-used", test_overload_used);
	g_test_add_func("/nfd/dhcp4/size/trim-least-important", test_trim_least_important);
	g_test_add_func("/nfd/dhcp4/parse/request-overload", test_request_overload_parsed);
	g_test_add_func("/nfd/dhcp4/parse/concatenated-prl", test_request_concatenated_prl);
	g_test_add_func("/nfd/dhcp4/request/selecting-foreign-server",
			test_selecting_foreign_server);
	g_test_add_func("/nfd/dhcp4/request/selecting-wrong-address-nak",
			test_selecting_wrong_address_nak);
	g_test_add_func("/nfd/dhcp4/request/init-reboot-ack", test_init_reboot_ack);
	g_test_add_func("/nfd/dhcp4/request/init-reboot-wrong-nak", test_init_reboot_wrong_nak);
	g_test_add_func("/nfd/dhcp4/request/renewing-ack-unicast", test_renewing_ack_unicast);
	g_test_add_func("/nfd/dhcp4/request/renewing-wrong-nak", test_renewing_wrong_nak);
	g_test_add_func("/nfd/dhcp4/request/without-address-nak", test_request_without_address_nak);
	g_test_add_func("/nfd/dhcp4/inform/ack", test_inform_ack);
	g_test_add_func("/nfd/dhcp4/release/dropped", test_release_dropped);
	g_test_add_func("/nfd/dhcp4/decline/dropped", test_decline_dropped);
	g_test_add_func("/nfd/dhcp4/type/unsupported-dropped", test_unsupported_type_dropped);
	g_test_add_func("/nfd/dhcp4/binding/spoofed-chaddr", test_spoofed_chaddr_dropped);
	g_test_add_func("/nfd/dhcp4/binding/macspoof-allowed", test_macspoof_allowed);
	g_test_add_func("/nfd/dhcp4/binding/no-ip", test_no_ip_dropped);
	g_test_add_func("/nfd/dhcp4/malformed/short", test_malformed_short);
	g_test_add_func("/nfd/dhcp4/malformed/truncated-option", test_malformed_truncated_option);
	g_test_add_func("/nfd/dhcp4/malformed/bootreply", test_malformed_bootreply);
	g_test_add_func("/nfd/dhcp4/malformed/not-ethernet", test_not_ethernet);
	g_test_add_func("/nfd/dhcp4/malformed/plain-bootp", test_plain_bootp);
	g_test_add_func("/nfd/dhcp4/malformed/bad-cookie", test_bad_cookie);
	g_test_add_func("/nfd/dhcp4/addr/unicast-yiaddr", test_addr_unicast_yiaddr);
	g_test_add_func("/nfd/dhcp4/addr/broadcast-flag", test_addr_broadcast_flag);
	g_test_add_func("/nfd/dhcp4/addr/broadcast-config", test_addr_broadcast_config);
	g_test_add_func("/nfd/dhcp4/addr/relay", test_addr_relay);
	g_test_add_func("/nfd/dhcp4/addr/relay-nak-broadcast-bit",
			test_addr_relay_nak_broadcast_bit);
	g_test_add_func("/nfd/dhcp4/addr/nak-broadcast", test_addr_nak_broadcast);
	g_test_add_func("/nfd/dhcp4/config/route-parse", test_route_parse);
	g_test_add_func("/nfd/dhcp4/config/route-parse-rejects", test_route_parse_rejects);
	g_test_add_func("/nfd/dhcp4/config/times", test_config_times);
	g_test_add_func("/nfd/dhcp4/config/load-defaults", test_config_load_defaults);
	g_test_add_func("/nfd/dhcp4/config/load-grnet", test_config_load_grnet);
	g_test_add_func("/nfd/dhcp4/config/load-bad-value", test_config_load_bad_value);
	g_test_add_func("/nfd/dhcp4/config/load-interop-keys", test_config_load_interop_keys);
	g_test_add_func("/nfd/dhcp4/config/load-interop-defaults",
			test_config_load_interop_defaults);
	g_test_add_func("/nfd/dhcp4/config/load-bad-portal", test_config_load_bad_portal);
	g_test_add_func("/nfd/dhcp4/config/load-bad-v6only", test_config_load_bad_v6only);
	g_test_add_func("/nfd/dhcp4/config/server-ip-unusable",
			test_config_load_server_ip_unusable);
	g_test_add_func("/nfd/dhcp4/config/boot-file-too-long",
			test_config_load_boot_file_too_long);
	g_test_add_func("/nfd/dhcp4/config/every-problem", test_config_load_lists_every_problem);
	g_test_add_func("/nfd/dhcp4/config/legacy-key-named", test_config_load_legacy_key_named);
	return g_test_run();
}
