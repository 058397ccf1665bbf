/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the ndp plugin's pure code: NS validation over real frames, the answer
 * decision, the DAD snooping table and byte-exact NA building.
 *
 * tests/data/ns-*.bin are whole Ethernet frames captured on the host end ("tap1") of a veth
 * pair in a private network namespace (unshare --net --mount), guest end "vm0" with MAC
 * 52:54:00:00:00:01, with `tcpdump -i tap1 -Q in`:
 *   ns-dad-kernel-ll.bin       the kernel's DAD probe for fe80::5054:ff:fe00:1 (nonce option)
 *   ns-dad-kernel-global.bin   DAD for 2001:db8:1:0:5054:ff:fe00:1 after `ip addr add`
 *   ns-dad-kernel-stable.bin   DAD for an RFC 7217 link-local (addr_gen_mode=2)
 *   ns-ndisc6-gateway6.bin     `ndisc6 2001:db8:1::1 vm0`, from the link-local, with SLLA
 *   ns-ndisc6-router-ll.bin    `ndisc6 fe80::ff:fe00:1 vm0` (router MAC 02:00:00:00:00:01)
 *   ns-kernel-global-src.bin   the kernel resolving 2001:db8:1::1 for a UDP socket bound to
 *                              the global address (multicast NS from the global source)
 *   ns-kernel-nud-unicast.bin  the kernel's unicast NUD probe to 2001:db8:1::1 (stale entry)
 *   ns-dad-kernel-gateway6.bin DAD for 2001:db8:1::1 (GATEWAY6) after `ip addr add` on vm0
 *   ns-dad-kernel-router-ll.bin DAD for fe80::ff:fe00:1 (the router link-local)
 *   ns-kernel-peer.bin         the kernel resolving a peer, 2001:db8:1::5054:ff:fe00:2, for a
 *                              UDP socket bound to vm0's 2001:db8:1::5054:ff:fe00:1
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-binding.h"
#include "nfd-ndp-proto.h"
#include "nfd-proto.h"
#include "nfd-test-frame.h"

static const guint8 vm_mac[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x01};
static const guint8 other_mac[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x99};
static const guint8 router_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

static void
frame_load(NfdTestFrame *f, const gchar *name)
{
	nfd_test_frame_load(f, name, 24);
}

static NfdNdpNsStatus
frame_parse(const NfdTestFrame *f, NfdNdpNs *ns)
{
	gboolean ok = nfd_test_frame_checksum_ok(f);
	return nfd_ndp_ns_parse(f->l4, f->l4_len, f->hop_limit, ok, &f->src, &f->dst, ns);
}

static NfdBinding *
binding_new(void)
{
	NfdBinding *b = nfd_binding_new("tap1");

	g_assert_true(nfd_binding_set_value(b, "MAC", "52:54:00:00:00:01", NULL));
	g_assert_true(nfd_binding_set_value(b, "SUBNET6", "2001:db8:1::/64", NULL));
	g_assert_true(nfd_binding_set_value(b, "GATEWAY6", "2001:db8:1::1", NULL));
	return b;
}

static void
ctx_init(NfdNdpContext *ctx, const NfdBinding *b, const NfdNdpSnoop *snoop, gboolean proxy)
{
	nfd_ndp_context_from_binding(ctx, b, snoop, proxy);
	/* nfd-binding.c falls back to 02:00:00:00:00:01 until the core resolves INDEV */
	g_assert_cmpmem(nfd_binding_get_router_mac(b), 6, router_mac, 6);
}

static NfdNdpAction
decide_frame(const gchar *name, const NfdBinding *b, const NfdNdpSnoop *snoop, gboolean proxy)
{
	NfdTestFrame f;
	NfdNdpNs ns;
	NfdNdpContext ctx;

	frame_load(&f, name);
	g_assert_cmpint(frame_parse(&f, &ns), ==, NFD_NDP_NS_OK);
	ctx_init(&ctx, b, snoop, proxy);
	return nfd_ndp_decide(&ns, f.frame + 6, &ctx);
}

