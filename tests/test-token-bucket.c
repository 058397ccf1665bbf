/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of the token bucket the dispatcher keeps per tap and plugin (nfd-token-bucket.h) and of
 * its slots in the tap's statistics block: a full bucket gives exactly its burst, then one
 * packet per interval; a refused packet costs nothing; an idle bucket refills to the burst and
 * no further; a tap's plugins each have their own bucket.  Time is given, never read.
 */
#include "nfd-tap-stats.h"
#include "nfd-token-bucket.h"

#define SEC G_USEC_PER_SEC
/* a monotonic clock some hours after boot, as the daemon sees it */
#define T0 ((gint64)5 * 3600 * SEC)

/* how many of @n packets at the same instant @now pass */
static guint
take_n(const NfdTokenBucket *tb, gint64 *state, gint64 now, guint n)
{
	guint passed = 0;

	for (guint i = 0; i < n; i++)
		passed += nfd_token_bucket_take(tb, state, now) ? 1 : 0;
	return passed;
}

static void
test_burst(void)
{
	NfdTokenBucket tb;
	gint64 state = 0;

	nfd_token_bucket_init(&tb, 50, 200);
	g_assert_cmpuint(take_n(&tb, &state, T0, 1000), ==, 200);
}

static void
test_refill(void)
{
	NfdTokenBucket tb;
	gint64 state = 0;

	nfd_token_bucket_init(&tb, 50, 200);
	g_assert_cmpuint(take_n(&tb, &state, T0, 200), ==, 200);
	/* one token per 20 ms: none a microsecond early, one on time, not two */
	g_assert_false(nfd_token_bucket_take(&tb, &state, T0 + 20000 - 1));
	g_assert_cmpuint(take_n(&tb, &state, T0 + 20000, 5), ==, 1);
	/* a second later, 50 more */
	g_assert_cmpuint(take_n(&tb, &state, T0 + 20000 + SEC, 100), ==, 50);
}

static void
test_sustained_rate(void)
{
	NfdTokenBucket tb;
	gint64 state = 0;
	guint passed = 0;

	/* a flood of one packet per 100 µs for 10 s: the burst, then the rate */
	nfd_token_bucket_init(&tb, 50, 200);
	for (gint64 t = 0; t < 10 * SEC; t += 100)
		passed += nfd_token_bucket_take(&tb, &state, T0 + t) ? 1 : 0;
	g_assert_cmpuint(passed, ==, 200 + 50 * 10 - 1);
}

static void
test_refused_costs_nothing(void)
{
	NfdTokenBucket tb;
	gint64 state = 0;
	gint64 full;

	nfd_token_bucket_init(&tb, 50, 200);
	g_assert_cmpuint(take_n(&tb, &state, T0, 200), ==, 200);
	full = state;
	g_assert_cmpuint(take_n(&tb, &state, T0 + 1000, 100000), ==, 0);
	g_assert_cmpint(state, ==, full);
	g_assert_true(nfd_token_bucket_take(&tb, &state, T0 + 20000));
}

static void
test_idle_refills_to_burst(void)
{
	NfdTokenBucket tb;
	gint64 state = 0;
	const gint64 year = (gint64)365 * 24 * 3600 * SEC;

	nfd_token_bucket_init(&tb, 50, 200);
	g_assert_cmpuint(take_n(&tb, &state, T0, 1000), ==, 200);
	g_assert_cmpuint(take_n(&tb, &state, T0 + year, 1000), ==, 200);
	/* centuries of uptime: the nanosecond state does not overflow */
	g_assert_cmpuint(take_n(&tb, &state, T0 + 250 * year, 1000), ==, 200);
}

static void
test_clock_standing_still(void)
{
	NfdTokenBucket tb;
	gint64 state = 0;

	/* a clock read once per batch repeats its value: no refill from it */
	nfd_token_bucket_init(&tb, 1000, 10);
	g_assert_cmpuint(take_n(&tb, &state, T0, 10), ==, 10);
	for (guint i = 0; i < 10; i++)
		g_assert_false(nfd_token_bucket_take(&tb, &state, T0));
	/* and the first read of the daemon's life (1 µs after boot) starts full too */
	state = 0;
	g_assert_cmpuint(take_n(&tb, &state, 1, 100), ==, 10);
}

static void
test_burst_one(void)
{
	NfdTokenBucket tb;
	gint64 state = 0;

	nfd_token_bucket_init(&tb, 10, 1);
	g_assert_cmpuint(take_n(&tb, &state, T0, 5), ==, 1);
	g_assert_cmpuint(take_n(&tb, &state, T0 + 99999, 5), ==, 0);
	g_assert_cmpuint(take_n(&tb, &state, T0 + 100000, 5), ==, 1);
	/* a burst of 0 is taken as 1: the bucket must hold the packet it admits */
	nfd_token_bucket_init(&tb, 10, 0);
	state = 0;
	g_assert_cmpuint(take_n(&tb, &state, T0, 5), ==, 1);
}

