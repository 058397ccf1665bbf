/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the ra plugin's pure code: RS validation over real frames, the MAC check and
 * reply addressing, byte-exact RA building, config validation and the RA schedule.
 *
 * tests/data/rs-*.bin are whole Ethernet frames captured on the host end ("tap1") of a veth
 * pair in a private network namespace (unshare --net --mount), guest end MAC
 * 52:54:00:00:00:01, with `tcpdump -i tap1 -Q in`:
 *   rs-kernel-eui64.bin   the kernel's own RS after link up (addr_gen_mode=0), with SLLA
 *   rs-rdisc6-eui64.bin   `rdisc6 -1 vm0` (ndisc6 1.0.5), no SLLA option
 *   rs-kernel-stable.bin  the kernel's RS from an RFC 7217 link-local (addr_gen_mode=2)
 *   rs-rdisc6-stable.bin  rdisc6 from that RFC 7217 link-local
 * Malformed variants are derived from them in the tests.
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-binding.h"
#include "nfd-proto.h"
#include "nfd-test-frame.h"
#include "nfd-ra-proto.h"
#include "nfd-ra-sched.h"

static const guint8 vm_mac[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x01};
static const guint8 router_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

static void
frame_load(NfdTestFrame *f, const gchar *name)
{
	nfd_test_frame_load(f, name, 8);
}

static NfdRaRsStatus
frame_parse(const NfdTestFrame *f, NfdRaRs *rs)
{
	return nfd_ra_rs_parse(f->l4,
			       f->l4_len,
			       f->hop_limit,
			       nfd_test_frame_checksum_ok(f),
			       &f->src,
			       rs);
}

static void
test_rs_kernel_eui64(void)
{
	NfdTestFrame f;
	NfdRaRs rs;

	frame_load(&f, "rs-kernel-eui64.bin");
	g_assert_cmpint(frame_parse(&f, &rs), ==, NFD_RA_RS_OK);
	g_assert_true(rs.has_slla);
	g_assert_cmpmem(rs.slla, 6, vm_mac, 6);
	g_assert_false(rs.src_unspecified);
}

static void
test_rs_rdisc6_no_slla(void)
{
	NfdTestFrame f;
	NfdRaRs rs;

	frame_load(&f, "rs-rdisc6-eui64.bin");
	g_assert_cmpint(frame_parse(&f, &rs), ==, NFD_RA_RS_OK);
	g_assert_false(rs.has_slla);
}

static void
test_rs_stable_privacy(void)
{
	NfdTestFrame f;
	NfdRaRs rs;
	struct in6_addr dst;
	guint8 dst_mac[6];

	/* the original rejected these as spoofed (original.md §9.1 bug 5) */
	frame_load(&f, "rs-rdisc6-stable.bin");
	g_assert_cmpint(frame_parse(&f, &rs), ==, NFD_RA_RS_OK);
	g_assert_true(nfd_ra_rs_mac_ok(&rs, f.frame + 6, vm_mac, FALSE));
	g_assert_true(nfd_ra_rs_reply_dest(&rs, &f.src, f.frame + 6, &dst, dst_mac));
	g_assert_cmpmem(&dst, 16, &f.src, 16);
	g_assert_cmpmem(dst_mac, 6, vm_mac, 6);
	frame_load(&f, "rs-kernel-stable.bin");
	g_assert_cmpint(frame_parse(&f, &rs), ==, NFD_RA_RS_OK);
}

static void
test_rs_unspecified_source(void)
{
	NfdTestFrame f;
	NfdRaRs rs;
	struct in6_addr dst;
	guint8 dst_mac[6];
	static const guint8 all_nodes_mac[6] = {0x33, 0x33, 0, 0, 0, 1};

	frame_load(&f, "rs-rdisc6-eui64.bin");
	memset(&f.src, 0, 16);
	g_assert_cmpint(nfd_ra_rs_parse(f.l4, f.l4_len, 255, TRUE, &f.src, &rs), ==, NFD_RA_RS_OK);
	g_assert_true(rs.src_unspecified);
	g_assert_false(nfd_ra_rs_reply_dest(&rs, &f.src, f.frame + 6, &dst, dst_mac));
	g_assert_cmpmem(dst_mac, 6, all_nodes_mac, 6);
	g_assert_cmpint(dst.s6_addr[0], ==, 0xff);
	g_assert_cmpint(dst.s6_addr[1], ==, 0x02);
	g_assert_cmpint(dst.s6_addr[15], ==, 0x01);
}

