/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of what real guests need beyond the basics (issue 10), over the encoded bytes:
 * the order of the option-121 routes for an off-subnet gateway (RFC 3442 §3), option 3 withheld
 * when 121 was asked for, options 61 and 82 echoed and never trimmed (RFC 6842, RFC 3046 §2.2),
 * the Client FQDN answer (RFC 4702), IPv6-Only Preferred (RFC 8925) and the captive-portal URI
 * (RFC 8910).
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-dhcp4-test.h"

/* a DISCOVER (or TYPE) carrying OPTS, answered for binding KV */
static Run *
run_opts(const gchar *const *kv, guint8 type, const guint8 *opts, gsize n)
{
	Run *r = run_new(kv);
	guint8 msg[600];
	gsize len = msg_build(msg, type, NULL, NULL, 0, opts, n);

	run_msg(r, NULL, msg, len);
	return r;
}

static Run *
run_prl(const gchar *const *kv, const guint8 *prl, gsize n)
{
	guint8 opts[64];

	g_assert_cmpuint(n, <, sizeof(opts) - 2);
	opts[0] = 55;
	opts[1] = (guint8)n;
	memcpy(opts + 2, prl, n);
	return run_opts(kv, NFD_DHCP4_DISCOVER, opts, n + 2);
}

/* ---- item 2: option 121 order for an off-subnet gateway (RFC 3442 §3) ---- */

static const guint8 prl_121[] = {1, 3, 6, 121};

/* GATEWAY/32 via 0.0.0.0, the config's metadata route, default via GATEWAY */
#define HOST_GW "\x20\xc6\x33\x64\x01\x00\x00\x00\x00"
#define METADATA "\x20\xa9\xfe\xa9\xfe\xc6\x33\x64\x01"
#define DEFAULT_GW "\x00\xc6\x33\x64\x01"

static void
test_routes_host32_gateway_first(void)
{
	const gchar *kv[] = {"SUBNET", "198.51.100.10/32", NULL};
	g_autoptr(Run) r = run_prl(kv, prl_121, sizeof(prl_121));

	assert_opt(r, 121, HOST_GW METADATA DEFAULT_GW, 23);
}

static void
test_routes_off_subnet_gateway_first(void)
{
	const gchar *kv[] = {"SUBNET", "198.51.100.128/25", "IP", "198.51.100.130", NULL};
	g_autoptr(Run) r = run_prl(kv, prl_121, sizeof(prl_121));

	/* 198.51.100.1 is outside 198.51.100.128/25 */
	assert_opt(r, 121, HOST_GW METADATA DEFAULT_GW, 23);
}

static void
test_routes_no_subnet_gateway_first(void)
{
	const gchar *kv[] = {"SUBNET", "", NULL};
	g_autoptr(Run) r = run_prl(kv, prl_121, sizeof(prl_121));

	assert_opt(r, 121, HOST_GW METADATA DEFAULT_GW, 23);
}

static void
test_routes_on_link_gateway_no_host_route(void)
{
	g_autoptr(Run) r = run_prl(NULL, prl_121, sizeof(prl_121));

	assert_opt(r, 121, METADATA DEFAULT_GW, 14);
}

static void
test_routes_order(void)
{
	const gchar *kv[] = {"SUBNET",
			     "198.51.100.10/32",
			     "ROUTES",
			     "10.2.0.0/16 via 198.51.100.254,203.0.113.0/24 via 0.0.0.0",
			     NULL};
	const gchar *routes[] = {"10.1.0.0/16 via 198.51.100.1", "192.0.2.0/24 via 0.0.0.0", NULL};
	g_autoptr(Run) r = run_new(kv);
	guint8 msg[600];
	const guint8 opts[] = {55, 2, 3, 121};
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, opts, sizeof(opts));

	g_assert_true(nfd_dhcp4_config_set_routes(&r->cfg, routes, NULL));
	run_msg(r, NULL, msg, len);
	/* host route to GATEWAY, on-link routes (config, binding), routed ones (config,
	 * binding), default */
	assert_opt(r,
		   121,
		   HOST_GW "\x18\xc0\x00\x02\x00\x00\x00\x00"
			   "\x18\xcb\x00\x71\x00\x00\x00\x00"
			   "\x10\x0a\x01\xc6\x33\x64\x01"
			   "\x10\x0a\x02\xc6\x33\x64\xfe" DEFAULT_GW,
		   9 + 8 + 8 + 7 + 7 + 5);
}

