/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the RA options and limits added for issue 10: no MTU option below 1280
 * (RFC 8200 §5) and the binding check that warns about it, MaxRtrAdvInterval and the router
 * lifetime up to 65535 (RFC 8319 §4), PREF64 (RFC 8781 §4) and the captive-portal URI
 * (RFC 8910 §2.3): parsing, the binding overrides and the exact bytes in the RA.
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-binding.h"
#include "nfd-ra-proto.h"

static const guint8 router_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

/* header 16 + SLLA 8 + PIO 32: the default RA without options */
#define RA_BASE_LEN 56

static void
params_init(NfdRaParams *p)
{
	memset(p, 0, sizeof(*p));
	p->router_mac = router_mac;
	p->has_prefix = TRUE;
	inet_pton(AF_INET6, "2001:db8:1::", &p->prefix);
	p->prefix_len = 64;
}

static NfdBinding *
binding_new(void)
{
	NfdBinding *b = nfd_binding_new("tap1");

	g_assert_true(nfd_binding_set_value(b, "MAC", "52:54:00:00:00:01", NULL));
	g_assert_true(nfd_binding_set_value(b, "SUBNET6", "2001:db8:1::/64", NULL));
	return b;
}

/* the offset of option @type in the RA @buf of @n octets, or -1 */
static gssize
find_option(const guint8 *buf, gssize n, guint8 type)
{
	for (gssize off = 16; off + 2 <= n && buf[off + 1] != 0; off += buf[off + 1] * 8) {
		if (buf[off] == type)
			return off;
	}
	return -1;
}

static void
test_mtu_below_1280_omitted(void)
{
	NfdRaConfig cfg;
	NfdRaParams p;
	guint8 buf[NFD_RA_MAX_LEN];
	gssize n;

	nfd_ra_config_init_defaults(&cfg);
	params_init(&p);
	p.mtu = 1279;
	n = nfd_ra_build(&cfg, &p, buf, sizeof(buf));
	g_assert_cmpint(n, ==, RA_BASE_LEN);
	g_assert_cmpint(find_option(buf, n, 5), ==, -1);
	/* not the config's either: the link's MTU is the binding's */
	cfg.mtu = 1500;
	g_assert_cmpint(nfd_ra_build(&cfg, &p, buf, sizeof(buf)), ==, RA_BASE_LEN);
	p.mtu = 1280;
	n = nfd_ra_build(&cfg, &p, buf, sizeof(buf));
	g_assert_cmpint(n, ==, RA_BASE_LEN + 8);
	g_assert_cmpint(find_option(buf, n, 5), ==, 24);
	g_assert_cmphex(buf[24 + 6], ==, 0x05);
	g_assert_cmphex(buf[24 + 7], ==, 0x00);
}

static void
test_binding_check_mtu(void)
{
	g_autoptr(NfdBinding) b = binding_new();
	NfdRaConfig cfg;

	nfd_ra_config_init_defaults(&cfg);
	g_assert_cmpint(nfd_ra_binding_check(&cfg, b), ==, NFD_RA_BINDING_OK);
	g_assert_true(nfd_binding_set_value(b, "MTU", "1000", NULL));
	g_assert_cmpint(nfd_ra_binding_check(&cfg, b), ==, NFD_RA_BINDING_MTU_TOO_SMALL);
	g_assert_true(nfd_binding_set_value(b, "MTU", "1280", NULL));
	g_assert_cmpint(nfd_ra_binding_check(&cfg, b), ==, NFD_RA_BINDING_OK);
}