static void
test_rs_slla_from_unspecified(void)
{
	NfdTestFrame f;
	NfdRaRs rs;

	frame_load(&f, "rs-kernel-eui64.bin");
	memset(&f.src, 0, 16);
	g_assert_cmpint(nfd_ra_rs_parse(f.l4, f.l4_len, 255, TRUE, &f.src, &rs),
			==,
			NFD_RA_RS_SLLA_FROM_UNSPECIFIED);
}

static void
test_rs_hop_limit(void)
{
	NfdTestFrame f;
	NfdRaRs rs;

	frame_load(&f, "rs-kernel-eui64.bin");
	f.hop_limit = 64;
	g_assert_cmpint(frame_parse(&f, &rs), ==, NFD_RA_RS_BAD_HOP_LIMIT);
}

static void
test_rs_bad_checksum(void)
{
	NfdTestFrame f;
	NfdRaRs rs;

	frame_load(&f, "rs-kernel-eui64.bin");
	g_assert_true(nfd_test_frame_checksum_ok(&f));
	f.l4[2] ^= 0x01;
	g_assert_false(nfd_test_frame_checksum_ok(&f));
	g_assert_cmpint(frame_parse(&f, &rs), ==, NFD_RA_RS_BAD_CHECKSUM);
}

static void
test_rs_bad_code(void)
{
	NfdTestFrame f;
	NfdRaRs rs;

	frame_load(&f, "rs-kernel-eui64.bin");
	f.l4[1] = 1;
	g_assert_cmpint(nfd_ra_rs_parse(f.l4, f.l4_len, 255, TRUE, &f.src, &rs),
			==,
			NFD_RA_RS_BAD_CODE);
}

static void
test_rs_too_short(void)
{
	NfdTestFrame f;
	NfdRaRs rs;

	frame_load(&f, "rs-rdisc6-eui64.bin");
	g_assert_cmpint(nfd_ra_rs_parse(f.l4, 7, 255, TRUE, &f.src, &rs), ==, NFD_RA_RS_TOO_SHORT);
	g_assert_cmpint(nfd_ra_rs_parse(f.l4, 8, 255, TRUE, &f.src, &rs), ==, NFD_RA_RS_OK);
}

static void
test_rs_zero_length_option(void)
{
	NfdTestFrame f;
	NfdRaRs rs;

	frame_load(&f, "rs-kernel-eui64.bin");
	f.l4[9] = 0;
	g_assert_cmpint(nfd_ra_rs_parse(f.l4, f.l4_len, 255, TRUE, &f.src, &rs),
			==,
			NFD_RA_RS_BAD_OPTION);
}

static void
test_rs_option_past_end(void)
{
	NfdTestFrame f;
	NfdRaRs rs;

	frame_load(&f, "rs-kernel-eui64.bin");
	f.l4[9] = 2;
	g_assert_cmpint(nfd_ra_rs_parse(f.l4, f.l4_len, 255, TRUE, &f.src, &rs),
			==,
			NFD_RA_RS_BAD_OPTION);
	/* a lone option type octet without its length */
	frame_load(&f, "rs-kernel-eui64.bin");
	g_assert_cmpint(nfd_ra_rs_parse(f.l4, 9, 255, TRUE, &f.src, &rs), ==, NFD_RA_RS_BAD_OPTION);
}

static void
test_rs_unknown_option_ignored(void)
{
	guint8 msg[24] = {133, 0, 0, 0, 0, 0, 0,    0,	  200, 1, 0, 0,
			  0,   0, 0, 0, 1, 1, 0x52, 0x54, 0,   0, 0, 1};
	struct in6_addr src = {.s6_addr = {0xfe, 0x80, [15] = 1}};
	NfdRaRs rs;

	g_assert_cmpint(nfd_ra_rs_parse(msg, sizeof(msg), 255, TRUE, &src, &rs), ==, NFD_RA_RS_OK);
	g_assert_true(rs.has_slla);
	g_assert_cmpmem(rs.slla, 6, vm_mac, 6);
}

static void
test_rs_multicast_source(void)
{
	guint8 msg[8] = {133, 0, 0, 0, 0, 0, 0, 0};
	struct in6_addr src = {.s6_addr = {0xff, 0x02, [15] = 1}};
	NfdRaRs rs;

	g_assert_cmpint(nfd_ra_rs_parse(msg, sizeof(msg), 255, TRUE, &src, &rs),
			==,
			NFD_RA_RS_BAD_SOURCE);
}