static void
test_routes_host_route_not_repeated(void)
{
	const gchar *kv[] = {"SUBNET",
			     "198.51.100.10/32",
			     "ROUTES",
			     "198.51.100.1/32 via 0.0.0.0",
			     NULL};
	g_autoptr(Run) r = run_prl(kv, prl_121, sizeof(prl_121));

	assert_opt(r, 121, HOST_GW METADATA DEFAULT_GW, 23);
}

static void
test_routes_private_gateway_used(void)
{
	const gchar *kv[] = {"SUBNET", "198.51.100.10/32", "PRIVATE", "1", NULL};
	g_autoptr(Run) r = run_prl(kv, prl_121, sizeof(prl_121));

	/* no default route, but the metadata route goes through GATEWAY */
	assert_opt(r, 121, HOST_GW METADATA, 18);
	assert_no_opt(r, 3);
}

static void
test_routes_private_gateway_unused(void)
{
	const gchar *kv[] = {"SUBNET", "198.51.100.10/32", "PRIVATE", "1", NULL};
	g_autoptr(Run) r = run_new(kv);
	guint8 msg[600];
	gsize len =
	    msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, (const guint8 *)"\x37\x01\x79", 3);

	r->cfg.n_routes = 0;
	run_msg(r, NULL, msg, len);
	assert_no_opt(r, 121);
}

static void
test_routes_ms_classless_same_order(void)
{
	const gchar *kv[] = {"SUBNET", "198.51.100.10/32", NULL};
	const guint8 prl[] = {1, 3, 6, 121, 249};
	g_autoptr(Run) r = run_prl(kv, prl, sizeof(prl));

	assert_opt(r, 121, HOST_GW METADATA DEFAULT_GW, 23);
	assert_opt(r, 249, HOST_GW METADATA DEFAULT_GW, 23);
}

/* ---- item 8: option 3 beside 121 (RFC 3442 §3) ---- */

static void
test_router_withheld_when_121_asked(void)
{
	g_autoptr(Run) r = run_new(NULL);

	run_file(r, "udhcpc-discover.bin");
	assert_no_opt(r, 3);
	assert_opt(r, 121, METADATA DEFAULT_GW, 14);
}

static void
test_router_sent_when_121_not_asked(void)
{
	const guint8 prl[] = {1, 3, 6};
	g_autoptr(Run) r = run_prl(NULL, prl, sizeof(prl));

	assert_opt(r, 3, "\xc6\x33\x64\x01", 4);
	assert_opt(r, 121, METADATA DEFAULT_GW, 14);
}

/* 48 /32 routes: 121 cannot fit a 576-octet message with the rest */
static void
fill_routes(Run *r)
{
	g_autoptr(GPtrArray) routes = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GString) extra = g_string_new(NULL);

	for (guint i = 0; i < NFD_DHCP4_MAX_ROUTES; i++)
		g_ptr_array_add(routes, g_strdup_printf("10.0.0.%u/32 via 198.51.100.1", i));
	g_ptr_array_add(routes, NULL);
	g_assert_true(
	    nfd_dhcp4_config_set_routes(&r->cfg, (const gchar *const *)routes->pdata, NULL));
	for (guint i = 0; i < NFD_DHCP4_MAX_BINDING_ROUTES; i++)
		g_string_append_printf(extra, "%s10.1.0.%u/32 via 198.51.100.1", i ? "," : "", i);
	g_assert_true(nfd_binding_set_value(r->b, "ROUTES", extra->str, NULL));
}

