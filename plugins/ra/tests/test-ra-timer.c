/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of NfdRaTimer, the one timer source that serves every tap's RA schedule from a
 * min-heap: taps fire in due order, a burst is spread over main-loop iterations, detached and
 * freed taps never fire, and a rescheduled tap moves.
 */
#include "nfd-ra-tap.h"

typedef struct {
	NfdRaTimer *timer;
	GPtrArray *taps;
	GArray *fired; /* gint64 due of each fire, in order */
	GPtrArray *fired_taps;
} Fixture;

static void
on_fire(NfdRaTap *tap, gpointer user_data)
{
	Fixture *f = user_data;
	gint64 due = tap->sched.next_due;

	g_array_append_val(f->fired, due);
	g_ptr_array_add(f->fired_taps, tap);
}

static void
setup(Fixture *f, gconstpointer data)
{
	f->timer = nfd_ra_timer_new(on_fire, f);
	f->taps = g_ptr_array_new_with_free_func((GDestroyNotify)nfd_ra_tap_free);
	f->fired = g_array_new(FALSE, FALSE, sizeof(gint64));
	f->fired_taps = g_ptr_array_new();
}

static void
teardown(Fixture *f, gconstpointer data)
{
	g_ptr_array_unref(f->taps);
	nfd_ra_timer_free(f->timer);
	g_array_unref(f->fired);
	g_ptr_array_unref(f->fired_taps);
}

static NfdRaTap *
add_tap(Fixture *f, gint64 due)
{
	g_autofree gchar *name = g_strdup_printf("tap%u", f->taps->len);
	NfdRaTap *tap = nfd_ra_tap_new(name, f->timer);

	tap->sched.next_due = due;
	g_ptr_array_add(f->taps, tap);
	nfd_ra_tap_attach(tap);
	return tap;
}

static void
run_iterations(guint n)
{
	for (guint i = 0; i < n; i++)
		g_main_context_iteration(NULL, FALSE);
}

static void
test_fires_in_due_order(Fixture *f, gconstpointer data)
{
	gint64 now = g_get_monotonic_time();
	GRand *rand = g_rand_new_with_seed(7);

	for (guint i = 0; i < 500; i++)
		add_tap(f, now - 1000000 + g_rand_int_range(rand, 0, 900000));
	run_iterations(10);
	g_assert_cmpuint(f->fired->len, ==, 500);
	for (guint i = 1; i < f->fired->len; i++)
		g_assert_cmpint(g_array_index(f->fired, gint64, i - 1),
				<=,
				g_array_index(f->fired, gint64, i));
	g_rand_free(rand);
}

static void
test_burst_spread(Fixture *f, gconstpointer data)
{
	gint64 now = g_get_monotonic_time();

	for (guint i = 0; i < 1000; i++)
		add_tap(f, now - 1000);
	/* one iteration serves a bounded number of taps, the rest stay due */
	g_main_context_iteration(NULL, FALSE);
	g_assert_cmpuint(f->fired->len, >, 0);
	g_assert_cmpuint(f->fired->len, <, 1000);
	run_iterations(20);
	g_assert_cmpuint(f->fired->len, ==, 1000);
	g_assert_cmpuint(nfd_ra_timer_get_size(f->timer), ==, 0);
}

static void
test_future_not_fired(Fixture *f, gconstpointer data)
{
	gint64 now = g_get_monotonic_time();

	add_tap(f, now + 60 * G_USEC_PER_SEC);
	add_tap(f, now - 1000);
	run_iterations(5);
	g_assert_cmpuint(f->fired->len, ==, 1);
	g_assert_cmpuint(nfd_ra_timer_get_size(f->timer), ==, 1);
}

static void
test_detached_not_fired(Fixture *f, gconstpointer data)
{
	gint64 now = g_get_monotonic_time();
	NfdRaTap *a = add_tap(f, now - 1000);

	add_tap(f, now - 2000);
	nfd_ra_tap_detach(a);
	run_iterations(5);
	g_assert_cmpuint(f->fired->len, ==, 1);
	g_assert_true(g_ptr_array_index(f->fired_taps, 0) != a);
}