static void
test_rs_not_rs(void)
{
	guint8 msg[8] = {134, 0, 0, 0, 0, 0, 0, 0};
	struct in6_addr src = {.s6_addr = {0xfe, 0x80, [15] = 1}};
	NfdRaRs rs;

	g_assert_cmpint(nfd_ra_rs_parse(msg, sizeof(msg), 255, TRUE, &src, &rs),
			==,
			NFD_RA_RS_BAD_TYPE);
	g_assert_cmpint(nfd_ra_rs_parse(NULL, 0, 255, TRUE, &src, &rs), ==, NFD_RA_RS_BAD_TYPE);
}

static void
test_rs_mac_check(void)
{
	static const guint8 other[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x99};
	NfdRaRs rs = {.has_slla = TRUE};

	memcpy(rs.slla, vm_mac, 6);
	g_assert_true(nfd_ra_rs_mac_ok(&rs, vm_mac, vm_mac, FALSE));
	/* spoofed SLLA */
	memcpy(rs.slla, other, 6);
	g_assert_false(nfd_ra_rs_mac_ok(&rs, vm_mac, vm_mac, FALSE));
	g_assert_true(nfd_ra_rs_mac_ok(&rs, vm_mac, vm_mac, TRUE));
	/* no SLLA: the frame's source MAC decides */
	rs.has_slla = FALSE;
	g_assert_true(nfd_ra_rs_mac_ok(&rs, vm_mac, vm_mac, FALSE));
	g_assert_false(nfd_ra_rs_mac_ok(&rs, other, vm_mac, FALSE));
}

static void
test_rs_reply_unicast_frame_mac(void)
{
	NfdTestFrame f;
	NfdRaRs rs;
	struct in6_addr dst;
	guint8 dst_mac[6];

	/* RFC 7772: unicast; without SLLA the frame's source MAC is the destination */
	frame_load(&f, "rs-rdisc6-eui64.bin");
	g_assert_cmpint(frame_parse(&f, &rs), ==, NFD_RA_RS_OK);
	g_assert_true(nfd_ra_rs_reply_dest(&rs, &f.src, f.frame + 6, &dst, dst_mac));
	g_assert_cmpmem(&dst, 16, &f.src, 16);
	g_assert_cmpmem(dst_mac, 6, vm_mac, 6);
}

static void
params_init(NfdRaParams *p)
{
	memset(p, 0, sizeof(*p));
	p->router_mac = router_mac;
	p->has_prefix = TRUE;
	inet_pton(AF_INET6, "2001:db8:1::", &p->prefix);
	p->prefix_len = 64;
}

static const guint8 ra_default[] = {134,
				    0,
				    0,
				    0,
				    0,
				    0,
				    0x07,
				    0x08,
				    0,
				    0,
				    0,
				    0,
				    0,
				    0,
				    0,
				    0,
				    /* SLLA */
				    1,
				    1,
				    0x02,
				    0,
				    0,
				    0,
				    0,
				    1,
				    /* PIO: /64, L|A, valid 86400, preferred 14400 */
				    3,
				    4,
				    64,
				    0xc0,
				    0,
				    0x01,
				    0x51,
				    0x80,
				    0,
				    0,
				    0x38,
				    0x40,
				    0,
				    0,
				    0,
				    0,
				    0x20,
				    0x01,
				    0x0d,
				    0xb8,
				    0,
				    0x01,
				    0,
				    0,
				    0,
				    0,
				    0,
				    0,
				    0,
				    0,
				    0,
				    0};

static void
test_build_default(void)
{
	NfdRaConfig cfg;
	NfdRaParams p;
	guint8 buf[NFD_RA_MAX_LEN];
	gssize n;

	nfd_ra_config_init_defaults(&cfg);
	params_init(&p);
	n = nfd_ra_build(&cfg, &p, buf, sizeof(buf));
	g_assert_cmpmem(buf, n, ra_default, sizeof(ra_default));
}

