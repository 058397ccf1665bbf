/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of the warning rate limiters that guard the log against hostile guests: a plugin's
 * nfd_plugin_warn_ratelimited() and the dispatch's own warnings keep one budget per tap, so a
 * guest that provokes warnings by the thousand is cut to NFD_RATELIMIT_BURST lines and cannot
 * hide another tap's first warning.  The log records are caught by a GLib writer function.
 */
#include <net/if.h>
#include <string.h>

#include "nfd-binding-store.h"
#include "nfd-dispatch.h"
#include "nfd-queue.h"
#include "nfd-test-injector.h"
#include "nfd-test-nfq.h"

/* warnings seen, by NFD_TAP field (plugin warnings) or by "from ifindex N" (dispatch) */
static GHashTable *seen;

static GLogWriterOutput
capture_writer(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
	const gchar *tap = NULL;
	const gchar *message = NULL;
	const gchar *key;

	if ((level & G_LOG_LEVEL_WARNING) == 0)
		return G_LOG_WRITER_HANDLED;
	for (gsize i = 0; i < n_fields; i++) {
		if (g_strcmp0(fields[i].key, "NFD_TAP") == 0)
			tap = fields[i].value;
		else if (g_strcmp0(fields[i].key, "MESSAGE") == 0)
			message = fields[i].value;
	}
	if (message == NULL)
		return G_LOG_WRITER_HANDLED;
	if (tap != NULL)
		key = tap;
	else if (strstr(message, "from ifindex ") != NULL)
		key = strstr(message, "from ifindex ");
	else
		key = "other";
	/* "N similar warnings suppressed" is not one of the warnings counted */
	if (strstr(message, "similar warnings suppressed") != NULL)
		return G_LOG_WRITER_HANDLED;
	{
		g_autofree gchar *k = g_strndup(key, strcspn(key, ":"));
		guint n = GPOINTER_TO_UINT(g_hash_table_lookup(seen, k));
		g_hash_table_insert(seen, g_steal_pointer(&k), GUINT_TO_POINTER(n + 1));
	}
	return G_LOG_WRITER_HANDLED;
}

static guint
seen_count(const gchar *key)
{
	return GPOINTER_TO_UINT(g_hash_table_lookup(seen, key));
}

static const NfdPluginDescriptor test_desc = {
    .api_major = NFD_PLUGIN_API_MAJOR,
    .api_minor = NFD_PLUGIN_API_MINOR,
    .struct_size = sizeof(NfdPluginDescriptor),
    .name = "test",
    .description = "rate limit test",
    .version = "0",
};

static NfdBinding *
binding_new(const gchar *tap, const gchar *mac)
{
	NfdBinding *b = nfd_binding_new(tap);
	g_autoptr(GError) error = NULL;

	g_assert_true(nfd_binding_set_value(b, "MAC", mac, &error));
	g_assert_no_error(error);
	return b;
}

static void
test_plugin_noisy_tap_is_cut(void)
{
	g_autoptr(NfdPlugin) plugin = nfd_plugin_new(&test_desc, "test", TRUE);
	g_autoptr(NfdBinding) noisy = binding_new("tap-noisy", "52:54:00:00:00:01");

	g_hash_table_remove_all(seen);
	for (guint i = 0; i < 1000; i++)
		nfd_plugin_warn_ratelimited(plugin, noisy, "DECLINE: address conflict reported");
	g_assert_cmpuint(seen_count("tap-noisy"), ==, NFD_RATELIMIT_BURST);
}

static void
test_plugin_noisy_tap_does_not_hide_others(void)
{
	g_autoptr(NfdPlugin) plugin = nfd_plugin_new(&test_desc, "test", TRUE);
	g_autoptr(NfdBinding) noisy = binding_new("tap-noisy", "52:54:00:00:00:01");
	g_autoptr(NfdBinding) quiet = binding_new("tap-quiet", "52:54:00:00:00:02");

	g_hash_table_remove_all(seen);
	for (guint i = 0; i < 1000; i++)
		nfd_plugin_warn_ratelimited(plugin,
					    noisy,
					    "RELEASE: the guest gave up its address");
	nfd_plugin_warn_ratelimited(plugin, quiet, "DECLINE: address conflict reported");
	g_assert_cmpuint(seen_count("tap-quiet"), ==, 1);
}