static void
test_freed_not_fired(Fixture *f, gconstpointer data)
{
	gint64 now = g_get_monotonic_time();

	add_tap(f, now - 1000);
	add_tap(f, now - 2000);
	add_tap(f, now - 3000);
	/* the middle one goes away with its binding */
	g_ptr_array_remove_index(f->taps, 1);
	run_iterations(5);
	g_assert_cmpuint(f->fired->len, ==, 2);
	g_assert_cmpuint(nfd_ra_timer_get_size(f->timer), ==, 0);
}

static void
test_rearm_moves(Fixture *f, gconstpointer data)
{
	gint64 now = g_get_monotonic_time();
	NfdRaTap *a = add_tap(f, now + 60 * G_USEC_PER_SEC);

	add_tap(f, now + 60 * G_USEC_PER_SEC);
	a->sched.next_due = now - 1000;
	nfd_ra_tap_rearm(a);
	run_iterations(5);
	g_assert_cmpuint(f->fired->len, ==, 1);
	g_assert_true(g_ptr_array_index(f->fired_taps, 0) == a);
}

/* a clear takes every tap off at once: none fires, and each can be attached again */
static void
test_clear(Fixture *f, gconstpointer data)
{
	gint64 now = g_get_monotonic_time();
	NfdRaTap *a;

	for (guint i = 0; i < 100; i++)
		add_tap(f, now - 1000 - i);
	nfd_ra_timer_clear(f->timer);
	g_assert_cmpuint(nfd_ra_timer_get_size(f->timer), ==, 0);
	run_iterations(5);
	g_assert_cmpuint(f->fired->len, ==, 0);
	a = g_ptr_array_index(f->taps, 7);
	nfd_ra_tap_attach(a);
	run_iterations(5);
	g_assert_cmpuint(f->fired->len, ==, 1);
	g_assert_true(g_ptr_array_index(f->fired_taps, 0) == a);
}

/* a clear visits no tap (issue 16), so a cleared tap keeps a stale heap index: it is not on
 * the heap again until attached, and detaching or freeing it leaves the taps that now hold
 * that place alone */
static void
test_clear_stale_index(Fixture *f, gconstpointer data)
{
	gint64 now = g_get_monotonic_time();

	for (guint i = 0; i < 10; i++)
		add_tap(f, now - 1000 - i);
	nfd_ra_timer_clear(f->timer);
	for (guint i = 5; i < 10; i++)
		nfd_ra_tap_attach(g_ptr_array_index(f->taps, i));
	g_assert_cmpuint(nfd_ra_timer_get_size(f->timer), ==, 5);
	for (guint i = 0; i < 5; i++)
		nfd_ra_tap_detach(g_ptr_array_index(f->taps, i));
	g_ptr_array_remove_index(f->taps, 2);
	g_assert_cmpuint(nfd_ra_timer_get_size(f->timer), ==, 5);
	run_iterations(5);
	g_assert_cmpuint(f->fired->len, ==, 5);
	for (guint i = 0; i < 5; i++)
		g_assert_true(g_ptr_array_find(f->taps, g_ptr_array_index(f->fired_taps, i), NULL));
}

#define ADD(path, fn) g_test_add(path, Fixture, NULL, setup, fn, teardown)

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	ADD("/nfd/ra/timer/due-order", test_fires_in_due_order);
	ADD("/nfd/ra/timer/burst-spread", test_burst_spread);
	ADD("/nfd/ra/timer/future-not-fired", test_future_not_fired);
	ADD("/nfd/ra/timer/detached-not-fired", test_detached_not_fired);
	ADD("/nfd/ra/timer/freed-not-fired", test_freed_not_fired);
	ADD("/nfd/ra/timer/rearm-moves", test_rearm_moves);
	ADD("/nfd/ra/timer/clear", test_clear);
	ADD("/nfd/ra/timer/clear-stale-index", test_clear_stale_index);
	return g_test_run();
}