static const guint8 ra_full[] = {
    /* M0 O1, Prf medium, lifetime 1800 */
    134,
    0,
    0,
    0,
    0,
    0x40,
    0x07,
    0x08,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    /* SLLA */
    1,
    1,
    0x02,
    0,
    0,
    0,
    0,
    1,
    /* MTU 1450 */
    5,
    1,
    0,
    0,
    0,
    0,
    0x05,
    0xaa,
    /* PIO: L|A|R, GATEWAY6 in the prefix field */
    3,
    4,
    64,
    0xe0,
    0,
    0x01,
    0x51,
    0x80,
    0,
    0,
    0x38,
    0x40,
    0,
    0,
    0,
    0,
    0x20,
    0x01,
    0x0d,
    0xb8,
    0,
    0x01,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    1,
    /* RIO 2001:db8:ff::/48 high, lifetime 1800 */
    24,
    2,
    48,
    0x08,
    0,
    0,
    0x07,
    0x08,
    0x20,
    0x01,
    0x0d,
    0xb8,
    0,
    0xff,
    0,
    0,
    /* RDNSS 2001:db8::53 */
    25,
    3,
    0,
    0,
    0,
    0,
    0x07,
    0x08,
    0x20,
    0x01,
    0x0d,
    0xb8,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0x53,
    /* DNSSL example.org, padded to 24 */
    31,
    3,
    0,
    0,
    0,
    0,
    0x07,
    0x08,
    7,
    'e',
    'x',
    'a',
    'm',
    'p',
    'l',
    'e',
    3,
    'o',
    'r',
    'g',
    0,
    0,
    0,
    0};

static void
full_config(NfdRaConfig *cfg)
{
	const gchar *domains[] = {"example.org", NULL};

	nfd_ra_config_init_defaults(cfg);
	cfg->mode = NFD_RA_MODE_SLAAC_DHCPV6;
	inet_pton(AF_INET6, "2001:db8::53", &cfg->rdnss[0]);
	cfg->n_rdnss = 1;
	g_assert_true(nfd_ra_config_set_dnssl(cfg, domains, NULL));
	g_assert_true(nfd_ra_route_parse("2001:db8:ff::/48 high", &cfg->routes[0]));
	cfg->n_routes = 1;
}

static void
test_build_full(void)
{
	NfdRaConfig cfg;
	NfdRaParams p;
	guint8 buf[NFD_RA_MAX_LEN];
	gssize n;

	full_config(&cfg);
	params_init(&p);
	p.mode = NFD_RA_MODE_SLAAC_DHCPV6;
	p.mtu = 1450;
	p.has_router_addr = TRUE;
	inet_pton(AF_INET6, "2001:db8:1::1", &p.router_addr);
	n = nfd_ra_build(&cfg, &p, buf, sizeof(buf));
	g_assert_cmpmem(buf, n, ra_full, sizeof(ra_full));
}

static void
test_build_modes(void)
{
	NfdRaConfig cfg;
	NfdRaParams p;
	guint8 buf[NFD_RA_MAX_LEN];

	nfd_ra_config_init_defaults(&cfg);
	params_init(&p);
	p.mode = NFD_RA_MODE_SLAAC;
	g_assert_cmpint(nfd_ra_build(&cfg, &p, buf, sizeof(buf)), >, 0);
	g_assert_cmphex(buf[5], ==, 0x00);
	g_assert_cmphex(buf[16 + 8 + 3], ==, 0xc0);
	p.mode = NFD_RA_MODE_DHCPV6;
	g_assert_cmpint(nfd_ra_build(&cfg, &p, buf, sizeof(buf)), >, 0);
	g_assert_cmphex(buf[5], ==, 0xc0);
	/* stateful: on-link, but no SLAAC (A=0) */
	g_assert_cmphex(buf[16 + 8 + 3], ==, 0x80);
}

static void
test_build_preference(void)
{
	NfdRaConfig cfg;
	NfdRaParams p;
	guint8 buf[NFD_RA_MAX_LEN];

	nfd_ra_config_init_defaults(&cfg);
	params_init(&p);
	g_assert_true(nfd_ra_preference_parse("high", &cfg.preference));
	g_assert_cmpint(nfd_ra_build(&cfg, &p, buf, sizeof(buf)), >, 0);
	g_assert_cmphex(buf[5], ==, 0x08);
	g_assert_true(nfd_ra_preference_parse("low", &cfg.preference));
	g_assert_cmpint(nfd_ra_build(&cfg, &p, buf, sizeof(buf)), >, 0);
	g_assert_cmphex(buf[5], ==, 0x18);
	g_assert_false(nfd_ra_preference_parse("highest", &cfg.preference));
}