/* a DISCOVER asking for 1 3 121, with a client identifier and a 200-octet relay agent
 * information option: with every route configured, 121 no longer fits 576 octets */
static gsize
msg_crowded(guint8 *msg)
{
	guint8 opts[256] = {55, 3, 1, 3, 121, 61, 7, 1, 0x52, 0x54, 0, 0, 0, 1, 82, 200, 1, 198};

	memset(opts + 18, 'c', 198);
	return msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, opts, 18 + 198);
}

static void
test_router_back_when_121_trimmed(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	gsize len = msg_crowded(msg);

	fill_routes(r);
	run_msg(r, NULL, msg, len);
	g_assert_cmpuint(r->out.len, <=, 548);
	g_assert_cmpuint(r->out.n_trimmed, >, 0);
	assert_no_opt(r, 121);
	assert_opt(r, 3, "\xc6\x33\x64\x01", 4);
}

/* ---- item 8: echoes (RFC 3046 §2.2, RFC 6842 §3) ---- */

static const guint8 agent_info[] = {82, 5, 1, 3, 'a', 'b', 'c'};

static void
test_echo_agent_info_without_giaddr(void)
{
	g_autoptr(Run) r = run_opts(NULL, NFD_DHCP4_DISCOVER, agent_info, sizeof(agent_info));

	g_assert_cmpuint(field32(r, 24), ==, 0);
	assert_opt(r,
		   82,
		   "\x01\x03"
		   "abc",
		   5);
}

static void
test_echo_agent_info_relayed(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	gsize len = msg_build(msg,
			      NFD_DHCP4_DISCOVER,
			      NULL,
			      "198.51.100.254",
			      0,
			      agent_info,
			      sizeof(agent_info));

	run_msg(r, NULL, msg, len);
	assert_opt(r,
		   82,
		   "\x01\x03"
		   "abc",
		   5);
}

static void
test_echo_agent_info_in_nak(void)
{
	const guint8 opts[] = {50, 4, 198, 51, 100, 99, 82, 5, 1, 3, 'a', 'b', 'c'};
	g_autoptr(Run) r = run_opts(NULL, NFD_DHCP4_REQUEST, opts, sizeof(opts));

	g_assert_cmpuint(r->out.reply_type, ==, NFD_DHCP4_NAK);
	assert_opt(r,
		   82,
		   "\x01\x03"
		   "abc",
		   5);
}

static void
test_echo_never_trimmed(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	gsize len = msg_crowded(msg);
	Opt o;

	fill_routes(r);
	run_msg(r, NULL, msg, len);
	g_assert_cmpuint(r->out.n_trimmed, >, 0);
	assert_opt(r, 61, "\x01\x52\x54\x00\x00\x00\x01", 7);
	g_assert_true(reply_opt(r, 82, &o));
	g_assert_cmpuint(o.len, ==, 200);
	g_assert_cmpmem(o.data, 2, "\x01\xc6", 2);
}

/* ---- item 10: Client FQDN (RFC 4702) ---- */

/* a DISCOVER whose option 81 has FLAGS and the name NAME (LEN octets) */
static Run *
run_fqdn(const gchar *const *kv, guint8 flags, const gchar *name, gsize len)
{
	guint8 opts[64] = {81, (guint8)(3 + len), flags, 0, 0};

	memcpy(opts + 5, name, len);
	return run_opts(kv, NFD_DHCP4_DISCOVER, opts, 5 + len);
}

#define WIRE_VM1      \
	"\x03vm1\x07" \
	"example\x03org\x00"

static void
test_fqdn_wire_server_update(void)
{
	/* dhclient's "send fqdn.fqdn" with server-update: S and E set */
	g_autoptr(Run) r = run_fqdn(NULL, 0x05, "\x03vm1\x00", 5);

	/* N=1 S=0, O=1 (S was overridden), E=1; RCODEs 255; HOSTNAME in wire form */
	assert_opt(r, 81, "\x0e\xff\xff" WIRE_VM1, 3 + 17);
}