static void
test_ns_dad_parse(void)
{
	NfdTestFrame f;
	NfdNdpNs ns;
	struct in6_addr want;

	frame_load(&f, "ns-dad-kernel-ll.bin");
	g_assert_cmpint(frame_parse(&f, &ns), ==, NFD_NDP_NS_OK);
	g_assert_true(ns.dad);
	g_assert_false(ns.has_slla);
	g_assert_true(ns.has_nonce);
	inet_pton(AF_INET6, "fe80::5054:ff:fe00:1", &want);
	g_assert_cmpmem(&ns.target, 16, &want, 16);
}

static void
test_ns_ndisc6_parse(void)
{
	NfdTestFrame f;
	NfdNdpNs ns;
	struct in6_addr want;

	frame_load(&f, "ns-ndisc6-gateway6.bin");
	g_assert_cmpint(frame_parse(&f, &ns), ==, NFD_NDP_NS_OK);
	g_assert_false(ns.dad);
	g_assert_true(ns.has_slla);
	g_assert_cmpmem(ns.slla, 6, vm_mac, 6);
	inet_pton(AF_INET6, "2001:db8:1::1", &want);
	g_assert_cmpmem(&ns.target, 16, &want, 16);
}

static void
test_ns_hop_limit(void)
{
	NfdTestFrame f;
	NfdNdpNs ns;

	frame_load(&f, "ns-ndisc6-gateway6.bin");
	f.hop_limit = 254;
	g_assert_cmpint(frame_parse(&f, &ns), ==, NFD_NDP_NS_BAD_HOP_LIMIT);
}

static void
test_ns_bad_checksum(void)
{
	NfdTestFrame f;
	NfdNdpNs ns;

	frame_load(&f, "ns-ndisc6-gateway6.bin");
	f.l4[3] ^= 0x80;
	g_assert_cmpint(frame_parse(&f, &ns), ==, NFD_NDP_NS_BAD_CHECKSUM);
}

static void
test_ns_bad_code(void)
{
	NfdTestFrame f;
	NfdNdpNs ns;

	frame_load(&f, "ns-ndisc6-gateway6.bin");
	f.l4[1] = 3;
	g_assert_cmpint(nfd_ndp_ns_parse(f.l4, f.l4_len, 255, TRUE, &f.src, &f.dst, &ns),
			==,
			NFD_NDP_NS_BAD_CODE);
}

static void
test_ns_too_short(void)
{
	NfdTestFrame f;
	NfdNdpNs ns;

	frame_load(&f, "ns-ndisc6-gateway6.bin");
	g_assert_cmpint(nfd_ndp_ns_parse(f.l4, 23, 255, TRUE, &f.src, &f.dst, &ns),
			==,
			NFD_NDP_NS_TOO_SHORT);
	g_assert_cmpint(nfd_ndp_ns_parse(f.l4, 24, 255, TRUE, &f.src, &f.dst, &ns),
			==,
			NFD_NDP_NS_OK);
}

static void
test_ns_multicast_target(void)
{
	NfdTestFrame f;
	NfdNdpNs ns;

	frame_load(&f, "ns-ndisc6-gateway6.bin");
	f.l4[8] = 0xff;
	g_assert_cmpint(nfd_ndp_ns_parse(f.l4, f.l4_len, 255, TRUE, &f.src, &f.dst, &ns),
			==,
			NFD_NDP_NS_MULTICAST_TARGET);
}

static void
test_ns_bad_options(void)
{
	NfdTestFrame f;
	NfdNdpNs ns;

	frame_load(&f, "ns-ndisc6-gateway6.bin");
	f.l4[25] = 0;
	g_assert_cmpint(nfd_ndp_ns_parse(f.l4, f.l4_len, 255, TRUE, &f.src, &f.dst, &ns),
			==,
			NFD_NDP_NS_BAD_OPTION);
	f.l4[25] = 2;
	g_assert_cmpint(nfd_ndp_ns_parse(f.l4, f.l4_len, 255, TRUE, &f.src, &f.dst, &ns),
			==,
			NFD_NDP_NS_BAD_OPTION);
	f.l4[25] = 1;
	g_assert_cmpint(nfd_ndp_ns_parse(f.l4, 25, 255, TRUE, &f.src, &f.dst, &ns),
			==,
			NFD_NDP_NS_BAD_OPTION);
}

