/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdTapTable (plugins/common/nfd-tap-table.c): per-tap entries by name, reused slots, and a
 * table of 100,000 taps freed from inside a main loop a bounded number of chunks per turn.
 */
#include "nfd-tap-table.h"

typedef struct {
	guint64 a;
	guint32 b;
} Entry;

static void
test_insert_lookup(void)
{
	g_autoptr(NfdTapTable) t = nfd_tap_table_new(sizeof(Entry));
	gboolean added = FALSE;
	Entry *e = nfd_tap_table_insert(t, "tap1", &added);

	g_assert_true(added);
	g_assert_cmpuint(e->a, ==, 0);
	e->a = 42;
	g_assert_true(nfd_tap_table_insert(t, "tap1", &added) == e);
	g_assert_false(added);
	g_assert_true(nfd_tap_table_lookup(t, "tap1") == e);
	g_assert_null(nfd_tap_table_lookup(t, "tap2"));
	g_assert_cmpstr(nfd_tap_table_entry_get_tap(e), ==, "tap1");
	g_assert_cmpuint(nfd_tap_table_get_size(t), ==, 1);
}

/* a removed tap's slot is zeroed and reused, so churn does not grow the table */
static void
test_remove_reuses(void)
{
	g_autoptr(NfdTapTable) t = nfd_tap_table_new(sizeof(Entry));
	Entry *e = nfd_tap_table_insert(t, "tap1", NULL);
	Entry *f;

	e->b = 7;
	g_assert_true(nfd_tap_table_remove(t, "tap1"));
	g_assert_false(nfd_tap_table_remove(t, "tap1"));
	g_assert_null(nfd_tap_table_lookup(t, "tap1"));
	f = nfd_tap_table_insert(t, "tap9", NULL);
	g_assert_true(f == e);
	g_assert_cmpuint(f->b, ==, 0);
	g_assert_cmpstr(nfd_tap_table_entry_get_tap(f), ==, "tap9");
}

static void
test_iterate(void)
{
	g_autoptr(NfdTapTable) t = nfd_tap_table_new(sizeof(Entry));
	GHashTableIter iter;
	gpointer e;
	guint n = 0;

	for (guint i = 0; i < 2000; i++) {
		g_autofree gchar *name = g_strdup_printf("tap%u", i);
		((Entry *)nfd_tap_table_insert(t, name, NULL))->a = i;
	}
	nfd_tap_table_iter_init(&iter, t);
	while (nfd_tap_table_iter_next(&iter, &e)) {
		g_autofree gchar *name = g_strdup_printf("tap%" G_GUINT64_FORMAT, ((Entry *)e)->a);
		g_assert_cmpstr(nfd_tap_table_entry_get_tap(e), ==, name);
		n++;
	}
	g_assert_cmpuint(n, ==, 2000);
}

#define MANY 100000

static NfdTapTable *
many_taps(void)
{
	NfdTapTable *t = nfd_tap_table_new(264);

	for (guint i = 0; i < MANY; i++) {
		gchar name[IFNAMSIZ];
		g_snprintf(name, sizeof(name), "tap%u", i);
		nfd_tap_table_insert(t, name, NULL);
	}
	return t;
}

static gboolean
free_cb(gpointer user_data)
{
	nfd_tap_table_free(user_data);
	return G_SOURCE_REMOVE;
}

/* issue 16: freed from a main-loop callback (a reload retiring an instance), 100,000 taps
 * are released NFD_TAP_TABLE_FREE_PER_TURN chunks a turn, not all in one */
static void
test_free_sliced(void)
{
	guint turns = 0;
	guint before;

	g_idle_add(free_cb, many_taps());
	g_main_context_iteration(NULL, TRUE);
	before = nfd_tap_table_get_pending_chunks();
	g_assert_cmpuint(before, ==, (MANY + NFD_TAP_TABLE_CHUNK - 1) / NFD_TAP_TABLE_CHUNK);
	while (nfd_tap_table_get_pending_chunks() > 0) {
		guint left = nfd_tap_table_get_pending_chunks();
		g_main_context_iteration(NULL, TRUE);
		g_assert_cmpuint(left - nfd_tap_table_get_pending_chunks(),
				 <=,
				 NFD_TAP_TABLE_FREE_PER_TURN);
		g_assert_cmpuint(left - nfd_tap_table_get_pending_chunks(), >, 0);
		turns++;
	}
	g_assert_cmpuint(turns, >=, before / NFD_TAP_TABLE_FREE_PER_TURN);
	/* no source is left behind once all is released */
	g_assert_false(g_main_context_pending(NULL));
}

/* outside a main loop (exit, or a test) nothing would run the slices: all at once */
static void
test_free_outside_loop(void)
{
	nfd_tap_table_free(many_taps());
	g_assert_cmpuint(nfd_tap_table_get_pending_chunks(), ==, 0);
	g_assert_false(g_main_context_pending(NULL));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/tap-table/insert-lookup", test_insert_lookup);
	g_test_add_func("/nfd/tap-table/remove-reuses", test_remove_reuses);
	g_test_add_func("/nfd/tap-table/iterate", test_iterate);
	g_test_add_func("/nfd/tap-table/free-sliced", test_free_sliced);
	g_test_add_func("/nfd/tap-table/free-outside-loop", test_free_outside_loop);
	return g_test_run();
}