static void
test_build_farewell_stop(void)
{
	NfdRaConfig cfg;
	NfdRaParams p;
	guint8 buf[NFD_RA_MAX_LEN];
	gssize n;

	nfd_ra_config_init_defaults(&cfg);
	g_assert_true(nfd_ra_preference_parse("high", &cfg.preference));
	params_init(&p);
	p.farewell = NFD_RA_FAREWELL_STOP;
	n = nfd_ra_build(&cfg, &p, buf, sizeof(buf));
	g_assert_cmpint(n, ==, sizeof(ra_default));
	/* RFC 4191 §2.2: lifetime 0 goes with Prf 00; the prefix keeps its lifetimes */
	g_assert_cmphex(buf[5], ==, 0);
	g_assert_cmphex(buf[6], ==, 0);
	g_assert_cmphex(buf[7], ==, 0);
	g_assert_cmpmem(buf + 16, n - 16, ra_default + 16, sizeof(ra_default) - 16);
}

static void
test_build_farewell_removed(void)
{
	NfdRaConfig cfg;
	NfdRaParams p;
	guint8 buf[NFD_RA_MAX_LEN];
	static const guint8 zero8[8] = {0};
	gssize n;

	full_config(&cfg);
	params_init(&p);
	p.farewell = NFD_RA_FAREWELL_REMOVED;
	n = nfd_ra_build(&cfg, &p, buf, sizeof(buf));
	g_assert_cmpint(n, ==, 16 + 8 + 32 + 16 + 24 + 24);
	g_assert_cmphex(buf[6] | buf[7], ==, 0);
	/* PIO valid and preferred lifetimes, RIO, RDNSS, DNSSL lifetimes */
	g_assert_cmpmem(buf + 24 + 4, 8, zero8, 8);
	g_assert_cmpmem(buf + 56 + 4, 4, zero8, 4);
	g_assert_cmpmem(buf + 72 + 4, 4, zero8, 4);
	g_assert_cmpmem(buf + 96 + 4, 4, zero8, 4);
}

static void
test_build_old_prefix(void)
{
	NfdRaConfig cfg;
	NfdRaParams p;
	guint8 buf[NFD_RA_MAX_LEN];
	static const guint8 old_pio[32] = {3, 4, 64, 0xc0, 0, 0,    0,	  0,	0,    0, 0,
					   0, 0, 0,  0,	   0, 0x20, 0x01, 0x0d, 0xb8, 0, 0x02};
	gssize n;

	nfd_ra_config_init_defaults(&cfg);
	params_init(&p);
	p.has_old_prefix = TRUE;
	inet_pton(AF_INET6, "2001:db8:2::", &p.old_prefix);
	p.old_prefix_len = 64;
	n = nfd_ra_build(&cfg, &p, buf, sizeof(buf));
	g_assert_cmpint(n, ==, sizeof(ra_default) + 32);
	g_assert_cmpmem(buf + sizeof(ra_default), 32, old_pio, 32);
}

static void
test_build_overflow(void)
{
	NfdRaConfig cfg;
	NfdRaParams p;
	guint8 buf[NFD_RA_MAX_LEN];

	nfd_ra_config_init_defaults(&cfg);
	params_init(&p);
	g_assert_cmpint(nfd_ra_build(&cfg, &p, buf, sizeof(ra_default) - 1), ==, -1);
	g_assert_cmpint(nfd_ra_build(&cfg, &p, buf, sizeof(ra_default)), ==, sizeof(ra_default));
}