static void
test_ns_dad_rules(void)
{
	NfdTestFrame f;
	NfdNdpNs ns;

	/* from :: to a non-solicited-node destination */
	frame_load(&f, "ns-dad-kernel-global.bin");
	f.dst.s6_addr[11] = 0;
	g_assert_cmpint(nfd_ndp_ns_parse(f.l4, f.l4_len, 255, TRUE, &f.src, &f.dst, &ns),
			==,
			NFD_NDP_NS_DAD_NOT_SOLICITED_NODE);
	/* from :: with an SLLA */
	frame_load(&f, "ns-ndisc6-gateway6.bin");
	memset(&f.src, 0, 16);
	g_assert_cmpint(nfd_ndp_ns_parse(f.l4, f.l4_len, 255, TRUE, &f.src, &f.dst, &ns),
			==,
			NFD_NDP_NS_SLLA_FROM_UNSPECIFIED);
}

static void
test_decide_dad_accepted(void)
{
	g_autoptr(NfdBinding) b = binding_new();

	g_assert_cmpint(decide_frame("ns-dad-kernel-ll.bin", b, NULL, FALSE),
			==,
			NFD_NDP_ACCEPT_DAD);
	g_assert_cmpint(decide_frame("ns-dad-kernel-global.bin", b, NULL, TRUE),
			==,
			NFD_NDP_ACCEPT_DAD);
	g_assert_cmpint(decide_frame("ns-dad-kernel-stable.bin", b, NULL, FALSE),
			==,
			NFD_NDP_ACCEPT_DAD);
}

static void
test_decide_gateway(void)
{
	g_autoptr(NfdBinding) b = binding_new();

	g_assert_cmpint(decide_frame("ns-ndisc6-gateway6.bin", b, NULL, FALSE),
			==,
			NFD_NDP_ANSWER_ROUTER);
	g_assert_cmpint(decide_frame("ns-kernel-global-src.bin", b, NULL, FALSE),
			==,
			NFD_NDP_ANSWER_ROUTER);
	g_assert_cmpint(decide_frame("ns-kernel-nud-unicast.bin", b, NULL, FALSE),
			==,
			NFD_NDP_ANSWER_ROUTER);
}

static void
test_decide_router_ll(void)
{
	g_autoptr(NfdBinding) b = binding_new();

	g_assert_cmpint(decide_frame("ns-ndisc6-router-ll.bin", b, NULL, FALSE),
			==,
			NFD_NDP_ANSWER_ROUTER);
}

static void
test_decide_proxy(void)
{
	g_autoptr(NfdBinding) b = binding_new();

	/* without GATEWAY6, 2001:db8:1::1 is just another address of the prefix */
	g_assert_true(nfd_binding_set_value(b, "GATEWAY6", "", NULL));
	g_assert_cmpint(decide_frame("ns-ndisc6-gateway6.bin", b, NULL, FALSE),
			==,
			NFD_NDP_ACCEPT_NOT_OURS);
	g_assert_cmpint(decide_frame("ns-ndisc6-gateway6.bin", b, NULL, TRUE),
			==,
			NFD_NDP_ANSWER_PROXY);
}

/* [ndp] proxy = auto: a routed tap's NS for a peer in SUBNET6 is answered (original.md §6.2),
 * so the VMs of one SUBNET6 reach each other through the host */
static void
test_decide_routed_peer(void)
{
	g_autoptr(NfdBinding) b = binding_new();
	gboolean proxy = nfd_ndp_proxy_enabled(NFD_NDP_PROXY_AUTO, FALSE);

	g_assert_cmpint(decide_frame("ns-kernel-peer.bin", b, NULL, proxy),
			==,
			NFD_NDP_ANSWER_PROXY);
}

/* [ndp] proxy = auto: on a bridge port the same NS goes back to the kernel, which bridges it
 * to the peer; GATEWAY6 is still answered */
