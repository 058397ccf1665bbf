/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ndp plugin through the plugin test kit (testkit/): the module's descriptor on the
 * daemon's own core.  Besides the answer to a captured NS, what only the whole path shows:
 * the queue (default 44, GRNET's [ipv6] ns_queue) and the core's checksum policy, which drops
 * an NS with a bad ICMPv6 checksum before the plugin sees it (RFC 4861 §7.1.1).
 */
#include <string.h>

#include "nfd-testkit.h"
#include "tests/nfd-test-free-sliced.h"

const NfdPluginDescriptor *
nfd_plugin_descriptor(void);

static const guint8 vm_mac[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x01};
static const gchar *const binding_kv[] =
    {"MAC", "52:54:00:00:00:01", "SUBNET6", "2001:db8:1::/64", "GATEWAY6", "2001:db8:1::1", NULL};

static NfdTestkit *
kit_new(const gchar *config)
{
	g_autoptr(GError) error = NULL;
	NfdTestkit *kit = nfd_testkit_new(nfd_plugin_descriptor(), config, &error);

	g_assert_no_error(error);
	g_assert_true(nfd_testkit_add_binding(kit, "tap1", binding_kv, &error));
	/* the binding exists before start: the core announces it (ADDED) after start() */
	g_assert_true(nfd_testkit_start(kit, &error));
	return kit;
}

/* a captured frame (tests/data/ns-*.bin) from its IPv6 header on */
static GBytes *
load_packet(const gchar *name)
{
	g_autofree gchar *fn = g_test_build_filename(G_TEST_DIST, "tests", "data", name, NULL);
	g_autofree gchar *data = NULL;
	gsize len = 0;

	g_assert_true(g_file_get_contents(fn, &data, &len, NULL));
	g_assert_cmpuint(len, >, 14);
	return g_bytes_new(data + 14, len - 14);
}

static void
test_queue(void)
{
	g_autoptr(NfdTestkit) kit = kit_new(NULL);
	g_autoptr(NfdTestkit) grnet = kit_new("[ipv6]\nns_queue = 54\nrs_queue = 53\n");

	g_assert_cmpuint(nfd_testkit_get_queue(kit), ==, 44);
	g_assert_cmpuint(nfd_testkit_get_queue(grnet), ==, 54);
}

static void
test_gateway_answered(void)
{
	g_autoptr(NfdTestkit) kit = kit_new(NULL);
	g_autoptr(GBytes) ns = load_packet("ns-ndisc6-gateway6.bin");
	g_autoptr(GBytes) reply = NULL;
	const guint8 *na;
	gsize len = 0;

	g_assert_cmpint(nfd_testkit_handle(kit, "tap1", vm_mac, ns, &reply), ==, NFD_VERDICT_REPLY);
	na = nfd_testkit_frame_payload(reply, &len);
	g_assert_nonnull(na);
	/* RFC 4861 §4.4: a Neighbor Advertisement, router and solicited flags */
	g_assert_cmpuint(na[0], ==, 136);
	g_assert_cmpuint(na[4] & 0xc0, ==, 0xc0);
}

static void
test_bad_checksum_dropped_by_core(void)
{
	g_autoptr(NfdTestkit) kit = kit_new(NULL);
	g_autoptr(GBytes) ns = load_packet("ns-ndisc6-gateway6.bin");
	g_autofree guint8 *bad = g_memdup2(g_bytes_get_data(ns, NULL), g_bytes_get_size(ns));
	g_autoptr(GBytes) packet = NULL;
	g_autofree gchar *dump = NULL;

	/* the ICMPv6 checksum field is 2 bytes into the message, after the 40-byte header */
	bad[42] ^= 0xff;
	packet = g_bytes_new(bad, g_bytes_get_size(ns));
	g_assert_cmpint(nfd_testkit_handle(kit, "tap1", vm_mac, packet, NULL),
			==,
			NFD_VERDICT_DROP);
	dump = nfd_testkit_dump(kit);
	g_assert_nonnull(strstr(dump, "0 packets handled"));
	g_assert_nonnull(strstr(dump, "1 ICMPv6 checksum errors"));
}

/* SDK 1.1: explain's NS for GATEWAY6 gets the router's NA */
static void
test_explain_na(void)
{
	g_autoptr(NfdTestkit) kit = kit_new(NULL);
	g_autoptr(GBytes) reply = NULL;
	g_autoptr(GError) error = NULL;
	gsize len = 0;
	const guint8 *icmp;

	g_assert_cmpint(nfd_testkit_explain(kit, "tap1", NULL, NULL, &reply, &error),
			==,
			NFD_VERDICT_REPLY);
	g_assert_no_error(error);
	icmp = nfd_testkit_frame_payload(reply, &len);
	g_assert_cmpuint(len, >=, 24);
	/* a Neighbor Advertisement with the R flag */
	g_assert_cmpuint(icmp[0], ==, 136);
	g_assert_cmpuint(icmp[4] & 0x80, ==, 0x80);
}

#define MANY_TAPS 20000

/* issue 16: a reload frees the replaced instance from a main-loop callback; its per-tap state
 * (264 bytes a tap) is released over later turns, a few chunks each, not in that one turn */
static void
test_free_sliced(void)
{
	g_autoptr(GError) error = NULL;
	NfdTestkit *kit = nfd_testkit_new(nfd_plugin_descriptor(), NULL, &error);

	g_assert_no_error(error);
	for (guint i = 0; i < MANY_TAPS; i++) {
		g_autofree gchar *tap = g_strdup_printf("tap%u", i);
		g_autofree gchar *text = g_strdup_printf("MAC=52:54:00:00:%02x:%02x\n"
							 "SUBNET6=2001:db8:1::/64\n",
							 i >> 8,
							 i & 0xff);
		g_assert_true(nfd_testkit_add_binding_text(kit, tap, text, &error));
	}
	g_assert_true(nfd_testkit_start(kit, &error));
	nfd_test_assert_freed_in_slices(kit, MANY_TAPS * 264, 5);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	/* the dropped packet is warned about (rate-limited); criticals stay fatal */
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
	g_test_add_func("/nfd/ndp/plugin/queue", test_queue);
	g_test_add_func("/nfd/ndp/plugin/gateway-answered", test_gateway_answered);
	g_test_add_func("/nfd/ndp/plugin/explain-na", test_explain_na);
	g_test_add_func("/nfd/ndp/plugin/bad-checksum-dropped-by-core",
			test_bad_checksum_dropped_by_core);
	g_test_add_func("/nfd/ndp/plugin/free-sliced", test_free_sliced);
	return g_test_run();
}