static void
test_fqdn_ascii(void)
{
	g_autoptr(Run) r = run_fqdn(NULL, 0x01, "vm1", 3);

	/* E=0: the deprecated ASCII form, as the client used it */
	assert_opt(r,
		   81,
		   "\x0a\xff\xff"
		   "vm1.example.org",
		   3 + 15);
}

static void
test_fqdn_no_server_update(void)
{
	g_autoptr(Run) r = run_fqdn(NULL, 0x04, "\x03vm1\x00", 5);

	/* the client did not ask for S: no override to report */
	assert_opt(r, 81, "\x0c\xff\xff" WIRE_VM1, 3 + 17);
}

static void
test_fqdn_client_n(void)
{
	g_autoptr(Run) r = run_fqdn(NULL, 0x0c, "\x03vm1\x00", 5);

	assert_opt(r, 81, "\x0c\xff\xff" WIRE_VM1, 3 + 17);
}

static void
test_fqdn_dotless_hostname_domain(void)
{
	const gchar *kv[] = {"HOSTNAME", "vm1", NULL};
	g_autoptr(Run) r = run_new(kv);
	guint8 msg[600];
	const guint8 opts[] = {81, 8, 0x05, 0, 0, 3, 'v', 'm', '1', 0};
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, opts, sizeof(opts));

	r->cfg.domain = g_strdup("cloud.example.net");
	run_msg(r, NULL, msg, len);
	assert_opt(r,
		   81,
		   "\x0e\xff\xff\x03vm1\x05"
		   "cloud\x07"
		   "example\x03net\x00",
		   3 + 23);
}

static void
test_fqdn_dotless_hostname_partial(void)
{
	const gchar *kv[] = {"HOSTNAME", "vm1", NULL};
	g_autoptr(Run) r = run_fqdn(kv, 0x05, "\x03vm1\x00", 5);

	/* RFC 4702 §2.3: a partial name has no root label */
	assert_opt(r, 81, "\x0e\xff\xff\x03vm1", 3 + 4);
}

static void
test_fqdn_no_hostname_echo(void)
{
	const gchar *kv[] = {"HOSTNAME", "", NULL};
	g_autoptr(Run) r = run_fqdn(kv, 0x05, "\x05guest\x00", 7);

	assert_opt(r, 81, "\x0e\xff\xff\x05guest\x00", 3 + 7);
}

static void
test_fqdn_short_ignored(void)
{
	const guint8 opts[] = {81, 2, 0x05, 0};
	g_autoptr(Run) r = run_opts(NULL, NFD_DHCP4_DISCOVER, opts, sizeof(opts));

	g_assert_cmpuint(r->out.reply_type, ==, NFD_DHCP4_OFFER);
	assert_no_opt(r, 81);
}

static void
test_fqdn_only_when_sent(void)
{
	g_autoptr(Run) r = run_new(NULL);

	run_file(r, "dhclient-discover.bin");
	assert_no_opt(r, 81);
}

static void
test_fqdn_not_in_nak(void)
{
	const guint8 opts[] = {50, 4, 198, 51, 100, 99, 81, 5, 0x05, 0, 0, 1, 'x'};
	g_autoptr(Run) r = run_opts(NULL, NFD_DHCP4_REQUEST, opts, sizeof(opts));

	g_assert_cmpuint(r->out.reply_type, ==, NFD_DHCP4_NAK);
	assert_no_opt(r, 81);
}

/* ---- item 11: IPv6-Only Preferred (RFC 8925) ---- */

static const guint8 prl_108[] = {1, 3, 108};

static void
test_v6only_config(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	const guint8 opts[] = {55, 3, 1, 3, 108};
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, opts, sizeof(opts));

	r->cfg.v6only_wait = 1800;
	run_msg(r, NULL, msg, len);
	assert_opt(r, 108, "\x00\x00\x07\x08", 4);
	/* the binding's address is still offered */
	g_assert_cmpuint(field32(r, 16), ==, ip("198.51.100.10"));
}