static void
test_decide_bridged_peer(void)
{
	g_autoptr(NfdBinding) b = binding_new();
	gboolean proxy = nfd_ndp_proxy_enabled(NFD_NDP_PROXY_AUTO, TRUE);

	g_assert_cmpint(decide_frame("ns-kernel-peer.bin", b, NULL, proxy),
			==,
			NFD_NDP_ACCEPT_NOT_OURS);
	g_assert_cmpint(decide_frame("ns-kernel-global-src.bin", b, NULL, proxy),
			==,
			NFD_NDP_ANSWER_ROUTER);
	g_assert_cmpint(decide_frame("ns-ndisc6-router-ll.bin", b, NULL, proxy),
			==,
			NFD_NDP_ANSWER_ROUTER);
}

/* proxy = no: the peer's NS goes to the kernel (its proxy_ndp entries), on a routed tap too */
static void
test_decide_proxy_no(void)
{
	g_autoptr(NfdBinding) b = binding_new();

	g_assert_cmpint(decide_frame("ns-kernel-peer.bin",
				     b,
				     NULL,
				     nfd_ndp_proxy_enabled(NFD_NDP_PROXY_NO, FALSE)),
			==,
			NFD_NDP_ACCEPT_NOT_OURS);
	g_assert_cmpint(decide_frame("ns-kernel-peer.bin",
				     b,
				     NULL,
				     nfd_ndp_proxy_enabled(NFD_NDP_PROXY_YES, TRUE)),
			==,
			NFD_NDP_ANSWER_PROXY);
}

/* a target outside SUBNET6 (here a link-local that is neither the VM's nor the router's) is
 * left to the kernel, never dropped */
static void
test_decide_outside_subnet6(void)
{
	g_autoptr(NfdBinding) b = binding_new();

	/* SUBNET6 elsewhere: 2001:db8:1::5054:ff:fe00:2 is outside it */
	g_assert_true(nfd_binding_set_value(b, "SUBNET6", "2001:db8:2::/64", NULL));
	g_assert_true(nfd_binding_set_value(b, "GATEWAY6", "2001:db8:2::1", NULL));
	g_assert_cmpint(decide_frame("ns-kernel-peer.bin", b, NULL, TRUE),
			==,
			NFD_NDP_ACCEPT_NOT_OURS);
}

static void
test_decide_no_subnet6(void)
{
	g_autoptr(NfdBinding) b = binding_new();

	g_assert_true(nfd_binding_set_value(b, "SUBNET6", "", NULL));
	g_assert_cmpint(decide_frame("ns-ndisc6-gateway6.bin", b, NULL, TRUE),
			==,
			NFD_NDP_ACCEPT_NO_SUBNET6);
}

/* RFC 4861 §7.2.4: a DAD probe for GATEWAY6 or the router link-local is answered */
static void
test_decide_dad_defended(void)
{
	g_autoptr(NfdBinding) b = binding_new();

	g_assert_cmpint(decide_frame("ns-dad-kernel-gateway6.bin", b, NULL, FALSE),
			==,
			NFD_NDP_ANSWER_DAD);
	g_assert_cmpint(decide_frame("ns-dad-kernel-router-ll.bin", b, NULL, FALSE),
			==,
			NFD_NDP_ANSWER_DAD);
}

/* a probe for another address of SUBNET6 is never answered, with the proxy on too */
static void
test_decide_dad_proxy_never(void)
{
	g_autoptr(NfdBinding) b = binding_new();

	g_assert_true(nfd_binding_set_value(b, "GATEWAY6", "2001:db8:1::fffe", NULL));
	g_assert_cmpint(decide_frame("ns-dad-kernel-gateway6.bin", b, NULL, TRUE),
			==,
			NFD_NDP_ACCEPT_DAD);
}

/* no IPv6 service on the tap: nothing to defend */
static void
test_decide_dad_no_subnet6(void)
{
	g_autoptr(NfdBinding) b = binding_new();

	g_assert_true(nfd_binding_set_value(b, "SUBNET6", "", NULL));
	g_assert_cmpint(decide_frame("ns-dad-kernel-router-ll.bin", b, NULL, TRUE),
			==,
			NFD_NDP_ACCEPT_DAD);
}

