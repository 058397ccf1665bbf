/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of a plugin started during a reload (nfd_plugin_start_sliced(), issue 16): the existing
 * bindings' ADDED events come in slices between main-loop turns, every binding is told exactly
 * once and as the store holds it, what changes meanwhile is told as it happens and never
 * followed by a stale ADDED, and a stop ends the replay.
 */
#include <string.h>

#include "nfd-binding-store.h"
#include "nfd-plugin-private.h"

#define N_BINDINGS 600

typedef struct {
	NfdBindingStore *store;
	NfdCoreContext ctx;
	NfdPlugin *plugin;
	GHashTable *told; /* tap -> the binding last told (not referenced; compared only) */
	guint n_added;
	guint n_events;
} Fixture;

static Fixture *current;

static void
binding_changed(NfdPlugin *plugin, const NfdBinding *binding, NfdBindingEvent event)
{
	const gchar *tap = nfd_binding_get_tap(binding);

	current->n_events++;
	if (event == NFD_BINDING_EVENT_ADDED) {
		current->n_added++;
		/* told once: an ADDED for a tap already told would be a duplicate or stale */
		if (g_hash_table_contains(current->told, tap))
			g_error("ADDED again for %s", tap);
	}
	if (event == NFD_BINDING_EVENT_REMOVED)
		g_hash_table_remove(current->told, tap);
	else
		g_hash_table_replace(current->told, g_strdup(tap), (gpointer)binding);
}

static const NfdPluginDescriptor replay_desc = {
    .api_major = NFD_PLUGIN_API_MAJOR,
    .api_minor = NFD_PLUGIN_API_MINOR,
    .struct_size = sizeof(NfdPluginDescriptor),
    .name = "replay",
    .description = "replay test",
    .version = "0",
    .flags = NFD_PLUGIN_FLAG_NO_QUEUE,
    .binding_changed = binding_changed,
};

static NfdBinding *
make(guint i, guint mtu)
{
	g_autofree gchar *tap = g_strdup_printf("tap%u", i);
	g_autofree gchar *mac = g_strdup_printf("52:54:00:00:%02x:%02x", i >> 8, i & 0xff);
	g_autofree gchar *mtu_text = g_strdup_printf("%u", mtu);
	NfdBinding *b = nfd_binding_new(tap);

	g_assert_true(nfd_binding_set_value(b, "MAC", mac, NULL));
	g_assert_true(nfd_binding_set_value(b, "MTU", mtu_text, NULL));
	return b;
}

static void
upsert(Fixture *f, NfdBinding *b)
{
	nfd_binding_sink_upsert(nfd_binding_store_get_sink(f->store), b);
	nfd_binding_unref(b);
}

static guint
no_link(const gchar *name, guint8 *mac, gpointer user_data)
{
	return 0;
}

static void
setup(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	current = f;
	f->store = nfd_binding_store_new();
	nfd_binding_store_set_link_resolver(f->store, no_link, NULL);
	for (guint i = 0; i < N_BINDINGS; i++)
		upsert(f, make(i, 1500));
	f->ctx.store = f->store;
	f->told = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	f->plugin = nfd_plugin_new(&replay_desc, "replay", TRUE);
	nfd_plugin_set_context(f->plugin, &f->ctx);
	g_assert_true(nfd_plugin_init(f->plugin, NULL, &error));
	g_assert_no_error(error);
}

static void
teardown(Fixture *f, gconstpointer data)
{
	nfd_plugin_free(f->plugin);
	nfd_binding_store_free(f->store);
	g_hash_table_unref(f->told);
	while (g_main_context_iteration(NULL, FALSE))
		;
	current = NULL;
}

/* every binding the plugin was told is the one the store holds, and it was told them all */
static void
assert_told_is_store(Fixture *f)
{
	GHashTableIter iter;
	gpointer tap, binding;

	g_assert_cmpuint(g_hash_table_size(f->told), ==, nfd_binding_store_get_size(f->store));
	g_hash_table_iter_init(&iter, f->told);
	while (g_hash_table_iter_next(&iter, &tap, &binding))
		g_assert_true(nfd_binding_store_lookup_tap(f->store, tap) == binding);
}