static void
test_v6only_not_requested(void)
{
	g_autoptr(Run) r = run_new(NULL);

	r->cfg.v6only_wait = 1800;
	run_file(r, "dhclient-discover.bin");
	assert_no_opt(r, 108);
}

static void
test_v6only_off(void)
{
	g_autoptr(Run) r = run_prl(NULL, prl_108, sizeof(prl_108));

	assert_no_opt(r, 108);
}

static void
test_v6only_binding_sets(void)
{
	const gchar *kv[] = {"IPV6_ONLY_PREFERRED", "600", NULL};
	g_autoptr(Run) r = run_prl(kv, prl_108, sizeof(prl_108));

	assert_opt(r, 108, "\x00\x00\x02\x58", 4);
}

static void
test_v6only_binding_zero_turns_off(void)
{
	const gchar *kv[] = {"IPV6_ONLY_PREFERRED", "0", NULL};
	g_autoptr(Run) r = run_new(kv);
	guint8 msg[600];
	const guint8 opts[] = {55, 1, 108};
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, opts, sizeof(opts));

	r->cfg.v6only_wait = 1800;
	run_msg(r, NULL, msg, len);
	assert_no_opt(r, 108);
}

static void
test_v6only_binding_bad(void)
{
	const gchar *kv[] = {"IPV6_ONLY_PREFERRED", "soon", NULL};
	g_autoptr(Run) r = run_new(kv);
	guint8 msg[600];
	const guint8 opts[] = {55, 1, 108};
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, opts, sizeof(opts));

	r->cfg.v6only_wait = 1800;
	run_msg(r, NULL, msg, len);
	g_assert_cmpuint(r->out.bad_binding_keys, ==, NFD_DHCP4_BAD_IPV6_ONLY_PREFERRED);
	assert_opt(r, 108, "\x00\x00\x07\x08", 4);
}

static void
test_v6only_in_ack(void)
{
	const gchar *kv[] = {"IPV6_ONLY_PREFERRED", "600", NULL};
	const guint8 opts[] = {50, 4, 198, 51, 100, 10, 55, 1, 108};
	g_autoptr(Run) r = run_opts(kv, NFD_DHCP4_REQUEST, opts, sizeof(opts));

	g_assert_cmpuint(r->out.reply_type, ==, NFD_DHCP4_ACK);
	assert_opt(r, 108, "\x00\x00\x02\x58", 4);
}

static void
test_v6only_not_in_inform(void)
{
	const gchar *kv[] = {"IPV6_ONLY_PREFERRED", "600", NULL};
	g_autoptr(Run) r = run_new(kv);
	guint8 msg[600];
	const guint8 opts[] = {55, 1, 108};
	gsize len = msg_build(msg, NFD_DHCP4_INFORM, "198.51.100.10", NULL, 0, opts, sizeof(opts));

	run_msg(r, NULL, msg, len);
	g_assert_cmpuint(r->out.reply_type, ==, NFD_DHCP4_ACK);
	assert_no_opt(r, 108);
}

/* ---- item 13: captive portal (RFC 8910) ---- */

#define PORTAL "https://portal.example.org/api"
#define TAP_PORTAL "https://tap1.example.org/capport"

static void
test_portal_config(void)
{
	g_autoptr(Run) r = run_new(NULL);
	guint8 msg[600];
	const guint8 opts[] = {55, 3, 1, 3, 114};
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, opts, sizeof(opts));

	r->cfg.captive_portal = g_strdup(PORTAL);
	run_msg(r, NULL, msg, len);
	/* RFC 8910 §2.1: the URI's octets, no NUL */
	assert_opt(r, 114, PORTAL, strlen(PORTAL));
}

static void
test_portal_not_requested(void)
{
	g_autoptr(Run) r = run_new(NULL);

	r->cfg.captive_portal = g_strdup(PORTAL);
	run_file(r, "dhclient-discover.bin");
	assert_no_opt(r, 114);
}