/* RFC 8319 §4: MaxRtrAdvInterval and AdvDefaultLifetime up to 65535 */
static void
test_rfc8319_limits(void)
{
	NfdRaConfig cfg;
	NfdRaParams p;
	guint8 buf[NFD_RA_MAX_LEN];

	nfd_ra_config_init_defaults(&cfg);
	cfg.max_interval = 10000;
	cfg.min_interval = 3333;
	cfg.router_lifetime = 30000;
	g_assert_true(nfd_ra_config_validate(&cfg, NULL));
	cfg.max_interval = 65535;
	cfg.router_lifetime = 65535;
	g_assert_true(nfd_ra_config_validate(&cfg, NULL));
	params_init(&p);
	g_assert_cmpint(nfd_ra_build(&cfg, &p, buf, sizeof(buf)), ==, RA_BASE_LEN);
	g_assert_cmphex(buf[6], ==, 0xff);
	g_assert_cmphex(buf[7], ==, 0xff);
	cfg.router_lifetime = 65534;
	g_assert_false(nfd_ra_config_validate(&cfg, NULL));
	cfg.max_interval = 65536;
	cfg.router_lifetime = 0;
	g_assert_false(nfd_ra_config_validate(&cfg, NULL));
}

static void
test_pref64_parse(void)
{
	static const guint lens[] = {32, 40, 48, 56, 64, 96};
	struct in6_addr prefix, want;
	guint8 len = 0;
	g_autoptr(GError) error = NULL;

	g_assert_true(nfd_ra_pref64_parse("64:ff9b::/96", &prefix, &len, NULL));
	inet_pton(AF_INET6, "64:ff9b::", &want);
	g_assert_cmpmem(&prefix, 16, &want, 16);
	g_assert_cmpuint(len, ==, 96);
	for (guint i = 0; i < G_N_ELEMENTS(lens); i++) {
		g_autofree gchar *s = g_strdup_printf("2001:db8::/%u", lens[i]);
		g_assert_true(nfd_ra_pref64_parse(s, &prefix, &len, NULL));
		g_assert_cmpuint(len, ==, lens[i]);
	}
	/* RFC 8781 §4: no Prefix Length Code for /60 */
	g_assert_false(nfd_ra_pref64_parse("2001:db8::/60", &prefix, &len, &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
	/* bits after the length, RFC 6052 §2.2's u octet in a /96 */
	g_assert_false(nfd_ra_pref64_parse("2001:db8::1/64", &prefix, &len, NULL));
	g_assert_false(nfd_ra_pref64_parse("2001:db8:0:0:ff00::/96", &prefix, &len, NULL));
	g_assert_false(nfd_ra_pref64_parse("64:ff9b::", &prefix, &len, NULL));
	g_assert_false(nfd_ra_pref64_parse("192.0.2.0/96", &prefix, &len, NULL));
	g_assert_false(nfd_ra_pref64_parse("64:ff9b::/96x", &prefix, &len, NULL));
	g_assert_false(nfd_ra_pref64_parse(NULL, &prefix, &len, NULL));
}

/* RFC 8781 §4: type 38, length 2, scaled lifetime (13 bits) | PLC (3 bits), 96 bits of
 * prefix; the lifetime is 3 * MaxRtrAdvInterval in 8 s units, rounded up */
static void
test_build_pref64(void)
{
	static const guint8 want[16] = {38,
					2,
					0x07,
					0x08,
					0x00,
					0x64,
					0xff,
					0x9b,
					0x00,
					0x00,
					0x00,
					0x00,
					0x00,
					0x00,
					0x00,
					0x00};
	NfdRaConfig cfg;
	NfdRaParams p;
	guint8 buf[NFD_RA_MAX_LEN];
	gssize n;

	nfd_ra_config_init_defaults(&cfg);
	params_init(&p);
	p.has_pref64 = TRUE;
	g_assert_true(nfd_ra_pref64_parse("64:ff9b::/96", &p.pref64, &p.pref64_len, NULL));
	n = nfd_ra_build(&cfg, &p, buf, sizeof(buf));
	g_assert_cmpint(n, ==, RA_BASE_LEN + 16);
	/* 3 * 600 / 8 = 225 = 0xe1, << 3 = 0x708, PLC 0 */
	g_assert_cmpmem(buf + RA_BASE_LEN, 16, want, 16);
}

static void
test_build_pref64_plc_lifetime(void)
{
	static const guint8 want[16] = {38,
					2,
					0xff,
					0xfb,
					0x20,
					0x01,
					0x0d,
					0xb8,
					0x00,
					0x64,
					0x00,
					0x00,
					0x00,
					0x00,
					0x00,
					0x00};
	NfdRaConfig cfg;
	NfdRaParams p;
	guint8 buf[NFD_RA_MAX_LEN];
	gssize n;

	nfd_ra_config_init_defaults(&cfg);
	params_init(&p);
	p.has_pref64 = TRUE;
	/* /48 is PLC 3; 3 * 65535 / 8 exceeds 13 bits: 8191 */
	g_assert_true(nfd_ra_pref64_parse("2001:db8:64::/48", &p.pref64, &p.pref64_len, NULL));
	cfg.max_interval = 65535;
	n = nfd_ra_build(&cfg, &p, buf, sizeof(buf));
	g_assert_cmpmem(buf + RA_BASE_LEN, 16, want, 16);
	/* 3 * 5 / 8 = 1.875, rounded up to 2; /32 is PLC 5 */
	cfg.max_interval = 5;
	g_assert_true(nfd_ra_pref64_parse("2001:db8::/32", &p.pref64, &p.pref64_len, NULL));
	n = nfd_ra_build(&cfg, &p, buf, sizeof(buf));
	g_assert_cmphex(buf[RA_BASE_LEN + 2], ==, 0x00);
	g_assert_cmphex(buf[RA_BASE_LEN + 3], ==, 2 << 3 | 5);
	g_assert_cmpint(n, ==, RA_BASE_LEN + 16);
}

/* a removed binding's farewell says lifetime 0 (RFC 8781 §4: stop using the prefix) */
static void
test_build_pref64_removed(void)
{
	NfdRaConfig cfg;
	NfdRaParams p;
	guint8 buf[NFD_RA_MAX_LEN];
	gssize n;

	nfd_ra_config_init_defaults(&cfg);
	params_init(&p);
	p.has_pref64 = TRUE;
	p.farewell = NFD_RA_FAREWELL_REMOVED;
	g_assert_true(nfd_ra_pref64_parse("2001:db8::/64", &p.pref64, &p.pref64_len, NULL));
	n = nfd_ra_build(&cfg, &p, buf, sizeof(buf));
	g_assert_cmpint(find_option(buf, n, 38), ==, RA_BASE_LEN);
	g_assert_cmphex(buf[RA_BASE_LEN + 2], ==, 0x00);
	g_assert_cmphex(buf[RA_BASE_LEN + 3], ==, 0x01);
}

static void
test_captive_portal_check(void)
{
	g_autofree gchar *fill = g_strnfill(247, 'a');
	g_autofree gchar *longest = g_strconcat("https://", fill, NULL);
	g_autofree gchar *too_long = NULL;
	g_autoptr(GError) error = NULL;

	g_assert_true(nfd_ra_captive_portal_check("https://portal.example/api", NULL));
	/* RFC 8910 §2: the URN that says there is no captive portal */
	g_assert_true(nfd_ra_captive_portal_check("urn:ietf:params:capport:unrestricted", NULL));
	g_assert_cmpuint(strlen(longest), ==, 255);
	g_assert_true(nfd_ra_captive_portal_check(longest, NULL));
	too_long = g_strconcat(longest, "a", NULL);
	g_assert_false(nfd_ra_captive_portal_check(too_long, &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
	g_assert_false(nfd_ra_captive_portal_check("", NULL));
	g_assert_false(nfd_ra_captive_portal_check(NULL, NULL));
	g_assert_false(nfd_ra_captive_portal_check("https://a b/", NULL));
	g_assert_false(nfd_ra_captive_portal_check("portal.example/api", NULL));
	/* RFC 8908 §2: the API is reached over https only */
	g_assert_false(nfd_ra_captive_portal_check("http://portal.example/api", NULL));
	g_assert_true(nfd_ra_captive_portal_check("HTTPS://portal.example/", NULL));
	g_assert_false(nfd_ra_captive_portal_check("https://", NULL));
	g_assert_false(nfd_ra_captive_portal_check("https:///path", NULL));
	g_assert_false(nfd_ra_captive_portal_check("https://\xc3\xa9.example/", NULL));
}

/* RFC 8910 §2.3: type 37, length in 8 octets, the URI, NUL padding */
static void
test_build_captive_portal(void)
{
	static const gchar uri[] = "https://p.example/api"; /* 21 octets: 2 + 21 + 1 pad */
	guint8 want[24] = {37, 3};
	NfdRaConfig cfg;
	NfdRaParams p;
	guint8 buf[NFD_RA_MAX_LEN];
	gssize n;

	memcpy(want + 2, uri, 21);
	nfd_ra_config_init_defaults(&cfg);
	params_init(&p);
	p.captive_portal = uri;
	n = nfd_ra_build(&cfg, &p, buf, sizeof(buf));
	g_assert_cmpint(n, ==, RA_BASE_LEN + 24);
	g_assert_cmpmem(buf + RA_BASE_LEN, 24, want, 24);
	/* a URI that fills the option exactly gets no padding: 2 + 22 */
	p.captive_portal = "https://p.example/api2";
	n = nfd_ra_build(&cfg, &p, buf, sizeof(buf));
	g_assert_cmpint(n, ==, RA_BASE_LEN + 24);
	g_assert_cmpint(buf[RA_BASE_LEN + 1], ==, 3);
	/* not in a removed binding's farewell */
	p.farewell = NFD_RA_FAREWELL_REMOVED;
	g_assert_cmpint(nfd_ra_build(&cfg, &p, buf, sizeof(buf)), ==, RA_BASE_LEN);
}

/* a config full of options and a binding's 255-octet URI: the RA goes without the URI */
static void
test_captive_portal_does_not_fit(void)
{
	g_autoptr(NfdBinding) b = binding_new();
	g_autofree gchar *label = g_strnfill(63, 'a');
	g_autofree gchar *name = g_strjoin(".", label, label, label, "org", NULL);
	g_autofree gchar *fill = g_strnfill(247, 'u');
	g_autofree gchar *uri = g_strconcat("https://", fill, NULL);
	g_autofree gchar *label2 = g_strnfill(53, 'c');
	g_autofree gchar *name2 = g_strjoin(".", label2, "org", NULL);
	const gchar *domains[] = {name, name2, NULL};
	NfdRaConfig cfg;
	NfdRaParams p;
	guint8 buf[NFD_RA_MAX_LEN];
	gssize n;

	nfd_ra_config_init_defaults(&cfg);
	cfg.n_rdnss = NFD_RA_MAX_RDNSS;
	cfg.n_routes = NFD_RA_MAX_ROUTES;
	for (guint i = 0; i < cfg.n_routes; i++)
		cfg.routes[i].len = 128;
	g_assert_true(nfd_ra_config_set_dnssl(&cfg, domains, NULL));
	g_assert_cmpuint(cfg.dnssl_len, ==, NFD_RA_DNSSL_MAX);
	g_assert_true(nfd_ra_config_validate(&cfg, NULL));
	g_assert_true(nfd_binding_set_value(b, "CAPTIVE_PORTAL", uri, NULL));
	g_assert_true(nfd_binding_set_value(b, "MTU", "1500", NULL));
	g_assert_cmpint(nfd_ra_binding_check(&cfg, b), ==, NFD_RA_BINDING_PORTAL_DOES_NOT_FIT);
	nfd_ra_params_from_binding(&p, &cfg, b, NFD_RA_FAREWELL_NONE);
	p.has_old_prefix = TRUE;
	n = nfd_ra_build(&cfg, &p, buf, sizeof(buf));
	g_assert_cmpint(n, >, 0);
	g_assert_cmpint(find_option(buf, n, 37), ==, -1);
	/* the same URI in the config is refused at load */
	g_strlcpy(cfg.captive_portal, uri, sizeof(cfg.captive_portal));
	g_assert_false(nfd_ra_config_validate(&cfg, NULL));
}

static void
test_params_overrides(void)
{
	g_autoptr(NfdBinding) b = binding_new();
	NfdRaConfig cfg;
	NfdRaParams p;
	struct in6_addr want;

	nfd_ra_config_init_defaults(&cfg);
	nfd_ra_params_from_binding(&p, &cfg, b, NFD_RA_FAREWELL_NONE);
	g_assert_false(p.has_pref64);
	g_assert_null(p.captive_portal);
	/* the config's */
	g_assert_true(nfd_ra_pref64_parse("64:ff9b::/96", &cfg.pref64, &cfg.pref64_len, NULL));
	cfg.has_pref64 = TRUE;
	g_strlcpy(cfg.captive_portal, "https://cfg.example/", sizeof(cfg.captive_portal));
	nfd_ra_params_from_binding(&p, &cfg, b, NFD_RA_FAREWELL_NONE);
	g_assert_true(p.has_pref64);
	g_assert_cmpuint(p.pref64_len, ==, 96);
	g_assert_cmpstr(p.captive_portal, ==, "https://cfg.example/");
	/* the binding's win; an empty key means unset */
	g_assert_true(nfd_binding_set_value(b, "PREF64", "2001:db8:64::/64", NULL));
	g_assert_true(nfd_binding_set_value(b, "CAPTIVE_PORTAL", "https://vm.example/", NULL));
	nfd_ra_params_from_binding(&p, &cfg, b, NFD_RA_FAREWELL_NONE);
	inet_pton(AF_INET6, "2001:db8:64::", &want);
	g_assert_cmpmem(&p.pref64, 16, &want, 16);
	g_assert_cmpuint(p.pref64_len, ==, 64);
	g_assert_cmpstr(p.captive_portal, ==, "https://vm.example/");
	g_assert_cmpint(nfd_ra_binding_check(&cfg, b), ==, NFD_RA_BINDING_OK);
	g_assert_true(nfd_binding_set_value(b, "PREF64", "", NULL));
	g_assert_true(nfd_binding_set_value(b, "CAPTIVE_PORTAL", "", NULL));
	nfd_ra_params_from_binding(&p, &cfg, b, NFD_RA_FAREWELL_NONE);
	g_assert_cmpuint(p.pref64_len, ==, 96);
	g_assert_cmpstr(p.captive_portal, ==, "https://cfg.example/");
	/* bad binding values: the config's are sent, and the check says why */
	g_assert_true(nfd_binding_set_value(b, "PREF64", "2001:db8:64::/60", NULL));
	g_assert_true(nfd_binding_set_value(b, "CAPTIVE_PORTAL", "not a uri", NULL));
	nfd_ra_params_from_binding(&p, &cfg, b, NFD_RA_FAREWELL_NONE);
	g_assert_cmpuint(p.pref64_len, ==, 96);
	g_assert_cmpstr(p.captive_portal, ==, "https://cfg.example/");
	g_assert_cmpint(nfd_ra_binding_check(&cfg, b),
			==,
			NFD_RA_BINDING_BAD_PREF64 | NFD_RA_BINDING_BAD_CAPTIVE_PORTAL);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/ra/mtu/below-1280-omitted", test_mtu_below_1280_omitted);
	g_test_add_func("/nfd/ra/mtu/binding-check", test_binding_check_mtu);
	g_test_add_func("/nfd/ra/config/rfc8319-limits", test_rfc8319_limits);
	g_test_add_func("/nfd/ra/pref64/parse", test_pref64_parse);
	g_test_add_func("/nfd/ra/pref64/build", test_build_pref64);
	g_test_add_func("/nfd/ra/pref64/plc-lifetime", test_build_pref64_plc_lifetime);
	g_test_add_func("/nfd/ra/pref64/removed", test_build_pref64_removed);
	g_test_add_func("/nfd/ra/captive-portal/check", test_captive_portal_check);
	g_test_add_func("/nfd/ra/captive-portal/build", test_build_captive_portal);
	g_test_add_func("/nfd/ra/captive-portal/does-not-fit", test_captive_portal_does_not_fit);
	g_test_add_func("/nfd/ra/params/overrides", test_params_overrides);
	return g_test_run();
}