static void
test_proxy_mode_parse(void)
{
	NfdNdpProxyMode m = NFD_NDP_PROXY_NO;

	g_assert_true(nfd_ndp_proxy_mode_parse("auto", &m));
	g_assert_cmpint(m, ==, NFD_NDP_PROXY_AUTO);
	/* the legacy booleans keep their meaning */
	g_assert_true(nfd_ndp_proxy_mode_parse("true", &m));
	g_assert_cmpint(m, ==, NFD_NDP_PROXY_YES);
	g_assert_true(nfd_ndp_proxy_mode_parse("Yes", &m));
	g_assert_cmpint(m, ==, NFD_NDP_PROXY_YES);
	g_assert_true(nfd_ndp_proxy_mode_parse("false", &m));
	g_assert_cmpint(m, ==, NFD_NDP_PROXY_NO);
	g_assert_true(nfd_ndp_proxy_mode_parse("off", &m));
	g_assert_cmpint(m, ==, NFD_NDP_PROXY_NO);
	g_assert_false(nfd_ndp_proxy_mode_parse("routed", &m));
	g_assert_false(nfd_ndp_proxy_mode_parse("", &m));
	g_assert_false(nfd_ndp_proxy_mode_parse(NULL, &m));
}

static void
test_proxy_enabled(void)
{
	g_assert_true(nfd_ndp_proxy_enabled(NFD_NDP_PROXY_AUTO, FALSE));
	g_assert_false(nfd_ndp_proxy_enabled(NFD_NDP_PROXY_AUTO, TRUE));
	g_assert_true(nfd_ndp_proxy_enabled(NFD_NDP_PROXY_YES, TRUE));
	g_assert_false(nfd_ndp_proxy_enabled(NFD_NDP_PROXY_NO, FALSE));
}

static void
test_decide_spoofed(void)
{
	g_autoptr(NfdBinding) b = binding_new();
	NfdTestFrame f;
	NfdNdpNs ns;
	NfdNdpContext ctx;

	frame_load(&f, "ns-ndisc6-gateway6.bin");
	g_assert_cmpint(frame_parse(&f, &ns), ==, NFD_NDP_NS_OK);
	memcpy(ns.slla, other_mac, 6);
	ctx_init(&ctx, b, NULL, FALSE);
	g_assert_cmpint(nfd_ndp_decide(&ns, vm_mac, &ctx), ==, NFD_NDP_DROP_SPOOFED);
	/* no SLLA: the frame's source MAC is checked */
	ns.has_slla = FALSE;
	g_assert_cmpint(nfd_ndp_decide(&ns, other_mac, &ctx), ==, NFD_NDP_DROP_SPOOFED);
	/* MACSPOOF lets it through */
	g_assert_true(nfd_binding_set_value(b, "MACSPOOF", "1", NULL));
	ctx_init(&ctx, b, NULL, FALSE);
	g_assert_cmpint(nfd_ndp_decide(&ns, other_mac, &ctx), ==, NFD_NDP_ANSWER_ROUTER);
}

static void
test_decide_own_address(void)
{
	g_autoptr(NfdBinding) b = binding_new();
	NfdNdpNs ns = {.has_slla = TRUE};
	NfdNdpContext ctx;
	NfdNdpSnoop snoop = {0};

	memcpy(ns.slla, vm_mac, 6);
	ctx_init(&ctx, b, &snoop, TRUE);
	/* SUBNET6 + EUI-64 of the MAC, even without an EUI64 key */
	inet_pton(AF_INET6, "2001:db8:1::5054:ff:fe00:1", &ns.target);
	g_assert_cmpint(nfd_ndp_decide(&ns, vm_mac, &ctx), ==, NFD_NDP_ACCEPT_OWN);
	/* an RFC 7217 address the VM defended by DAD */
	inet_pton(AF_INET6, "2001:db8:1::abcd", &ns.target);
	g_assert_cmpint(nfd_ndp_decide(&ns, vm_mac, &ctx), ==, NFD_NDP_ANSWER_PROXY);
	nfd_ndp_snoop_record(&snoop, &ns.target);
	g_assert_cmpint(nfd_ndp_decide(&ns, vm_mac, &ctx), ==, NFD_NDP_ACCEPT_OWN);
}

