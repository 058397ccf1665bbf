/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of NfdBindingStore and its sink: events, identical rewrites, full listings
 * (begin/end_resync) pruning, GRNET text (upsert_text) keeping the previous binding when bad,
 * lookups by tap, ifindex and MAC, taps appearing and being recreated, the router MAC.
 */
#include <net/if.h>
#include <string.h>

#include "nfd-binding-private.h"
#include "nfd-binding-store.h"

typedef struct {
	NfdBindingStore *store;
	GPtrArray *events; /* "added:tap" ... */
} Fixture;

static void
on_event(const NfdBinding *b, NfdBindingEvent event, gpointer user_data)
{
	Fixture *f = user_data;
	const gchar *names[] = {"added", "changed", "removed"};
	g_ptr_array_add(f->events, g_strdup_printf("%s:%s", names[event], nfd_binding_get_tap(b)));
}

static void
setup(Fixture *f, gconstpointer data)
{
	f->store = nfd_binding_store_new();
	f->events = g_ptr_array_new_with_free_func(g_free);
	nfd_binding_store_set_event_func(f->store, on_event, f);
}

static void
teardown(Fixture *f, gconstpointer data)
{
	nfd_binding_store_free(f->store);
	g_ptr_array_unref(f->events);
}

static NfdBinding *
make(const gchar *tap, const gchar *mac, const gchar *ip)
{
	NfdBinding *b = nfd_binding_new(tap);
	g_assert_true(nfd_binding_set_value(b, "MAC", mac, NULL));
	if (ip != NULL) {
		g_assert_true(nfd_binding_set_value(b, "IP", ip, NULL));
		g_assert_true(nfd_binding_set_value(b, "SUBNET", "198.51.100.0/24", NULL));
	}
	return b;
}

static void
upsert(Fixture *f, NfdBinding *b)
{
	nfd_binding_sink_upsert(nfd_binding_store_get_sink(f->store), b);
	nfd_binding_unref(b);
}

static const gchar *
event(Fixture *f, guint i)
{
	g_assert_cmpuint(i, <, f->events->len);
	return g_ptr_array_index(f->events, i);
}

static void
test_add_event(Fixture *f, gconstpointer data)
{
	upsert(f, make("tap1", "52:54:00:00:00:01", "198.51.100.10"));
	g_assert_cmpstr(event(f, 0), ==, "added:tap1");
}

static void
test_identical_rewrite_silent(Fixture *f, gconstpointer data)
{
	upsert(f, make("tap1", "52:54:00:00:00:01", "198.51.100.10"));
	upsert(f, make("tap1", "52:54:00:00:00:01", "198.51.100.10"));
	g_assert_cmpuint(f->events->len, ==, 1);
}

static void
test_change_event(Fixture *f, gconstpointer data)
{
	upsert(f, make("tap1", "52:54:00:00:00:01", "198.51.100.10"));
	upsert(f, make("tap1", "52:54:00:00:00:01", "198.51.100.11"));
	g_assert_cmpstr(event(f, 1), ==, "changed:tap1");
}

static void
test_remove_event(Fixture *f, gconstpointer data)
{
	upsert(f, make("tap1", "52:54:00:00:00:01", NULL));
	nfd_binding_sink_remove(nfd_binding_store_get_sink(f->store), "tap1");
	g_assert_cmpstr(event(f, 1), ==, "removed:tap1");
	g_assert_null(nfd_binding_store_lookup_tap(f->store, "tap1"));
}

static void
test_remove_unknown_silent(Fixture *f, gconstpointer data)
{
	nfd_binding_sink_remove(nfd_binding_store_get_sink(f->store), "tap9");
	g_assert_cmpuint(f->events->len, ==, 0);
}

static NfdBindingSink *
sink(Fixture *f)
{
	return nfd_binding_store_get_sink(f->store);
}