static void
test_params_binding(void)
{
	g_autoptr(NfdBinding) b = nfd_binding_new("tap1");
	NfdRaConfig cfg;
	NfdRaParams p;

	nfd_ra_config_init_defaults(&cfg);
	g_assert_true(nfd_binding_set_value(b, "MAC", "52:54:00:00:00:01", NULL));
	g_assert_true(nfd_binding_set_value(b, "SUBNET6", "2001:db8:1::/64", NULL));
	g_assert_true(nfd_binding_set_value(b, "GATEWAY6", "2001:db8:1::1", NULL));
	g_assert_true(nfd_binding_set_value(b, "RA_MODE", "dhcpv6", NULL));
	g_assert_true(nfd_binding_set_value(b, "PRIVATE", "1", NULL));
	g_assert_true(nfd_binding_set_value(b, "MTU", "1450", NULL));
	nfd_ra_params_from_binding(&p, &cfg, b, NFD_RA_FAREWELL_NONE);
	g_assert_cmpint(p.mode, ==, NFD_RA_MODE_DHCPV6);
	g_assert_true(p.has_prefix);
	g_assert_cmpuint(p.prefix_len, ==, 64);
	g_assert_true(p.has_router_addr);
	g_assert_true(p.no_default_route);
	g_assert_cmpuint(p.mtu, ==, 1450);
	/* a GATEWAY6 outside SUBNET6 cannot go in the PIO */
	g_assert_true(nfd_binding_set_value(b, "GATEWAY6", "2001:db8:9::1", NULL));
	g_assert_true(nfd_binding_set_value(b, "RA_MODE", "bogus", NULL));
	nfd_ra_params_from_binding(&p, &cfg, b, NFD_RA_FAREWELL_NONE);
	g_assert_false(p.has_router_addr);
	g_assert_cmpint(p.mode, ==, NFD_RA_MODE_SLAAC);
}