static void
test_snoop_table(void)
{
	NfdNdpSnoop s = {0};
	struct in6_addr a = {.s6_addr = {0x20, 0x01, 0x0d, 0xb8}};
	g_autoptr(GString) out = g_string_new(NULL);

	for (guint i = 0; i < NFD_NDP_SNOOP_MAX + 2; i++) {
		a.s6_addr[15] = (guint8)i;
		nfd_ndp_snoop_record(&s, &a);
		nfd_ndp_snoop_record(&s, &a);
	}
	g_assert_cmpuint(s.n, ==, NFD_NDP_SNOOP_MAX);
	/* the two oldest were replaced */
	a.s6_addr[15] = 0;
	g_assert_false(nfd_ndp_snoop_contains(&s, &a));
	a.s6_addr[15] = 2;
	g_assert_true(nfd_ndp_snoop_contains(&s, &a));
	a.s6_addr[15] = NFD_NDP_SNOOP_MAX + 1;
	g_assert_true(nfd_ndp_snoop_contains(&s, &a));
	nfd_ndp_snoop_dump(&s, out);
	g_assert_nonnull(strstr(out->str, "2001:db8::11"));
	g_assert_null(strstr(out->str, "2001:db8:: "));
}

static void
test_build_na_router(void)
{
	static const guint8 want[] = {136,  0, 0,    0, 0xe0, 0, 0, 0, 0x20, 0x01, 0x0d,
				      0xb8, 0, 0x01, 0, 0,    0, 0, 0, 0,    0,	   0,
				      0,    1, 2,    1, 0x02, 0, 0, 0, 0,    1};
	struct in6_addr target;
	guint8 buf[64];
	gssize n;

	inet_pton(AF_INET6, "2001:db8:1::1", &target);
	n = nfd_ndp_build_na(&target, router_mac, TRUE, TRUE, TRUE, buf, sizeof(buf));
	g_assert_cmpmem(buf, n, want, sizeof(want));
}

static void
test_build_na_flags(void)
{
	struct in6_addr target = {0};
	guint8 buf[64];

	g_assert_cmpint(nfd_ndp_build_na(&target, router_mac, FALSE, TRUE, FALSE, buf, sizeof(buf)),
			==,
			32);
	g_assert_cmphex(buf[4], ==, 0x40);
	g_assert_cmpint(nfd_ndp_build_na(&target, router_mac, TRUE, FALSE, TRUE, buf, sizeof(buf)),
			==,
			32);
	g_assert_cmphex(buf[4], ==, 0xa0);
	g_assert_cmpint(nfd_ndp_build_na(&target, router_mac, TRUE, TRUE, FALSE, buf, 31), ==, -1);
}

/* decides @name and returns the addressing and the built NA of the answer */
static NfdNdpAction
answer_frame(const gchar *name,
	     const NfdBinding *b,
	     gboolean proxy,
	     NfdNdpNaAddressing *na,
	     guint8 *buf,
	     gssize *n)
{
	NfdTestFrame f;
	NfdNdpNs ns;
	NfdNdpContext ctx;
	NfdNdpAction action;

	frame_load(&f, name);
	g_assert_cmpint(frame_parse(&f, &ns), ==, NFD_NDP_NS_OK);
	ctx_init(&ctx, b, NULL, proxy);
	action = nfd_ndp_decide(&ns, f.frame + 6, &ctx);
	g_assert_true(nfd_ndp_action_is_answer(action));
	nfd_ndp_na_addressing(action, &ns, &f.src, f.frame + 6, &ctx, na);
	*n = nfd_ndp_build_na(&ns.target,
			      router_mac,
			      na->router,
			      na->solicited,
			      na->override,
			      buf,
			      64);
	g_assert_cmpint(*n, ==, 32);
	return action;
}

/* GATEWAY6: R=1 S=1 O=1, from the target, unicast to the asker and its SLLA.
 * ndisc6 1.0.5 ignores an NA whose IPv6 source is not the target it solicited (found in the
 * lab: the NA arrived, ndisc6 said "Timed out"); Linux answers from the target too. */