static void
test_resync_prunes(Fixture *f, gconstpointer data)
{
	upsert(f, make("tap1", "52:54:00:00:00:01", NULL));
	upsert(f, make("tap2", "52:54:00:00:00:02", NULL));
	nfd_binding_sink_begin_resync(sink(f));
	upsert(f, make("tap2", "52:54:00:00:00:02", NULL));
	upsert(f, make("tap3", "52:54:00:00:00:03", NULL));
	nfd_binding_sink_end_resync(sink(f));
	g_assert_cmpuint(nfd_binding_store_get_size(f->store), ==, 2);
	g_assert_null(nfd_binding_store_lookup_tap(f->store, "tap1"));
	g_assert_cmpstr(event(f, 2), ==, "added:tap3");
	g_assert_cmpstr(event(f, 3), ==, "removed:tap1");
	g_assert_cmpuint(f->events->len, ==, 4);
}

static void
test_resync_remove_inside(Fixture *f, gconstpointer data)
{
	upsert(f, make("tap1", "52:54:00:00:00:01", NULL));
	nfd_binding_sink_begin_resync(sink(f));
	upsert(f, make("tap1", "52:54:00:00:00:01", NULL));
	nfd_binding_sink_remove(sink(f), "tap1");
	nfd_binding_sink_end_resync(sink(f));
	g_assert_cmpuint(nfd_binding_store_get_size(f->store), ==, 0);
	g_assert_cmpuint(f->events->len, ==, 2);
}

static void
test_resync_mac_moves(Fixture *f, gconstpointer data)
{
	const guint8 mac[6] = {0x52, 0x54, 0, 0, 0, 0x07};

	upsert(f, make("tap1", "52:54:00:00:00:07", NULL));
	nfd_binding_sink_begin_resync(sink(f));
	upsert(f, make("tap2", "52:54:00:00:00:07", NULL));
	nfd_binding_sink_end_resync(sink(f));
	g_assert_cmpstr(nfd_binding_get_tap(nfd_binding_store_lookup_mac(f->store, mac)),
			==,
			"tap2");
}

static const gchar good_text[] = "MAC=52:54:00:00:00:01\nIP=198.51.100.10\n"
				 "SUBNET=198.51.100.0/24\n";
static const gchar bad_text[] = "MAC=52:54:00:00:00:01\nMTU=abc\n";

static void
test_text_upsert(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	struct in_addr ip;

	g_assert_true(nfd_binding_sink_upsert_text(sink(f),
						   "tap1",
						   good_text,
						   strlen(good_text),
						   "/b/tap1",
						   &error));
	g_assert_no_error(error);
	g_assert_cmpstr(event(f, 0), ==, "added:tap1");
	g_assert_true(nfd_binding_get_ip4(nfd_binding_store_lookup_tap(f->store, "tap1"), &ip));
}