static void
test_portal_binding_overrides(void)
{
	const gchar *kv[] = {"CAPTIVE_PORTAL", TAP_PORTAL, NULL};
	g_autoptr(Run) r = run_new(kv);
	guint8 msg[600];
	const guint8 opts[] = {55, 1, 114};
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, opts, sizeof(opts));

	r->cfg.captive_portal = g_strdup(PORTAL);
	run_msg(r, NULL, msg, len);
	assert_opt(r, 114, TAP_PORTAL, strlen(TAP_PORTAL));
}

static void
test_portal_binding_bad(void)
{
	const gchar *kv[] = {"CAPTIVE_PORTAL", "not a uri", NULL};
	g_autoptr(Run) r = run_new(kv);
	guint8 msg[600];
	const guint8 opts[] = {55, 1, 114};
	gsize len = msg_build(msg, NFD_DHCP4_DISCOVER, NULL, NULL, 0, opts, sizeof(opts));

	r->cfg.captive_portal = g_strdup(PORTAL);
	run_msg(r, NULL, msg, len);
	g_assert_cmpuint(r->out.bad_binding_keys, ==, NFD_DHCP4_BAD_CAPTIVE_PORTAL);
	assert_opt(r, 114, PORTAL, strlen(PORTAL));
}

static void
test_portal_in_inform(void)
{
	const gchar *kv[] = {"CAPTIVE_PORTAL", TAP_PORTAL, NULL};
	g_autoptr(Run) r = run_new(kv);
	guint8 msg[600];
	const guint8 opts[] = {55, 1, 114};
	gsize len = msg_build(msg, NFD_DHCP4_INFORM, "198.51.100.10", NULL, 0, opts, sizeof(opts));

	run_msg(r, NULL, msg, len);
	assert_opt(r, 114, TAP_PORTAL, strlen(TAP_PORTAL));
}

static void
test_portal_uri_usable(void)
{
	g_autofree gchar *long_uri = g_strnfill(NFD_DHCP4_MAX_URI + 1, 'a');

	g_assert_true(nfd_dhcp4_uri_usable(PORTAL));
	g_assert_true(nfd_dhcp4_uri_usable("urn:ietf:params:capport:unrestricted"));
	g_assert_false(nfd_dhcp4_uri_usable(""));
	g_assert_false(nfd_dhcp4_uri_usable("portal.example.org"));
	g_assert_false(nfd_dhcp4_uri_usable(":nothing"));
	g_assert_false(nfd_dhcp4_uri_usable("https://a b"));
	g_assert_false(nfd_dhcp4_uri_usable("https://caf\xc3\xa9"));
	memcpy(long_uri, "https:", 6);
	g_assert_false(nfd_dhcp4_uri_usable(long_uri));
}