static void
test_na_router(void)
{
	g_autoptr(NfdBinding) b = binding_new();
	NfdNdpNaAddressing na;
	guint8 buf[64];
	gssize n;
	struct in6_addr want;

	g_assert_cmpint(answer_frame("ns-ndisc6-gateway6.bin", b, FALSE, &na, buf, &n),
			==,
			NFD_NDP_ANSWER_ROUTER);
	g_assert_cmphex(buf[4], ==, 0xe0);
	inet_pton(AF_INET6, "2001:db8:1::1", &want);
	g_assert_cmpmem(&na.src, 16, &want, 16);
	inet_pton(AF_INET6, "fe80::5054:ff:fe00:1", &want);
	g_assert_cmpmem(&na.dst, 16, &want, 16);
	g_assert_cmpmem(na.dst_mac, 6, vm_mac, 6);

	g_assert_cmpint(answer_frame("ns-ndisc6-router-ll.bin", b, FALSE, &na, buf, &n),
			==,
			NFD_NDP_ANSWER_ROUTER);
	g_assert_cmphex(buf[4], ==, 0xe0);
	inet_pton(AF_INET6, "fe80::ff:fe00:1", &want);
	g_assert_cmpmem(&na.src, 16, &want, 16);
}

/* a proxied peer: R=0 (RFC 4389 §4.1.3) S=1 O=0 (RFC 4861 §7.2.8), from the router
 * link-local (a proxy does not pretend to be the target), unicast to the asker's global
 * source and its SLLA */
static void
test_na_proxy(void)
{
	g_autoptr(NfdBinding) b = binding_new();
	NfdNdpNaAddressing na;
	guint8 buf[64];
	gssize n;
	struct in6_addr want;

	g_assert_cmpint(answer_frame("ns-kernel-peer.bin", b, TRUE, &na, buf, &n),
			==,
			NFD_NDP_ANSWER_PROXY);
	g_assert_false(na.router);
	g_assert_cmphex(buf[4], ==, 0x40);
	inet_pton(AF_INET6, "fe80::ff:fe00:1", &want);
	g_assert_cmpmem(&na.src, 16, &want, 16);
	inet_pton(AF_INET6, "2001:db8:1::5054:ff:fe00:1", &want);
	g_assert_cmpmem(&na.dst, 16, &want, 16);
	g_assert_cmpmem(na.dst_mac, 6, vm_mac, 6);
}

/* RFC 4861 §7.2.4: the DAD defence goes to all-nodes with S=0, O=1 (and R=1: it is the
 * router's address), from the defended address itself */
static void
test_na_dad_defence(void)
{
	static const guint8 want_na[] = {136,  0, 0, 0, 0xa0, 0, 0, 0, 0x20, 0x01, 0x0d,
					 0xb8, 0, 1, 0, 0,    0, 0, 0, 0,    0,	   0,
					 0,    1, 2, 1, 0x02, 0, 0, 0, 0,    1};
	static const guint8 all_nodes_mac[6] = {0x33, 0x33, 0, 0, 0, 1};
	g_autoptr(NfdBinding) b = binding_new();
	NfdNdpNaAddressing na;
	guint8 buf[64];
	gssize n;
	struct in6_addr want;

	g_assert_cmpint(answer_frame("ns-dad-kernel-gateway6.bin", b, FALSE, &na, buf, &n),
			==,
			NFD_NDP_ANSWER_DAD);
	g_assert_cmpmem(buf, n, want_na, sizeof(want_na));
	inet_pton(AF_INET6, "ff02::1", &want);
	g_assert_cmpmem(&na.dst, 16, &want, 16);
	g_assert_cmpmem(na.dst_mac, 6, all_nodes_mac, 6);
	inet_pton(AF_INET6, "2001:db8:1::1", &want);
	g_assert_cmpmem(&na.src, 16, &want, 16);

	g_assert_cmpint(answer_frame("ns-dad-kernel-router-ll.bin", b, FALSE, &na, buf, &n),
			==,
			NFD_NDP_ANSWER_DAD);
	g_assert_cmphex(buf[4], ==, 0xa0);
	inet_pton(AF_INET6, "fe80::ff:fe00:1", &want);
	g_assert_cmpmem(&na.src, 16, &want, 16);
	inet_pton(AF_INET6, "ff02::1", &want);
	g_assert_cmpmem(&na.dst, 16, &want, 16);
}