static void
test_text_bad_names_origin_line_key(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	g_assert_false(nfd_binding_sink_upsert_text(sink(f),
						    "tap1",
						    bad_text,
						    strlen(bad_text),
						    "/b/tap1",
						    &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_BINDING);
	g_assert_cmpstr(error->message, ==, "/b/tap1: line 2: MTU: not a number from 68 to 65535");
	g_assert_cmpuint(f->events->len, ==, 0);
}

static void
test_text_bad_keeps_previous(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	g_assert_true(nfd_binding_sink_upsert_text(sink(f),
						   "tap1",
						   good_text,
						   strlen(good_text),
						   NULL,
						   NULL));
	g_assert_false(nfd_binding_sink_upsert_text(sink(f),
						    "tap1",
						    bad_text,
						    strlen(bad_text),
						    NULL,
						    &error));
	g_assert_true(g_str_has_prefix(error->message, "tap1: line 2: MTU"));
	g_assert_true(nfd_binding_get_ip4(nfd_binding_store_lookup_tap(f->store, "tap1"), NULL));
	g_assert_cmpuint(f->events->len, ==, 1);
}

static void
test_text_bad_keeps_previous_in_resync(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	g_assert_true(nfd_binding_sink_upsert_text(sink(f),
						   "tap1",
						   good_text,
						   strlen(good_text),
						   NULL,
						   NULL));
	nfd_binding_sink_begin_resync(sink(f));
	g_assert_false(nfd_binding_sink_upsert_text(sink(f),
						    "tap1",
						    bad_text,
						    strlen(bad_text),
						    NULL,
						    &error));
	nfd_binding_sink_end_resync(sink(f));
	g_assert_nonnull(nfd_binding_store_lookup_tap(f->store, "tap1"));
	g_assert_cmpuint(f->events->len, ==, 1);
}

static void
test_lookup_ifindex_existing_tap(Fixture *f, gconstpointer data)
{
	upsert(f, make("lo", "52:54:00:00:00:01", NULL));
	g_assert_nonnull(nfd_binding_store_lookup_ifindex(f->store, if_nametoindex("lo")));
}

static void
test_missing_tap_not_indexed(Fixture *f, gconstpointer data)
{
	const NfdBinding *b;
	upsert(f, make("tapmissing0", "52:54:00:00:00:01", NULL));
	b = nfd_binding_store_lookup_tap(f->store, "tapmissing0");
	g_assert_nonnull(b);
	g_assert_cmpuint(nfd_binding_get_ifindex(b), ==, 0);
}

static void
test_lookup_mac(Fixture *f, gconstpointer data)
{
	const guint8 mac[6] = {0x52, 0x54, 0, 0, 0, 0x07};
	upsert(f, make("tap7", "52:54:00:00:00:07", NULL));
	g_assert_cmpstr(nfd_binding_get_tap(nfd_binding_store_lookup_mac(f->store, mac)),
			==,
			"tap7");
}

static void
test_lookup_mac_gone_after_remove(Fixture *f, gconstpointer data)
{
	const guint8 mac[6] = {0x52, 0x54, 0, 0, 0, 0x07};
	upsert(f, make("tap7", "52:54:00:00:00:07", NULL));
	nfd_binding_sink_remove(nfd_binding_store_get_sink(f->store), "tap7");
	g_assert_null(nfd_binding_store_lookup_mac(f->store, mac));
}

static void
test_router_mac_config(Fixture *f, gconstpointer data)
{
	const guint8 mac[6] = {0x02, 0, 0, 0, 0, 0x99};
	nfd_binding_store_set_router_mac(f->store, mac);
	upsert(f, make("tap1", "52:54:00:00:00:01", NULL));
	g_assert_cmpmem(nfd_binding_get_router_mac(nfd_binding_store_lookup_tap(f->store, "tap1")),
			6,
			mac,
			6);
}

static void
test_router_mac_change_reaches_loaded(Fixture *f, gconstpointer data)
{
	const guint8 mac[6] = {0x02, 0, 0, 0, 0, 0x99};

	/* a reload that sets router-mac: the bindings already loaded take it, with an event */
	upsert(f, make("tap1", "52:54:00:00:00:01", NULL));
	nfd_binding_store_set_router_mac(f->store, mac);
	g_assert_cmpmem(nfd_binding_get_router_mac(nfd_binding_store_lookup_tap(f->store, "tap1")),
			6,
			mac,
			6);
	g_assert_cmpstr(event(f, 1), ==, "changed:tap1");
}

static void
test_router_mac_same_is_silent(Fixture *f, gconstpointer data)
{
	const guint8 mac[6] = {0x02, 0, 0, 0, 0, 0x99};

	nfd_binding_store_set_router_mac(f->store, mac);
	upsert(f, make("tap1", "52:54:00:00:00:01", NULL));
	nfd_binding_store_set_router_mac(f->store, mac);
	g_assert_cmpuint(f->events->len, ==, 1);
}

static void
test_error_report_keeps_binding(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = g_error_new_literal(NFD_ERROR, NFD_ERROR_BINDING, "line 2: x");
	upsert(f, make("tap1", "52:54:00:00:00:01", NULL));
	nfd_binding_sink_report_error(nfd_binding_store_get_sink(f->store), "tap1", error);
	g_assert_nonnull(nfd_binding_store_lookup_tap(f->store, "tap1"));
	g_assert_cmpuint(nfd_binding_store_get_error_count(f->store), ==, 1);
}

static void
test_dump_lists_binding(Fixture *f, gconstpointer data)
{
	g_autofree gchar *dump = NULL;
	upsert(f, make("tap1", "52:54:00:00:00:01", "198.51.100.10"));
	dump = nfd_binding_store_dump(f->store);
	g_assert_nonnull(strstr(dump, "tap1"));
	g_assert_nonnull(strstr(dump, "198.51.100.10"));
}

/* the messages logged, captured while a test sets it */
static GPtrArray *logged;

static GLogWriterOutput
log_writer(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
	for (gsize i = 0; logged != NULL && i < n_fields; i++) {
		if (g_strcmp0(fields[i].key, "MESSAGE") == 0)
			g_ptr_array_add(logged, g_strdup(fields[i].value));
	}
	return g_log_writer_default(level, fields, n_fields, user_data);
}

/* a first listing left unfinished (an etcd load failed after its first page) and started
 * again is still the first: one summary line counting both, not a line per binding */
static void
test_resync_unfinished_first_stays_bulk(Fixture *f, gconstpointer data)
{
	g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);

	logged = lines;
	nfd_binding_sink_begin_resync(sink(f));
	upsert(f, make("tap1", "52:54:00:00:00:01", NULL));
	nfd_binding_sink_begin_resync(sink(f));
	upsert(f, make("tap1", "52:54:00:00:00:01", NULL));
	upsert(f, make("tap2", "52:54:00:00:00:02", NULL));
	nfd_binding_sink_end_resync(sink(f));
	logged = NULL;
	g_assert_cmpuint(nfd_binding_store_get_size(f->store), ==, 2);
	g_assert_true(
	    g_ptr_array_find_with_equal_func(lines, "bindings loaded: 2", g_str_equal, NULL));
	for (guint i = 0; i < lines->len; i++)
		g_assert_false(g_str_has_prefix(g_ptr_array_index(lines, i), "added binding"));
}

