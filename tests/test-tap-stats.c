/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the per-tap statistics block and the stats hub (core/nfd-tap-stats.c): what a
 * packet's outcome counts, how the event ring keeps the last decisions (and folds repeats), and
 * that every bound holds.
 */
#include <string.h>

#include "nfd-common.h"
#include "nfd-tap-stats.h"

#define T0 ((gint64)1700000000 * G_USEC_PER_SEC)

static void
note(NfdTapNote *n, guint8 type, guint8 reply, guint8 reason)
{
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->reply = reply;
	n->reason = reason;
}

static void
test_counts_reply(void)
{
	g_autoptr(NfdTapStats) s = nfd_tap_stats_new();
	NfdTapNote n;

	note(&n, 1, 2, 1);
	nfd_tap_stats_record(s, T0, 3, &n, NFD_VERDICT_REPLY, NFD_CORE_REASON_NONE);
	nfd_tap_stats_record(s, T0 + 1, 3, &n, NFD_VERDICT_REPLY, NFD_CORE_REASON_NONE);
	g_assert_cmpuint(nfd_tap_stats_get_count(s, 3, NFD_TAP_KIND_RX, 1), ==, 2);
	g_assert_cmpuint(nfd_tap_stats_get_count(s, 3, NFD_TAP_KIND_ANSWERED, 1), ==, 2);
	g_assert_cmpuint(nfd_tap_stats_get_count(s, 3, NFD_TAP_KIND_TX, 2), ==, 2);
	g_assert_cmpuint(nfd_tap_stats_get_count(s, 3, NFD_TAP_KIND_DROPPED, 1), ==, 0);
	g_assert_cmpint(nfd_tap_stats_get_last_seen(s), ==, T0 + 1);
}

static void
test_counts_drop_pass_core(void)
{
	g_autoptr(NfdTapStats) s = nfd_tap_stats_new();
	NfdTapNote n;

	note(&n, 1, 0, 5);
	nfd_tap_stats_record(s, T0, 0, &n, NFD_VERDICT_DROP, NFD_CORE_REASON_NONE);
	nfd_tap_stats_record(s, T0, 0, &n, NFD_VERDICT_ACCEPT, NFD_CORE_REASON_NONE);
	nfd_tap_stats_record(s, T0, 0, &n, NFD_VERDICT_DROP, NFD_CORE_REASON_BAD_CHECKSUM);
	g_assert_cmpuint(nfd_tap_stats_get_count(s, 0, NFD_TAP_KIND_DROPPED, 5), ==, 1);
	g_assert_cmpuint(nfd_tap_stats_get_count(s, 0, NFD_TAP_KIND_PASSED, 5), ==, 1);
	g_assert_cmpuint(
	    nfd_tap_stats_get_count(s, 0, NFD_TAP_KIND_CORE, NFD_CORE_REASON_BAD_CHECKSUM),
	    ==,
	    1);
	g_assert_cmpuint(nfd_tap_stats_get_count(s, 0, NFD_TAP_KIND_RX, 1), ==, 3);
}

static void
test_counter_overflow(void)
{
	g_autoptr(NfdTapStats) s = nfd_tap_stats_new();
	NfdTapNote n;

	/* every type a new key: RX and DROPPED slots fill up, the rest is overflow */
	for (guint i = 1; i <= 40; i++) {
		note(&n, (guint8)i, 0, 1);
		nfd_tap_stats_record(s, T0, 0, &n, NFD_VERDICT_DROP, NFD_CORE_REASON_NONE);
	}
	g_assert_cmpuint(nfd_tap_stats_get_count(s, 0, NFD_TAP_KIND_DROPPED, 1), ==, 40);
	g_assert_cmpuint(nfd_tap_stats_get_overflow(s), ==, 40 - (NFD_TAP_COUNTERS - 1));
}

static void
test_events_ring(void)
{
	g_autoptr(NfdTapStats) s = nfd_tap_stats_new();
	NfdTapEvent ev[NFD_TAP_EVENTS];
	NfdTapNote n;
	guint count;

	for (guint i = 0; i < NFD_TAP_EVENTS + 5; i++) {
		/* alternate plugins so nothing folds; the reason tells them apart */
		note(&n, 1, 0, (guint8)i);
		nfd_tap_stats_record(s,
				     T0 + i * G_USEC_PER_SEC,
				     (guint8)(i % 2),
				     &n,
				     NFD_VERDICT_DROP,
				     NFD_CORE_REASON_NONE);
	}
	count = nfd_tap_stats_get_events(s, ev);
	g_assert_cmpuint(count, ==, NFD_TAP_EVENTS);
	/* the oldest 5 fell out, oldest first */
	g_assert_cmpuint(ev[0].reason, ==, 5);
	g_assert_cmpuint(ev[NFD_TAP_EVENTS - 1].reason, ==, NFD_TAP_EVENTS + 4);
	g_assert_cmpuint(ev[NFD_TAP_EVENTS - 1].time_s, ==, 1700000000 + NFD_TAP_EVENTS + 4);
}