static void
test_in_slices(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	guint turns = 0;

	/* 1 us: every 64 bindings a turn of the main loop; none told before the first */
	g_assert_true(nfd_plugin_start_sliced(f->plugin, 1, &error));
	g_assert_no_error(error);
	g_assert_true(nfd_plugin_is_replaying(f->plugin));
	g_assert_cmpuint(f->n_added, ==, 0);
	while (nfd_plugin_is_replaying(f->plugin)) {
		g_main_context_iteration(NULL, FALSE);
		turns++;
	}
	g_assert_cmpuint(turns, >, 1);
	g_assert_cmpuint(f->n_added, ==, N_BINDINGS);
	assert_told_is_store(f);
}

/* a sliced start with a few bindings tells them before it returns */
static void
test_few_at_once(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	for (guint i = 100; i < N_BINDINGS; i++) {
		g_autofree gchar *tap = g_strdup_printf("tap%u", i);
		nfd_binding_sink_remove(nfd_binding_store_get_sink(f->store), tap);
	}
	g_assert_true(nfd_plugin_start_sliced(f->plugin, 1, &error));
	g_assert_false(nfd_plugin_is_replaying(f->plugin));
	g_assert_cmpuint(f->n_added, ==, 100);
	assert_told_is_store(f);
}

/* a start without slices (start-up) tells everything before it returns */
static void
test_at_once(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	g_assert_true(nfd_plugin_start(f->plugin, &error));
	g_assert_false(nfd_plugin_is_replaying(f->plugin));
	g_assert_cmpuint(f->n_added, ==, N_BINDINGS);
	assert_told_is_store(f);
}

static void
route_event(const NfdBinding *binding, NfdBindingEvent event, gpointer user_data)
{
	nfd_plugin_binding_changed(user_data, binding, event);
}

/* changes, removals and additions between slices are told as they happen, and no stale ADDED
 * follows them; in the end the plugin knows exactly what the store holds */
static void
test_changes_meanwhile(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	g_assert_true(nfd_plugin_start_sliced(f->plugin, 1, &error));
	g_assert_true(nfd_plugin_is_replaying(f->plugin));
	/* the event goes to the started plugin the way the daemon routes it */
	nfd_binding_store_set_event_func(f->store, route_event, f->plugin);
	upsert(f, make(N_BINDINGS - 1, 1400));
	upsert(f, make(N_BINDINGS - 2, 1400));
	nfd_binding_sink_remove(nfd_binding_store_get_sink(f->store), "tap598");
	nfd_binding_sink_remove(nfd_binding_store_get_sink(f->store), "tap597");
	upsert(f, make(N_BINDINGS, 1500));
	while (nfd_plugin_is_replaying(f->plugin))
		g_main_context_iteration(NULL, FALSE);
	assert_told_is_store(f);
	g_assert_null(g_hash_table_lookup(f->told, "tap597"));
	g_assert_nonnull(g_hash_table_lookup(f->told, "tap600"));
}

/* a stop (a refused reload) ends the replay: nothing is told afterwards */
static void
test_stop_ends(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	guint told;

	g_assert_true(nfd_plugin_start_sliced(f->plugin, 1, &error));
	g_assert_true(nfd_plugin_is_replaying(f->plugin));
	nfd_plugin_stop(f->plugin, NFD_STOP_REASON_RELOAD);
	told = f->n_events;
	g_assert_false(nfd_plugin_is_replaying(f->plugin));
	while (g_main_context_iteration(NULL, FALSE))
		;
	g_assert_cmpuint(f->n_events, ==, told);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/nfd/plugin/replay/in-slices", Fixture, NULL, setup, test_in_slices, teardown);
	g_test_add("/nfd/plugin/replay/at-once", Fixture, NULL, setup, test_at_once, teardown);
	g_test_add("/nfd/plugin/replay/few-at-once",
		   Fixture,
		   NULL,
		   setup,
		   test_few_at_once,
		   teardown);
	g_test_add("/nfd/plugin/replay/changes-meanwhile",
		   Fixture,
		   NULL,
		   setup,
		   test_changes_meanwhile,
		   teardown);
	g_test_add("/nfd/plugin/replay/stop-ends", Fixture, NULL, setup, test_stop_ends, teardown);
	return g_test_run();
}