/* the dhcp6 and ra plugins' rule (RFC 8908 §2): the API URI is https, whatever the carrier */
static void
test_portal_uri_https_only(void)
{
	g_assert_false(nfd_dhcp4_uri_usable("http://portal.example.org/api"));
	g_assert_false(nfd_dhcp4_uri_usable("ftp://portal.example.org/"));
	g_assert_false(nfd_dhcp4_uri_usable("https:///no-host"));
	g_assert_true(nfd_dhcp4_uri_usable("HTTPS://portal.example.org/"));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/dhcp4/routes/host32-gateway-first", test_routes_host32_gateway_first);
	g_test_add_func("/nfd/dhcp4/routes/off-subnet-gateway-first",
			test_routes_off_subnet_gateway_first);
	g_test_add_func("/nfd/dhcp4/routes/no-subnet-gateway-first",
			test_routes_no_subnet_gateway_first);
	g_test_add_func("/nfd/dhcp4/routes/on-link-gateway-no-host-route",
			test_routes_on_link_gateway_no_host_route);
	g_test_add_func("/nfd/dhcp4/routes/order", test_routes_order);
	g_test_add_func("/nfd/dhcp4/routes/host-route-not-repeated",
			test_routes_host_route_not_repeated);
	g_test_add_func("/nfd/dhcp4/routes/private-gateway-used", test_routes_private_gateway_used);
	g_test_add_func("/nfd/dhcp4/routes/private-gateway-unused",
			test_routes_private_gateway_unused);
	g_test_add_func("/nfd/dhcp4/routes/ms-classless-same-order",
			test_routes_ms_classless_same_order);
	g_test_add_func("/nfd/dhcp4/router/withheld-when-121-asked",
			test_router_withheld_when_121_asked);
	g_test_add_func("/nfd/dhcp4/router/sent-when-121-not-asked",
			test_router_sent_when_121_not_asked);
	g_test_add_func("/nfd/dhcp4/router/back-when-121-trimmed",
			test_router_back_when_121_trimmed);
	g_test_add_func("/nfd/dhcp4/echo/agent-info-without-giaddr",
			test_echo_agent_info_without_giaddr);
	g_test_add_func("/nfd/dhcp4/echo/agent-info-relayed", test_echo_agent_info_relayed);
	g_test_add_func("/nfd/dhcp4/echo/agent-info-in-nak", test_echo_agent_info_in_nak);
	g_test_add_func("/nfd/dhcp4/echo/never-trimmed", test_echo_never_trimmed);
	g_test_add_func("/nfd/dhcp4/fqdn/wire-server-update", test_fqdn_wire_server_update);
	g_test_add_func("/nfd/dhcp4/fqdn/ascii", test_fqdn_ascii);
	g_test_add_func("/nfd/dhcp4/fqdn/no-server-update", test_fqdn_no_server_update);
	g_test_add_func("/nfd/dhcp4/fqdn/client-n", test_fqdn_client_n);
	g_test_add_func("/nfd/dhcp4/fqdn/dotless-hostname-domain",
			test_fqdn_dotless_hostname_domain);
	g_test_add_func("/nfd/dhcp4/fqdn/dotless-hostname-partial",
			test_fqdn_dotless_hostname_partial);
	g_test_add_func("/nfd/dhcp4/fqdn/no-hostname-echo", test_fqdn_no_hostname_echo);
	g_test_add_func("/nfd/dhcp4/fqdn/short-ignored", test_fqdn_short_ignored);
	g_test_add_func("/nfd/dhcp4/fqdn/only-when-sent", test_fqdn_only_when_sent);
	g_test_add_func("/nfd/dhcp4/fqdn/not-in-nak", test_fqdn_not_in_nak);
	g_test_add_func("/nfd/dhcp4/v6only/config", test_v6only_config);
	g_test_add_func("/nfd/dhcp4/v6only/not-requested", test_v6only_not_requested);
	g_test_add_func("/nfd/dhcp4/v6only/off", test_v6only_off);
	g_test_add_func("/nfd/dhcp4/v6only/binding-sets", test_v6only_binding_sets);
	g_test_add_func("/nfd/dhcp4/v6only/binding-zero-turns-off",
			test_v6only_binding_zero_turns_off);
	g_test_add_func("/nfd/dhcp4/v6only/binding-bad", test_v6only_binding_bad);
	g_test_add_func("/nfd/dhcp4/v6only/in-ack", test_v6only_in_ack);
	g_test_add_func("/nfd/dhcp4/v6only/not-in-inform", test_v6only_not_in_inform);
	g_test_add_func("/nfd/dhcp4/captive-portal/config", test_portal_config);
	g_test_add_func("/nfd/dhcp4/captive-portal/not-requested", test_portal_not_requested);
	g_test_add_func("/nfd/dhcp4/captive-portal/binding-overrides",
			test_portal_binding_overrides);
	g_test_add_func("/nfd/dhcp4/captive-portal/binding-bad", test_portal_binding_bad);
	g_test_add_func("/nfd/dhcp4/captive-portal/in-inform", test_portal_in_inform);
	g_test_add_func("/nfd/dhcp4/captive-portal/uri-usable", test_portal_uri_usable);
	g_test_add_func("/nfd/dhcp4/captive-portal/https-only", test_portal_uri_https_only);
	return g_test_run();
}