#define ADD(path, fn) g_test_add(path, Fixture, NULL, setup, fn, teardown)

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	/* bad input is reported with (rate-limited) warnings, which the tests provoke */
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
	g_log_set_writer_func(log_writer, NULL, NULL);
	ADD("/nfd/binding-store/add-event", test_add_event);
	ADD("/nfd/binding-store/identical-rewrite", test_identical_rewrite_silent);
	ADD("/nfd/binding-store/change-event", test_change_event);
	ADD("/nfd/binding-store/remove-event", test_remove_event);
	ADD("/nfd/binding-store/remove-unknown", test_remove_unknown_silent);
	ADD("/nfd/binding-store/resync-prunes", test_resync_prunes);
	ADD("/nfd/binding-store/resync-remove-inside", test_resync_remove_inside);
	ADD("/nfd/binding-store/resync-mac-moves", test_resync_mac_moves);
	ADD("/nfd/binding-store/resync-unfinished-first-stays-bulk",
	    test_resync_unfinished_first_stays_bulk);
	ADD("/nfd/binding-store/text-upsert", test_text_upsert);
	ADD("/nfd/binding-store/text-bad-names-origin-line-key",
	    test_text_bad_names_origin_line_key);
	ADD("/nfd/binding-store/text-bad-keeps-previous", test_text_bad_keeps_previous);
	ADD("/nfd/binding-store/text-bad-keeps-previous-in-resync",
	    test_text_bad_keeps_previous_in_resync);
	ADD("/nfd/binding-store/lookup-ifindex", test_lookup_ifindex_existing_tap);
	ADD("/nfd/binding-store/missing-tap", test_missing_tap_not_indexed);
	ADD("/nfd/binding-store/lookup-mac", test_lookup_mac);
	ADD("/nfd/binding-store/lookup-mac-removed", test_lookup_mac_gone_after_remove);
	ADD("/nfd/binding-store/router-mac", test_router_mac_config);
	ADD("/nfd/binding-store/router-mac-change", test_router_mac_change_reaches_loaded);
	ADD("/nfd/binding-store/router-mac-same", test_router_mac_same_is_silent);
	ADD("/nfd/binding-store/error-keeps-binding", test_error_report_keeps_binding);
	ADD("/nfd/binding-store/dump", test_dump_lists_binding);
	return g_test_run();
}