static void
test_events_fold_repeats(void)
{
	g_autoptr(NfdTapStats) s = nfd_tap_stats_new();
	NfdTapEvent ev[NFD_TAP_EVENTS];
	NfdTapNote ns, dhcp;

	note(&ns, 1, 2, 1);
	note(&dhcp, 1, 2, 1);
	dhcp.family = 4;
	dhcp.addr[0] = 198;
	/* plugin 1's NS between plugin 0's DHCP: the NS folds across it, the DHCP stays */
	nfd_tap_stats_record(s, T0, 1, &ns, NFD_VERDICT_REPLY, NFD_CORE_REASON_NONE);
	nfd_tap_stats_record(s, T0 + 1000, 0, &dhcp, NFD_VERDICT_REPLY, NFD_CORE_REASON_NONE);
	for (guint i = 0; i < 100; i++)
		nfd_tap_stats_record(s,
				     T0 + 2000000 + i,
				     1,
				     &ns,
				     NFD_VERDICT_REPLY,
				     NFD_CORE_REASON_NONE);
	g_assert_cmpuint(nfd_tap_stats_get_events(s, ev), ==, 2);
	g_assert_cmpuint(ev[0].plugin, ==, 0);
	g_assert_cmpuint(ev[0].family, ==, 4);
	g_assert_cmpuint(ev[1].plugin, ==, 1);
	g_assert_cmpuint(ev[1].repeat, ==, 101);
	g_assert_cmpuint(ev[1].time_s, ==, 1700000002);
}

static void
test_events_no_fold_on_change(void)
{
	g_autoptr(NfdTapStats) s = nfd_tap_stats_new();
	NfdTapEvent ev[NFD_TAP_EVENTS];
	NfdTapNote n;

	note(&n, 1, 2, 1);
	nfd_tap_stats_record(s, T0, 0, &n, NFD_VERDICT_REPLY, NFD_CORE_REASON_NONE);
	nfd_tap_stats_record(s, T0, 0, &n, NFD_VERDICT_DROP, NFD_CORE_REASON_NONE);
	nfd_tap_stats_record(s, T0, 0, &n, NFD_VERDICT_REPLY, NFD_CORE_REASON_NONE);
	/* only the same decision as the plugin's latest folds */
	g_assert_cmpuint(nfd_tap_stats_get_events(s, ev), ==, 3);
}

static void
test_events_fold_across_rate_limited(void)
{
	g_autoptr(NfdTapStats) s = nfd_tap_stats_new();
	NfdTapEvent ev[NFD_TAP_EVENTS];
	NfdTapNote other, offer, none = {0};

	note(&other, 3, 4, 1);
	note(&offer, 1, 2, 1);
	/* an older decision, then a flood: one answered DISCOVER per bucket interval between
	 * rate-limited drops; both fold across each other, the older event stays */
	nfd_tap_stats_record(s, T0, 0, &other, NFD_VERDICT_REPLY, NFD_CORE_REASON_NONE);
	for (guint i = 0; i < 100; i++) {
		nfd_tap_stats_record(s, T0 + i, 0, &offer, NFD_VERDICT_REPLY, NFD_CORE_REASON_NONE);
		for (guint j = 0; j < 50; j++)
			nfd_tap_stats_record(s,
					     T0 + i,
					     0,
					     &none,
					     NFD_VERDICT_DROP,
					     NFD_CORE_REASON_RATE_LIMITED);
	}
	g_assert_cmpuint(nfd_tap_stats_get_events(s, ev), ==, 3);
	g_assert_cmpuint(ev[0].type, ==, 3);
	g_assert_cmpuint(ev[1].repeat + ev[2].repeat, ==, 100 + 100 * 50);
	g_assert_cmpuint(ev[2].reason, ==, NFD_CORE_REASON_RATE_LIMITED);
	g_assert_cmpuint(ev[2].repeat, ==, 100 * 50);
	g_assert_cmpuint(ev[1].repeat, ==, 100);
}