static void
test_uneven_rate(void)
{
	NfdTokenBucket tb;
	gint64 state = 0;
	guint passed = 0;

	/* 3/s: the interval is not a whole number of microseconds */
	nfd_token_bucket_init(&tb, 3, 1);
	for (gint64 t = 0; t < 60 * SEC; t += 1000)
		passed += nfd_token_bucket_take(&tb, &state, T0 + t) ? 1 : 0;
	g_assert_cmpuint(passed, ==, 180);
}

static void
test_off(void)
{
	NfdTokenBucket tb;
	gint64 state = 0;

	nfd_token_bucket_init(&tb, 0, 200);
	g_assert_false(nfd_token_bucket_is_set(&tb));
	g_assert_cmpuint(take_n(&tb, &state, T0, 100000), ==, 100000);
	g_assert_cmpint(state, ==, 0);
}

static void
test_tap_buckets_per_plugin(void)
{
	g_autoptr(NfdTapStats) st = nfd_tap_stats_new();
	NfdTokenBucket tb;
	gint64 *a = nfd_tap_stats_get_bucket(st, 0);
	gint64 *b = nfd_tap_stats_get_bucket(st, 1);

	nfd_token_bucket_init(&tb, 50, 200);
	g_assert_true(a != b);
	g_assert_true(nfd_tap_stats_get_bucket(st, 0) == a);
	g_assert_cmpuint(take_n(&tb, a, T0, 1000), ==, 200);
	/* plugin 1's bucket on the same tap is still full */
	g_assert_cmpuint(take_n(&tb, nfd_tap_stats_get_bucket(st, 1), T0, 1000), ==, 200);
	g_assert_cmpuint(take_n(&tb, nfd_tap_stats_get_bucket(st, 0), T0, 10), ==, 0);
}

static void
test_tap_buckets_per_tap(void)
{
	g_autoptr(NfdTapStats) one = nfd_tap_stats_new();
	g_autoptr(NfdTapStats) two = nfd_tap_stats_new();
	NfdTokenBucket tb;

	nfd_token_bucket_init(&tb, 50, 200);
	g_assert_cmpuint(take_n(&tb, nfd_tap_stats_get_bucket(one, 3), T0, 1000), ==, 200);
	g_assert_cmpuint(take_n(&tb, nfd_tap_stats_get_bucket(two, 3), T0, 1000), ==, 200);
}

static void
test_tap_buckets_overflow(void)
{
	g_autoptr(NfdTapStats) st = nfd_tap_stats_new();
	gint64 *slots[NFD_TAP_BUCKETS];

	for (guint i = 0; i < NFD_TAP_BUCKETS; i++) {
		slots[i] = nfd_tap_stats_get_bucket(st, (guint8)(10 + i));
		for (guint j = 0; j < i; j++)
			g_assert_true(slots[i] != slots[j]);
	}
	/* plugins past the table share the last bucket: limited together, never unlimited */
	g_assert_true(nfd_tap_stats_get_bucket(st, 200) == slots[NFD_TAP_BUCKETS - 1]);
	g_assert_true(nfd_tap_stats_get_bucket(st, 201) == slots[NFD_TAP_BUCKETS - 1]);
	g_assert_true(nfd_tap_stats_get_bucket(st, 10) == slots[0]);
	/* the id NFD_STATS_PLUGINS_MAX - 1 (the last one the hub gives) has a key too */
	{
		g_autoptr(NfdTapStats) other = nfd_tap_stats_new();
		gint64 *last = nfd_tap_stats_get_bucket(other, NFD_STATS_PLUGINS_MAX - 1);
		g_assert_true(nfd_tap_stats_get_bucket(other, NFD_STATS_PLUGINS_MAX - 1) == last);
		g_assert_true(nfd_tap_stats_get_bucket(other, 0) != last);
	}
}

static void
test_tap_block_budget(void)
{
	/* the buckets fit the block's promise of under a KiB per tap with traffic */
	g_assert_cmpuint(nfd_tap_stats_size(), <=, 1024);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/token-bucket/burst", test_burst);
	g_test_add_func("/nfd/token-bucket/refill", test_refill);
	g_test_add_func("/nfd/token-bucket/sustained-rate", test_sustained_rate);
	g_test_add_func("/nfd/token-bucket/refused-costs-nothing", test_refused_costs_nothing);
	g_test_add_func("/nfd/token-bucket/idle-refills-to-burst", test_idle_refills_to_burst);
	g_test_add_func("/nfd/token-bucket/clock-standing-still", test_clock_standing_still);
	g_test_add_func("/nfd/token-bucket/burst-one", test_burst_one);
	g_test_add_func("/nfd/token-bucket/uneven-rate", test_uneven_rate);
	g_test_add_func("/nfd/token-bucket/off", test_off);
	g_test_add_func("/nfd/token-bucket/tap/per-plugin", test_tap_buckets_per_plugin);
	g_test_add_func("/nfd/token-bucket/tap/per-tap", test_tap_buckets_per_tap);
	g_test_add_func("/nfd/token-bucket/tap/overflow", test_tap_buckets_overflow);
	g_test_add_func("/nfd/token-bucket/tap/block-budget", test_tap_block_budget);
	return g_test_run();
}