static void
test_plugin_binding_less_warnings_separate(void)
{
	g_autoptr(NfdPlugin) plugin = nfd_plugin_new(&test_desc, "test", TRUE);
	g_autoptr(NfdBinding) noisy = binding_new("tap-noisy", "52:54:00:00:00:01");

	g_hash_table_remove_all(seen);
	for (guint i = 0; i < 1000; i++)
		nfd_plugin_warn_ratelimited(plugin, noisy, "request dropped");
	/* a warning about no tap in particular still has the plugin's own budget */
	nfd_plugin_warn_ratelimited(plugin, NULL, "something about the configuration");
	g_assert_cmpuint(seen_count("other"), ==, 1);
}

static NfdVerdict
handle_drop(NfdPlugin *plugin,
	    const NfdPacket *packet,
	    const NfdBinding *binding,
	    NfdReply *reply,
	    gpointer user_data)
{
	return NFD_VERDICT_DROP;
}

static gint
discard_verdicts(const guint8 *buf, gsize len, gpointer user_data)
{
	return 0;
}

static void
test_dispatch_unbound_noise_does_not_hide_bound_tap(void)
{
	const guint8 mac[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x03};
	g_autoptr(NfdBindingStore) store = nfd_binding_store_new();
	g_autoptr(NfdInjector) injector = nfd_test_injector_new();
	g_autoptr(NfdDispatch) dispatch = nfd_dispatch_new(store, injector);
	g_autoptr(NfdPlugin) plugin = nfd_plugin_new(&test_desc, "test", TRUE);
	g_autoptr(NfdBinding) b = binding_new("lo", "52:54:00:00:00:03");
	g_autofree gchar *lo_key = g_strdup_printf("from ifindex %u", if_nametoindex("lo"));
	NfdQueueClaim claim = {
	    .queue_num = 42,
	    .family = AF_INET,
	    .l4_proto = IPPROTO_UDP,
	    .dst_port = 67,
	    .handle = handle_drop,
	};
	NfdQueue *queue;
	static guint8 buf[1 << 20];
	gsize len = 0;
	const guint8 garbage[] = {0x45, 0x00, 0xff, 0xff}; /* IPv4, total length past the end */

	g_assert_true(nfd_plugin_register_queue(plugin, &claim, NULL));
	g_assert_true(nfd_dispatch_add_plugin(dispatch, plugin, NULL));
	/* "lo" always exists: it stands for the bound tap */
	nfd_binding_sink_upsert(nfd_binding_store_get_sink(store), b);
	queue = nfd_queue_new(42, dispatch);
	nfd_queue_set_sender(queue, discard_verdicts, NULL);

	g_hash_table_remove_all(seen);
	/* 500 malformed packets from an unbound tap, then one from the bound tap */
	for (guint i = 0; i < 500; i++)
		nfd_test_nfq_put_packet(buf, &len, 42, i + 1, 4242, 0, mac, garbage, 4, TRUE);
	nfd_test_nfq_put_packet(buf, &len, 42, 501, if_nametoindex("lo"), 0, mac, garbage, 4, TRUE);
	nfd_queue_process(queue, buf, len);
	nfd_queue_flush(queue);
	nfd_queue_free(queue);
	g_assert_cmpuint(seen_count("from ifindex 4242"), ==, NFD_RATELIMIT_BURST);
	g_assert_cmpuint(seen_count(lo_key), ==, 1);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
	g_log_set_writer_func(capture_writer, NULL, NULL);
	seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_test_add_func("/nfd/ratelimit/plugin/noisy-tap-is-cut", test_plugin_noisy_tap_is_cut);
	g_test_add_func("/nfd/ratelimit/plugin/noisy-tap-does-not-hide-others",
			test_plugin_noisy_tap_does_not_hide_others);
	g_test_add_func("/nfd/ratelimit/plugin/binding-less-warnings-separate",
			test_plugin_binding_less_warnings_separate);
	g_test_add_func("/nfd/ratelimit/dispatch/unbound-noise-does-not-hide-bound-tap",
			test_dispatch_unbound_noise_does_not_hide_bound_tap);
	return g_test_run();
}