static void
test_fingerprint_bounded(void)
{
	g_autoptr(NfdTapStats) s = nfd_tap_stats_new();
	guint8 prl[200];
	g_autofree gchar *vendor = g_strnfill(300, 'v');
	gsize n = 0;

	for (guint i = 0; i < sizeof(prl); i++)
		prl[i] = (guint8)i;
	nfd_tap_stats_set_client(s, 2, prl, sizeof(prl), vendor, 300);
	g_assert_nonnull(nfd_tap_stats_get_request_list(s, &n));
	g_assert_cmpuint(n, ==, NFD_TAP_PRL_MAX);
	g_assert_cmpuint(strlen(nfd_tap_stats_get_vendor_class(s)), ==, NFD_TAP_VENDOR_MAX);
	g_assert_cmpuint(nfd_tap_stats_get_client_plugin(s), ==, 2);
}

static void
test_block_size(void)
{
	/* the per-tap budget (65,000 bindings): under a KiB */
	g_assert_cmpuint(nfd_tap_stats_size(), <=, 1024);
}

static void
test_hub_ids(void)
{
	g_autoptr(NfdStatsHub) hub = nfd_stats_hub_new();
	g_autofree gchar *again = g_strdup("dhcp4");

	g_assert_cmpuint(nfd_stats_hub_plugin_id(hub, "dhcp4"), ==, 0);
	g_assert_cmpuint(nfd_stats_hub_plugin_id(hub, "ra"), ==, 1);
	/* a reload's new instance of the same plugin keeps its id */
	g_assert_cmpuint(nfd_stats_hub_plugin_id(hub, again), ==, 0);
	g_assert_cmpstr(nfd_stats_hub_plugin_name(hub, 1), ==, "ra");
}

static void
test_hub_unbound(void)
{
	g_autoptr(NfdStatsHub) hub = nfd_stats_hub_new();
	NfdUnboundEvent ev[NFD_STATS_UNBOUND_EVENTS];

	nfd_stats_hub_record_unbound(hub, T0, 7, 0);
	nfd_stats_hub_record_unbound(hub, T0 + 1, 7, 0);
	nfd_stats_hub_record_unbound(hub, T0 + 2, 8, 1);
	for (guint i = 0; i < 200; i++)
		nfd_stats_hub_record_unbound(hub, T0 + 3 + i, 100 + i, 1);
	g_assert_cmpuint(nfd_stats_hub_get_unbound(hub, 0), ==, 2);
	g_assert_cmpuint(nfd_stats_hub_get_unbound(hub, 1), ==, 201);
	/* the ring keeps the newest NFD_STATS_UNBOUND_EVENTS */
	g_assert_cmpuint(nfd_stats_hub_get_unbound_events(hub, 7, ev), ==, 0);
	g_assert_cmpuint(nfd_stats_hub_get_unbound_events(hub, 299, ev), ==, 1);
	g_assert_cmpuint(nfd_stats_hub_get_unbound_events(hub, 0, ev),
			 ==,
			 NFD_STATS_UNBOUND_EVENTS);
}

static void
test_hub_unbound_folds(void)
{
	g_autoptr(NfdStatsHub) hub = nfd_stats_hub_new();
	NfdUnboundEvent ev[NFD_STATS_UNBOUND_EVENTS];

	for (guint i = 0; i < 5; i++)
		nfd_stats_hub_record_unbound(hub, T0 + i, 7, 0);
	g_assert_cmpuint(nfd_stats_hub_get_unbound_events(hub, 7, ev), ==, 1);
	g_assert_cmpuint(ev[0].repeat, ==, 5);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/tap-stats/counts-reply", test_counts_reply);
	g_test_add_func("/nfd/tap-stats/counts-drop-pass-core", test_counts_drop_pass_core);
	g_test_add_func("/nfd/tap-stats/counter-overflow", test_counter_overflow);
	g_test_add_func("/nfd/tap-stats/events-ring", test_events_ring);
	g_test_add_func("/nfd/tap-stats/events-fold-repeats", test_events_fold_repeats);
	g_test_add_func("/nfd/tap-stats/events-fold-across-rate-limited",
			test_events_fold_across_rate_limited);
	g_test_add_func("/nfd/tap-stats/events-no-fold-on-change", test_events_no_fold_on_change);
	g_test_add_func("/nfd/tap-stats/fingerprint-bounded", test_fingerprint_bounded);
	g_test_add_func("/nfd/tap-stats/block-size", test_block_size);
	g_test_add_func("/nfd/tap-stats/hub-ids", test_hub_ids);
	g_test_add_func("/nfd/tap-stats/hub-unbound", test_hub_unbound);
	g_test_add_func("/nfd/tap-stats/hub-unbound-folds", test_hub_unbound_folds);
	return g_test_run();
}
