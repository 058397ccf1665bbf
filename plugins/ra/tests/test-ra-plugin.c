/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ra plugin through the plugin test kit (testkit/): the module's descriptor on the
 * daemon's own core.  The queue (default 43, GRNET's [ipv6] rs_queue and ra_period), a
 * captured RS answered with an RA, and the farewell RA (router lifetime 0, RFC 4861 §6.2.5)
 * sent on shutdown for a tap the core announced after start(), but not on reload.
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
	g_assert_true(nfd_testkit_start(kit, &error));
	return kit;
}

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

/* how many of @frames are RAs with router lifetime @lifetime */
static guint
count_ras(GPtrArray *frames, guint lifetime)
{
	guint n = 0;

	for (guint i = 0; i < frames->len; i++) {
		gsize len = 0;
		const guint8 *ra = nfd_testkit_frame_payload(g_ptr_array_index(frames, i), &len);
		if (ra != NULL && len >= 16 && ra[0] == 134 &&
		    (guint)(ra[6] << 8 | ra[7]) == lifetime)
			n++;
	}
	return n;
}

static void
test_queue(void)
{
	g_autoptr(NfdTestkit) kit = kit_new(NULL);
	g_autoptr(NfdTestkit) grnet =
	    kit_new("[ipv6]\nrs_queue = 53\nns_queue = 54\nra_period = 300\n");

	g_assert_cmpuint(nfd_testkit_get_queue(kit), ==, 43);
	g_assert_cmpuint(nfd_testkit_get_queue(grnet), ==, 53);
}

static void
test_rs_answered(void)
{
	g_autoptr(NfdTestkit) kit = kit_new(NULL);
	g_autoptr(GBytes) rs = load_packet("rs-rdisc6-eui64.bin");
	g_autoptr(GBytes) reply = NULL;
	const guint8 *ra;
	gsize len = 0;

	g_assert_cmpint(nfd_testkit_handle(kit, "tap1", vm_mac, rs, &reply), ==, NFD_VERDICT_REPLY);
	ra = nfd_testkit_frame_payload(reply, &len);
	g_assert_nonnull(ra);
	g_assert_cmpuint(ra[0], ==, 134);
}

static void
test_farewell_on_shutdown_only(void)
{
	g_autoptr(NfdTestkit) kit = kit_new(NULL);
	g_autoptr(NfdTestkit) reloading = kit_new(NULL);
	g_autoptr(GPtrArray) sent = NULL;
	g_autoptr(GPtrArray) sent_reload = NULL;

	g_ptr_array_unref(nfd_testkit_take_unsolicited(kit));
	nfd_testkit_stop(kit, NFD_STOP_REASON_SHUTDOWN);
	sent = nfd_testkit_take_unsolicited(kit);
	g_assert_cmpuint(count_ras(sent, 0), ==, 1);
	g_ptr_array_unref(nfd_testkit_take_unsolicited(reloading));
	nfd_testkit_stop(reloading, NFD_STOP_REASON_RELOAD);
	sent_reload = nfd_testkit_take_unsolicited(reloading);
	g_assert_cmpuint(count_ras(sent_reload, 0), ==, 0);
}

/* SDK 1.1: explain's RS gets the RA the guest would, nothing sent */
static void
test_explain_ra(void)
{
	g_autoptr(NfdTestkit) kit = kit_new(NULL);
	g_autoptr(GBytes) request = NULL;
	g_autoptr(GBytes) reply = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) before = NULL;
	g_autoptr(GPtrArray) after = NULL;
	gsize len = 0;
	const guint8 *icmp;

	/* the initial RAs of the binding's ADDED event go first */
	before = nfd_testkit_take_unsolicited(kit);
	g_assert_cmpint(nfd_testkit_explain(kit, "tap1", NULL, &request, &reply, &error),
			==,
			NFD_VERDICT_REPLY);
	g_assert_no_error(error);
	icmp = nfd_testkit_frame_payload(reply, &len);
	g_assert_cmpuint(len, >=, 16);
	g_assert_cmpuint(icmp[0], ==, 134);
	after = nfd_testkit_take_unsolicited(kit);
	g_assert_cmpuint(after->len, ==, 0);
}

#define MANY_TAPS 20000

/* issue 16: a reload stops the replaced instance (its timer cleared without visiting a tap)
 * and frees it from a main-loop callback; its per-tap state is released over later turns, a
 * few chunks each, not in that one turn */
static void
test_free_sliced(void)
{
	g_autoptr(GError) error = NULL;
	NfdTestkit *kit = nfd_testkit_new(nfd_plugin_descriptor(), NULL, &error);

	g_assert_no_error(error);
	for (guint i = 0; i < MANY_TAPS; i++) {
		g_autofree gchar *tap = g_strdup_printf("tap%u", i);
		g_autofree gchar *text = g_strdup_printf("MAC=52:54:00:00:%02x:%02x\n"
							 "SUBNET6=2001:db8:%x::/64\n",
							 i >> 8,
							 i & 0xff,
							 i + 1);
		g_assert_true(nfd_testkit_add_binding_text(kit, tap, text, &error));
	}
	g_assert_true(nfd_testkit_start(kit, &error));
	/* an NfdRaTap is more than 128 bytes */
	nfd_test_assert_freed_in_slices(kit, MANY_TAPS * 128, 5);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
	g_test_add_func("/nfd/ra/plugin/queue", test_queue);
	g_test_add_func("/nfd/ra/plugin/rs-answered", test_rs_answered);
	g_test_add_func("/nfd/ra/plugin/explain-ra", test_explain_ra);
	g_test_add_func("/nfd/ra/plugin/farewell-on-shutdown-only", test_farewell_on_shutdown_only);
	g_test_add_func("/nfd/ra/plugin/free-sliced", test_free_sliced);
	return g_test_run();
}