/* without an SLLA the NA goes to the frame's source MAC */
static void
test_na_dest_no_slla(void)
{
	g_autoptr(NfdBinding) b = binding_new();
	NfdNdpNs ns = {.has_slla = FALSE};
	NfdNdpContext ctx;
	NfdNdpNaAddressing na;
	struct in6_addr src = {.s6_addr = {0xfe, 0x80, [15] = 9}};

	inet_pton(AF_INET6, "2001:db8:1::1", &ns.target);
	ctx_init(&ctx, b, NULL, FALSE);
	g_assert_cmpint(nfd_ndp_decide(&ns, vm_mac, &ctx), ==, NFD_NDP_ANSWER_ROUTER);
	nfd_ndp_na_addressing(NFD_NDP_ANSWER_ROUTER, &ns, &src, vm_mac, &ctx, &na);
	g_assert_cmpmem(na.dst_mac, 6, vm_mac, 6);
	g_assert_cmpmem(&na.dst, 16, &src, 16);
	ns.has_slla = TRUE;
	memcpy(ns.slla, other_mac, 6);
	nfd_ndp_na_addressing(NFD_NDP_ANSWER_ROUTER, &ns, &src, vm_mac, &ctx, &na);
	g_assert_cmpmem(na.dst_mac, 6, other_mac, 6);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/ndp/ns/dad-parse", test_ns_dad_parse);
	g_test_add_func("/nfd/ndp/ns/ndisc6-parse", test_ns_ndisc6_parse);
	g_test_add_func("/nfd/ndp/ns/hop-limit", test_ns_hop_limit);
	g_test_add_func("/nfd/ndp/ns/bad-checksum", test_ns_bad_checksum);
	g_test_add_func("/nfd/ndp/ns/bad-code", test_ns_bad_code);
	g_test_add_func("/nfd/ndp/ns/too-short", test_ns_too_short);
	g_test_add_func("/nfd/ndp/ns/multicast-target", test_ns_multicast_target);
	g_test_add_func("/nfd/ndp/ns/bad-options", test_ns_bad_options);
	g_test_add_func("/nfd/ndp/ns/dad-rules", test_ns_dad_rules);
	g_test_add_func("/nfd/ndp/decide/dad-accepted", test_decide_dad_accepted);
	g_test_add_func("/nfd/ndp/decide/gateway", test_decide_gateway);
	g_test_add_func("/nfd/ndp/decide/router-ll", test_decide_router_ll);
	g_test_add_func("/nfd/ndp/decide/proxy", test_decide_proxy);
	g_test_add_func("/nfd/ndp/decide/routed-peer", test_decide_routed_peer);
	g_test_add_func("/nfd/ndp/decide/bridged-peer", test_decide_bridged_peer);
	g_test_add_func("/nfd/ndp/decide/proxy-no", test_decide_proxy_no);
	g_test_add_func("/nfd/ndp/decide/outside-subnet6", test_decide_outside_subnet6);
	g_test_add_func("/nfd/ndp/decide/no-subnet6", test_decide_no_subnet6);
	g_test_add_func("/nfd/ndp/decide/dad-defended", test_decide_dad_defended);
	g_test_add_func("/nfd/ndp/decide/dad-proxy-never", test_decide_dad_proxy_never);
	g_test_add_func("/nfd/ndp/decide/dad-no-subnet6", test_decide_dad_no_subnet6);
	g_test_add_func("/nfd/ndp/config/proxy-mode-parse", test_proxy_mode_parse);
	g_test_add_func("/nfd/ndp/config/proxy-enabled", test_proxy_enabled);
	g_test_add_func("/nfd/ndp/decide/spoofed", test_decide_spoofed);
	g_test_add_func("/nfd/ndp/decide/own-address", test_decide_own_address);
	g_test_add_func("/nfd/ndp/snoop/table", test_snoop_table);
	g_test_add_func("/nfd/ndp/build/na-router", test_build_na_router);
	g_test_add_func("/nfd/ndp/build/na-flags", test_build_na_flags);
	g_test_add_func("/nfd/ndp/na/router", test_na_router);
	g_test_add_func("/nfd/ndp/na/proxy", test_na_proxy);
	g_test_add_func("/nfd/ndp/na/dad-defence", test_na_dad_defence);
	g_test_add_func("/nfd/ndp/na/dest-no-slla", test_na_dest_no_slla);
	return g_test_run();
}