static void
test_config_validate(void)
{
	NfdRaConfig cfg;
	g_autoptr(GError) error = NULL;

	nfd_ra_config_init_defaults(&cfg);
	g_assert_true(nfd_ra_config_validate(&cfg, NULL));
	cfg.min_interval = 451;
	g_assert_false(nfd_ra_config_validate(&cfg, &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
	nfd_ra_config_init_defaults(&cfg);
	cfg.router_lifetime = 65536;
	g_assert_false(nfd_ra_config_validate(&cfg, NULL));
	cfg.router_lifetime = 599;
	g_assert_false(nfd_ra_config_validate(&cfg, NULL));
	cfg.router_lifetime = 0;
	g_assert_true(nfd_ra_config_validate(&cfg, NULL));
	cfg.preferred_lifetime = cfg.valid_lifetime + 1;
	g_assert_false(nfd_ra_config_validate(&cfg, NULL));
}

static void
test_config_largest_fits(void)
{
	NfdRaConfig cfg;
	NfdRaParams p;
	guint8 buf[NFD_RA_MAX_LEN];
	g_autofree gchar *label = g_strnfill(63, 'a');
	g_autofree gchar *name = g_strjoin(".", label, label, label, "org", NULL);
	const gchar *domains[] = {name, NULL};
	gssize n;

	/* the caps on RDNSS, routes and DNSSL keep every RA within the 1240 octets that
	 * RFC 6980 §5 allows, even with MTU, both PIOs and /128 routes */
	nfd_ra_config_init_defaults(&cfg);
	cfg.n_rdnss = NFD_RA_MAX_RDNSS;
	cfg.n_routes = NFD_RA_MAX_ROUTES;
	for (guint i = 0; i < cfg.n_routes; i++)
		cfg.routes[i].len = 128;
	g_assert_true(nfd_ra_config_set_dnssl(&cfg, domains, NULL));
	g_assert_cmpuint(cfg.dnssl_len, >, 190);
	g_assert_true(nfd_ra_config_validate(&cfg, NULL));
	params_init(&p);
	p.mtu = 1500;
	p.has_old_prefix = TRUE;
	n = nfd_ra_build(&cfg, &p, buf, sizeof(buf));
	g_assert_cmpint(n, >, 900);
	g_assert_cmpint(n, <=, NFD_RA_MAX_LEN);
}

static void
test_config_dnssl_too_long(void)
{
	NfdRaConfig cfg;
	g_autofree gchar *label = g_strnfill(63, 'b');
	g_autofree gchar *name = g_strjoin(".", label, label, label, "org", NULL);
	const gchar *domains[] = {name, name, NULL};
	const gchar *bad[] = {"bad..example", NULL};
	g_autoptr(GError) error = NULL;

	nfd_ra_config_init_defaults(&cfg);
	g_assert_false(nfd_ra_config_set_dnssl(&cfg, domains, &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
	g_assert_false(nfd_ra_config_set_dnssl(&cfg, bad, NULL));
}

static void
test_route_parse(void)
{
	NfdRaRoute r;

	g_assert_true(nfd_ra_route_parse("2001:db8:ff::/48", &r));
	g_assert_cmpuint(r.len, ==, 48);
	g_assert_cmpuint(r.pref, ==, NFD_RA_PREF_MEDIUM);
	g_assert_true(nfd_ra_route_parse(" 2001:db8:ff:1::/40  low ", &r));
	g_assert_cmpuint(r.pref, ==, NFD_RA_PREF_LOW);
	/* host bits are cleared */
	g_assert_cmphex(r.prefix.s6_addr[5], ==, 0);
	g_assert_true(nfd_ra_route_parse("::/0 high", &r));
	g_assert_false(nfd_ra_route_parse("2001:db8::", &r));
	g_assert_false(nfd_ra_route_parse("2001:db8::/129", &r));
	g_assert_false(nfd_ra_route_parse("2001:db8::/64 urgent", &r));
	g_assert_false(nfd_ra_route_parse("2001:db8::/64 high extra", &r));
	g_assert_false(nfd_ra_route_parse("198.51.100.0/24", &r));
}

static void
test_route_lengths(void)
{
	NfdRaConfig cfg;
	NfdRaParams p;
	guint8 buf[NFD_RA_MAX_LEN];
	gssize n;

	/* RFC 4191 §2.3: option length 1 for /0, 2 up to /64, 3 beyond */
	nfd_ra_config_init_defaults(&cfg);
	params_init(&p);
	p.has_prefix = FALSE;
	g_assert_true(nfd_ra_route_parse("::/0", &cfg.routes[0]));
	g_assert_true(nfd_ra_route_parse("2001:db8::/64", &cfg.routes[1]));
	g_assert_true(nfd_ra_route_parse("2001:db8::1/128", &cfg.routes[2]));
	cfg.n_routes = 3;
	n = nfd_ra_build(&cfg, &p, buf, sizeof(buf));
	g_assert_cmpint(n, ==, 16 + 8 + 8 + 16 + 24);
	g_assert_cmpuint(buf[24 + 1], ==, 1);
	g_assert_cmpuint(buf[32 + 1], ==, 2);
	g_assert_cmpuint(buf[48 + 1], ==, 3);
	g_assert_cmpuint(buf[48 + 8 + 15], ==, 1);
}

#define SEC G_USEC_PER_SEC

static void
test_sched_first_immediate(void)
{
	NfdRaSched s = {0};

	nfd_ra_sched_reset(&s, 3, 100 * SEC);
	g_assert_cmpint(s.next_due, ==, 100 * SEC);
}

static void
test_sched_initial_capped(void)
{
	NfdRaSched s = {0};

	nfd_ra_sched_reset(&s, 3, 100 * SEC);
	/* rnd picks the maximum: 600 s, capped to 16 s for the two further initial RAs */
	nfd_ra_sched_sent_unsolicited(&s, 200, 600, 400000, 100 * SEC);
	g_assert_cmpint(s.next_due, ==, 116 * SEC);
	nfd_ra_sched_sent_unsolicited(&s, 200, 600, 400000, 116 * SEC);
	g_assert_cmpint(s.next_due, ==, 132 * SEC);
	nfd_ra_sched_sent_unsolicited(&s, 200, 600, 400000, 132 * SEC);
	g_assert_cmpint(s.next_due, ==, 732 * SEC);
}

static void
test_sched_jitter_range(void)
{
	NfdRaSched s = {0};
	guint32 samples[] = {0, 1, 399999, 400000, 400001, G_MAXUINT32};

	for (guint i = 0; i < G_N_ELEMENTS(samples); i++) {
		nfd_ra_sched_reset(&s, 0, 0);
		nfd_ra_sched_sent_unsolicited(&s, 200, 600, samples[i], 1000 * SEC);
		g_assert_cmpint(s.next_due, >=, 1200 * SEC);
		g_assert_cmpint(s.next_due, <=, 1600 * SEC);
	}
}

static void
test_sched_rate_limit(void)
{
	NfdRaSched s = {0};

	nfd_ra_sched_reset(&s, 3, 10 * SEC);
	nfd_ra_sched_sent_unsolicited(&s, 200, 600, 0, 10 * SEC);
	/* RFC 4861 §6.2.6: an RS 1 s later is coalesced into an RA at 13 s */
	g_assert_false(nfd_ra_sched_solicit(&s, 11 * SEC));
	g_assert_true(s.pending_solicited);
	g_assert_cmpint(s.next_due, ==, 13 * SEC);
	g_assert_false(nfd_ra_sched_solicit(&s, 12 * SEC));
	g_assert_cmpint(s.next_due, ==, 13 * SEC);
	nfd_ra_sched_sent_unsolicited(&s, 200, 600, 0, 13 * SEC);
	g_assert_false(s.pending_solicited);
	/* 3 s after the last RA an RS is answered at once */
	g_assert_true(nfd_ra_sched_solicit(&s, 16 * SEC));
	nfd_ra_sched_sent_solicited(&s, 16 * SEC);
	g_assert_false(nfd_ra_sched_solicit(&s, 17 * SEC));
}

static void
test_sched_change_respects_rate_limit(void)
{
	NfdRaSched s = {0};

	nfd_ra_sched_reset(&s, 3, 10 * SEC);
	nfd_ra_sched_sent_unsolicited(&s, 200, 600, 0, 10 * SEC);
	/* a binding change 1 s later: the next RA at once, but not before 13 s */
	nfd_ra_sched_reset(&s, 3, 11 * SEC);
	g_assert_cmpint(s.next_due, ==, 13 * SEC);
	g_assert_cmpuint(s.initial_left, ==, 3);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/ra/rs/kernel-eui64", test_rs_kernel_eui64);
	g_test_add_func("/nfd/ra/rs/rdisc6-no-slla", test_rs_rdisc6_no_slla);
	g_test_add_func("/nfd/ra/rs/stable-privacy", test_rs_stable_privacy);
	g_test_add_func("/nfd/ra/rs/unspecified-source", test_rs_unspecified_source);
	g_test_add_func("/nfd/ra/rs/slla-from-unspecified", test_rs_slla_from_unspecified);
	g_test_add_func("/nfd/ra/rs/hop-limit", test_rs_hop_limit);
	g_test_add_func("/nfd/ra/rs/bad-checksum", test_rs_bad_checksum);
	g_test_add_func("/nfd/ra/rs/bad-code", test_rs_bad_code);
	g_test_add_func("/nfd/ra/rs/too-short", test_rs_too_short);
	g_test_add_func("/nfd/ra/rs/zero-length-option", test_rs_zero_length_option);
	g_test_add_func("/nfd/ra/rs/option-past-end", test_rs_option_past_end);
	g_test_add_func("/nfd/ra/rs/unknown-option-ignored", test_rs_unknown_option_ignored);
	g_test_add_func("/nfd/ra/rs/multicast-source", test_rs_multicast_source);
	g_test_add_func("/nfd/ra/rs/not-rs", test_rs_not_rs);
	g_test_add_func("/nfd/ra/rs/mac-check", test_rs_mac_check);
	g_test_add_func("/nfd/ra/rs/reply-unicast-frame-mac", test_rs_reply_unicast_frame_mac);
	g_test_add_func("/nfd/ra/build/default", test_build_default);
	g_test_add_func("/nfd/ra/build/full", test_build_full);
	g_test_add_func("/nfd/ra/build/modes", test_build_modes);
	g_test_add_func("/nfd/ra/build/preference", test_build_preference);
	g_test_add_func("/nfd/ra/build/farewell-stop", test_build_farewell_stop);
	g_test_add_func("/nfd/ra/build/farewell-removed", test_build_farewell_removed);
	g_test_add_func("/nfd/ra/build/old-prefix", test_build_old_prefix);
	g_test_add_func("/nfd/ra/build/overflow", test_build_overflow);
	g_test_add_func("/nfd/ra/build/route-lengths", test_route_lengths);
	g_test_add_func("/nfd/ra/params/binding", test_params_binding);
	g_test_add_func("/nfd/ra/config/validate", test_config_validate);
	g_test_add_func("/nfd/ra/config/largest-fits", test_config_largest_fits);
	g_test_add_func("/nfd/ra/config/dnssl-too-long", test_config_dnssl_too_long);
	g_test_add_func("/nfd/ra/config/route-parse", test_route_parse);
	g_test_add_func("/nfd/ra/sched/first-immediate", test_sched_first_immediate);
	g_test_add_func("/nfd/ra/sched/initial-capped", test_sched_initial_capped);
	g_test_add_func("/nfd/ra/sched/jitter-range", test_sched_jitter_range);
	g_test_add_func("/nfd/ra/sched/rate-limit", test_sched_rate_limit);
	g_test_add_func("/nfd/ra/sched/change-respects-rate-limit",
			test_sched_change_respects_rate_limit);
	return g_test_run();
}
