/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of the dispatcher's per-tap, per-plugin rate limit (issue 13, fairness under floods)
 * without a kernel: NFQUEUE messages go through nfd_queue_process() and the real dispatcher, the
 * clock is the test's, taps are ifindexes the test's link resolver gives.  A flood from one
 * tap beyond its burst is dropped unread and counted for that tap, while other taps, and the
 * same tap's other plugins, are served; every packet id still gets exactly one verdict.
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-binding-store.h"
#include "nfd-dispatch.h"
#include "nfd-proto-private.h"
#include "nfd-queue.h"
#include "nfd-reply-private.h"
#include "nfd-test-injector.h"
#ifdef NFD_TEST_MALLOC
#include "nfd-test-malloc.h"
#endif
#include "nfd-test-nfq.h"

#define RATE 50
#define BURST 200
#define T0 ((gint64)3600 * G_USEC_PER_SEC)
#define BATCH 64

enum { TAP_A = 11, TAP_B = 12, TAP_UNBOUND = 13, TAP_UNBOUND2 = 14 };

/* the plugins: "alpha" (queue 42, UDP 67) and "beta" (queue 43, UDP 547) each alone on their
 * queue, "gamma" (UDP 1000) and "delta" (UDP 1001) sharing queue 44, "open" (queue 45, UDP 67)
 * answering taps without a binding too */
enum { P_ALPHA, P_BETA, P_GAMMA, P_DELTA, P_OPEN, N_PLUGINS };

typedef struct {
	NfdBindingStore *store;
	NfdInjector *injector;
	NfdDispatch *dispatch;
	NfdCoreContext ctx;
	NfdReply scratch;
	NfdQueue *queues[4];
	NfdPlugin *plugins[N_PLUGINS];
	guint handled[N_PLUGINS];
	gint64 now;
	guint clock_reads;
	GHashTable *verdicts;	   /* id -> count */
	GHashTable *verdict_value; /* id -> verdict */
	GArray *pending;	   /* ids queued and not answered: the kernel's queue */
	guint32 next_id;
	guint8 buf[BATCH * 256];
	gsize len;
} Fixture;

static const guint8 guest_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
static const guint16 queue_nums[4] = {42, 43, 44, 45};

static NfdVerdict
handle(NfdPlugin *plugin,
       const NfdPacket *packet,
       const NfdBinding *binding,
       NfdReply *reply,
       gpointer user_data)
{
	guint *handled = user_data;

	(*handled)++;
	/* accepted: a rate-limited packet is the only DROP of these tests */
	return NFD_VERDICT_ACCEPT;
}

static gint64
fake_clock(gpointer user_data)
{
	Fixture *f = user_data;

	f->clock_reads++;
	return f->now;
}

static guint
resolve(const gchar *name, guint8 *mac, gpointer user_data)
{
	memset(mac, 0, 6);
	if (g_strcmp0(name, "tapa") == 0)
		return TAP_A;
	if (g_strcmp0(name, "tapb") == 0)
		return TAP_B;
	return 0;
}

static void
record_verdict(guint32 id, guint32 verdict, gpointer user_data)
{
	Fixture *f = user_data;
	guint n = GPOINTER_TO_UINT(g_hash_table_lookup(f->verdicts, GUINT_TO_POINTER(id)));

	g_hash_table_insert(f->verdicts, GUINT_TO_POINTER(id), GUINT_TO_POINTER(n + 1));
	g_hash_table_insert(f->verdict_value, GUINT_TO_POINTER(id), GUINT_TO_POINTER(verdict));
}

/* the kernel queued the packet @id: a batch verdict answers it with the ids before it (the
 * test's own bookkeeping, not counted as the daemon's allocations) */
static void
note_queued(Fixture *f, guint32 id)
{
#ifdef NFD_TEST_MALLOC
	gboolean counting = nfd_test_malloc_count(FALSE);
#endif
	g_array_append_val(f->pending, id);
#ifdef NFD_TEST_MALLOC
	nfd_test_malloc_count(counting);
#endif
}

static gint
fake_send(const guint8 *buf, gsize len, gpointer user_data)
{
	Fixture *f = user_data;

#ifdef NFD_TEST_MALLOC
	/* the test's own bookkeeping (hash tables) is not the daemon's packet path */
	gboolean counting = nfd_test_malloc_count(FALSE);
#endif
	nfd_test_nfq_foreach_verdict(buf, len, f->pending, record_verdict, user_data);
#ifdef NFD_TEST_MALLOC
	nfd_test_malloc_count(counting);
#endif
	return 0;
}

static const NfdPluginDescriptor descs[N_PLUGINS] = {
    [P_ALPHA] = {.name = "alpha", .flags = NFD_PLUGIN_FLAG_NEEDS_BINDING},
    [P_BETA] = {.name = "beta", .flags = NFD_PLUGIN_FLAG_NEEDS_BINDING},
    [P_GAMMA] = {.name = "gamma", .flags = NFD_PLUGIN_FLAG_NEEDS_BINDING},
    [P_DELTA] = {.name = "delta", .flags = NFD_PLUGIN_FLAG_NEEDS_BINDING},
    [P_OPEN] = {.name = "open"},
};
static const struct {
	guint16 queue;
	guint16 port;
} claims[N_PLUGINS] = {
    [P_ALPHA] = {42, 67},
    [P_BETA] = {43, 547},
    [P_GAMMA] = {44, 1000},
    [P_DELTA] = {44, 1001},
    [P_OPEN] = {45, 67},
};

static void
add_binding(Fixture *f, const gchar *tap, const gchar *mac)
{
	g_autoptr(NfdBinding) b = nfd_binding_new(tap);
	g_autoptr(GError) error = NULL;

	g_assert_true(nfd_binding_set_value(b, "MAC", mac, &error));
	nfd_binding_sink_upsert(nfd_binding_store_get_sink(f->store), b);
}

static void
add_plugin(Fixture *f, guint i)
{
	NfdPluginDescriptor desc = descs[i];
	NfdQueueClaim claim = {
	    .queue_num = claims[i].queue,
	    .family = AF_INET,
	    .l4_proto = IPPROTO_UDP,
	    .dst_port = claims[i].port,
	    .handle = handle,
	    .user_data = &f->handled[i],
	};
	g_autoptr(GError) error = NULL;

	desc.api_major = NFD_PLUGIN_API_MAJOR;
	desc.api_minor = NFD_PLUGIN_API_MINOR;
	desc.struct_size = sizeof(NfdPluginDescriptor);
	desc.description = "rate test";
	desc.version = "0";
	f->plugins[i] = nfd_plugin_new(&desc, desc.name, TRUE);
	nfd_plugin_set_context(f->plugins[i], &f->ctx);
	g_assert_true(nfd_plugin_init(f->plugins[i], NULL, &error));
	g_assert_true(nfd_plugin_register_queue(f->plugins[i], &claim, &error));
	g_assert_true(nfd_dispatch_add_plugin(f->dispatch, f->plugins[i], &error));
	nfd_token_bucket_init(&f->plugins[i]->rate_limit, RATE, BURST);
}

static void
fixture_setup(Fixture *f, gconstpointer data)
{
	f->store = nfd_binding_store_new();
	nfd_binding_store_set_link_resolver(f->store, resolve, f);
	f->injector = nfd_test_injector_new();
	f->dispatch = nfd_dispatch_new(f->store, f->injector);
	f->now = T0;
	nfd_dispatch_set_clock(f->dispatch, fake_clock, f);
	f->ctx.store = f->store;
	f->ctx.injector = f->injector;
	f->ctx.scratch = &f->scratch;
	f->ctx.stats = nfd_stats_hub_new();
	for (guint i = 0; i < N_PLUGINS; i++)
		add_plugin(f, i);
	for (guint i = 0; i < G_N_ELEMENTS(f->queues); i++) {
		f->queues[i] = nfd_queue_new(queue_nums[i], f->dispatch);
		nfd_queue_set_sender(f->queues[i], fake_send, f);
	}
	add_binding(f, "tapa", "52:54:00:00:00:0a");
	add_binding(f, "tapb", "52:54:00:00:00:0b");
	f->verdicts = g_hash_table_new(g_direct_hash, g_direct_equal);
	f->verdict_value = g_hash_table_new(g_direct_hash, g_direct_equal);
	f->pending = g_array_new(FALSE, FALSE, sizeof(guint32));
	f->next_id = 1;
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
	for (guint i = 0; i < G_N_ELEMENTS(f->queues); i++)
		nfd_queue_free(f->queues[i]);
	for (guint i = 0; i < N_PLUGINS; i++)
		nfd_plugin_free(f->plugins[i]);
	nfd_dispatch_free(f->dispatch);
	nfd_injector_free(f->injector);
	nfd_binding_store_free(f->store);
	nfd_stats_hub_free(f->ctx.stats);
	g_hash_table_unref(f->verdicts);
	g_hash_table_unref(f->verdict_value);
	g_array_unref(f->pending);
}

/* an IPv4/UDP datagram to @port; @malformed: a header that does not parse */
static gsize
build_udp4(guint8 *p, guint16 port, gboolean malformed)
{
	gsize total = 20 + 8 + 4;
	guint16 c;

	memset(p, 0, total);
	p[0] = malformed ? 0x4f : 0x45; /* IHL 15: longer than the packet */
	p[3] = (guint8)total;
	p[8] = 64;
	p[9] = IPPROTO_UDP;
	memset(p + 16, 0xff, 4);
	c = nfd_proto_checksum_fold(nfd_proto_checksum_add(0, p, 20));
	p[10] = (guint8)(c >> 8);
	p[11] = (guint8)c;
	p[21] = 68;
	p[22] = (guint8)(port >> 8);
	p[23] = (guint8)port;
	p[25] = 12;
	memcpy(p + 28, "ping", 4);
	return total;
}

static NfdQueue *
queue_of(Fixture *f, guint16 num)
{
	for (guint i = 0; i < G_N_ELEMENTS(f->queues); i++) {
		if (queue_nums[i] == num)
			return f->queues[i];
	}
	g_assert_not_reached();
}

/* @n packets from @ifindex to plugin @p's port, BATCH to a datagram, each batch flushed as the
 * queue does per wake-up; returns the first id used */
static guint32
send_n(Fixture *f, guint32 ifindex, guint p, guint n, gboolean malformed)
{
	NfdQueue *queue = queue_of(f, claims[p].queue);
	guint32 first = f->next_id;
	guint8 pkt[64];
	gsize len = build_udp4(pkt, claims[p].port, malformed);

	for (guint i = 0; i < n; i++) {
		guint32 id = f->next_id++;

		nfd_test_nfq_put_packet(f->buf,
					&f->len,
					claims[p].queue,
					id,
					ifindex,
					0,
					guest_mac,
					pkt,
					len,
					TRUE);
		note_queued(f, id);
		if ((i + 1) % BATCH == 0 || i + 1 == n) {
			nfd_queue_process(queue, f->buf, f->len);
			nfd_queue_flush(queue);
			f->len = 0;
		}
	}
	return first;
}

/* every id sent so far has exactly one verdict; returns how many of [first, first + n) were
 * dropped */
static guint
count_drops(Fixture *f, guint32 first, guint n)
{
	guint drops = 0;

	for (guint32 id = 1; id < f->next_id; id++)
		g_assert_cmpuint(
		    GPOINTER_TO_UINT(g_hash_table_lookup(f->verdicts, GUINT_TO_POINTER(id))),
		    ==,
		    1);
	for (guint32 id = first; id < first + n; id++) {
		guint v =
		    GPOINTER_TO_UINT(g_hash_table_lookup(f->verdict_value, GUINT_TO_POINTER(id)));
		if (v == NFD_NF_DROP)
			drops++;
	}
	return drops;
}

static NfdTapStats *
stats_of(Fixture *f, const gchar *tap)
{
	return nfd_binding_get_tap_stats(nfd_binding_store_lookup_tap(f->store, tap));
}

static guint32
rate_limited(Fixture *f, const gchar *tap, guint p)
{
	NfdTapStats *st = stats_of(f, tap);

	if (st == NULL)
		return 0;
	return nfd_tap_stats_get_count(st,
				       f->plugins[p]->stats_id,
				       NFD_TAP_KIND_CORE,
				       NFD_CORE_REASON_RATE_LIMITED);
}

static void
test_flood_dropped_and_counted(Fixture *f, gconstpointer data)
{
	guint32 first = send_n(f, TAP_A, P_ALPHA, 1000, FALSE);

	/* the burst passes, the rest is dropped before the plugin sees it */
	g_assert_cmpuint(count_drops(f, first, 1000), ==, 1000 - BURST);
	g_assert_cmpuint(f->handled[P_ALPHA], ==, BURST);
	g_assert_cmpuint(rate_limited(f, "tapa", P_ALPHA), ==, 1000 - BURST);
	g_assert_cmpuint(nfd_dispatch_get_stats(f->dispatch)->rate_limited, ==, 1000 - BURST);
	/* every packet of the tap is received in its counters, the dropped ones as type 0 */
	g_assert_cmpuint(nfd_tap_stats_get_count(stats_of(f, "tapa"),
						 f->plugins[P_ALPHA]->stats_id,
						 NFD_TAP_KIND_RX,
						 0),
			 ==,
			 1000);
}

/* a packet over the rate: DROP at once, exactly one verdict, nothing allocated from the
 * NFQUEUE message to the verdict, the plugin never called */
static void
test_excess_dropped_unallocated(Fixture *f, gconstpointer data)
{
	guint32 first;
	guint n = 100 * BATCH;

#ifdef NFD_TEST_MALLOC
	/* the tap's first packets make its statistics block (once per tap, by design) */
	send_n(f, TAP_A, P_ALPHA, BURST, FALSE);
	g_assert_cmpuint(f->handled[P_ALPHA], ==, BURST);
	nfd_test_malloc_reset();
	nfd_test_malloc_count(TRUE);
	first = send_n(f, TAP_A, P_ALPHA, n, FALSE);
	nfd_test_malloc_count(FALSE);
	g_assert_cmpuint(nfd_test_malloc_get(), ==, 0);
	g_assert_cmpuint(count_drops(f, first, n), ==, n);
	g_assert_cmpuint(f->handled[P_ALPHA], ==, BURST);
	g_assert_cmpuint(rate_limited(f, "tapa", P_ALPHA), ==, n);
#else
	(void)first;
	(void)n;
	g_test_skip("allocations are counted only in a build without sanitizers");
#endif
}

static void
test_other_tap_unaffected(Fixture *f, gconstpointer data)
{
	guint32 first_b[20];
	guint drops_b = 0;

	/* tap B's packets in between tap A's flood, at the same instants */
	for (guint round = 0; round < 20; round++) {
		send_n(f, TAP_A, P_ALPHA, 500, FALSE);
		first_b[round] = send_n(f, TAP_B, P_ALPHA, 2, FALSE);
	}
	for (guint round = 0; round < 20; round++)
		drops_b += count_drops(f, first_b[round], 2);
	g_assert_cmpuint(drops_b, ==, 0);
	g_assert_cmpuint(rate_limited(f, "tapb", P_ALPHA), ==, 0);
	g_assert_cmpuint(rate_limited(f, "tapa", P_ALPHA), ==, 20 * 500 - BURST);
	g_assert_cmpuint(f->handled[P_ALPHA], ==, BURST + 40);
}

static void
test_other_plugin_unaffected(Fixture *f, gconstpointer data)
{
	guint32 first;

	send_n(f, TAP_A, P_ALPHA, 1000, FALSE);
	first = send_n(f, TAP_A, P_BETA, 100, FALSE);
	g_assert_cmpuint(count_drops(f, first, 100), ==, 0);
	g_assert_cmpuint(f->handled[P_BETA], ==, 100);
	g_assert_cmpuint(rate_limited(f, "tapa", P_BETA), ==, 0);
}

static void
test_refill(Fixture *f, gconstpointer data)
{
	guint32 first;

	send_n(f, TAP_A, P_ALPHA, 1000, FALSE);
	/* one second later: RATE more */
	f->now += G_USEC_PER_SEC;
	first = send_n(f, TAP_A, P_ALPHA, 1000, FALSE);
	g_assert_cmpuint(count_drops(f, first, 1000), ==, 1000 - RATE);
	/* idle for a minute: a full burst again, and no more */
	f->now += 60 * G_USEC_PER_SEC;
	first = send_n(f, TAP_A, P_ALPHA, 1000, FALSE);
	g_assert_cmpuint(count_drops(f, first, 1000), ==, 1000 - BURST);
	g_assert_cmpuint(f->handled[P_ALPHA], ==, BURST + RATE + BURST);
}

static void
test_before_parse(Fixture *f, gconstpointer data)
{
	guint32 first;

	/* headers that do not parse: accepted as malformed while the tap is within its rate,
	 * dropped without being parsed (not counted as malformed) once it is over it */
	first = send_n(f, TAP_A, P_ALPHA, 1000, TRUE);
	g_assert_cmpuint(count_drops(f, first, 1000), ==, 1000 - BURST);
	g_assert_cmpuint(nfd_dispatch_get_stats(f->dispatch)->malformed, ==, BURST);
	g_assert_cmpuint(f->handled[P_ALPHA], ==, 0);
}

static void
test_shared_queue_after_claim(Fixture *f, gconstpointer data)
{
	guint32 first;

	/* gamma and delta share queue 44: the claim decides whose bucket a packet spends */
	first = send_n(f, TAP_A, P_GAMMA, 1000, FALSE);
	g_assert_cmpuint(count_drops(f, first, 1000), ==, 1000 - BURST);
	first = send_n(f, TAP_A, P_DELTA, 100, FALSE);
	g_assert_cmpuint(count_drops(f, first, 100), ==, 0);
	g_assert_cmpuint(rate_limited(f, "tapa", P_GAMMA), ==, 1000 - BURST);
	g_assert_cmpuint(rate_limited(f, "tapa", P_DELTA), ==, 0);
	/* on a shared queue, packets no claim takes spend nothing: they are not the bucket's */
	first = send_n(f, TAP_B, P_GAMMA, 1000, TRUE);
	g_assert_cmpuint(count_drops(f, first, 1000), ==, 0);
	first = send_n(f, TAP_B, P_GAMMA, 1000, FALSE);
	g_assert_cmpuint(count_drops(f, first, 1000), ==, 1000 - BURST);
}

static void
test_unbound_not_limited(Fixture *f, gconstpointer data)
{
	guint32 first = send_n(f, TAP_UNBOUND, P_ALPHA, 1000, FALSE);

	/* a tap without a binding is not ours: all accepted, as without the limit */
	g_assert_cmpuint(count_drops(f, first, 1000), ==, 0);
	g_assert_cmpuint(nfd_dispatch_get_stats(f->dispatch)->unbound, ==, 1000);
	g_assert_cmpuint(nfd_dispatch_get_stats(f->dispatch)->rate_limited, ==, 0);
	g_assert_cmpuint(f->handled[P_ALPHA], ==, 0);
}

static void
test_unbound_shared_bucket(Fixture *f, gconstpointer data)
{
	guint32 first1, first2, first_b;

	/* a plugin that answers unbound taps: they share one bucket, a bound tap keeps its own */
	first1 = send_n(f, TAP_UNBOUND, P_OPEN, 150, FALSE);
	first2 = send_n(f, TAP_UNBOUND2, P_OPEN, 150, FALSE);
	first_b = send_n(f, TAP_B, P_OPEN, 150, FALSE);
	g_assert_cmpuint(count_drops(f, first1, 150), ==, 0);
	g_assert_cmpuint(count_drops(f, first2, 150), ==, 100);
	g_assert_cmpuint(count_drops(f, first_b, 150), ==, 0);
	g_assert_cmpuint(f->handled[P_OPEN], ==, BURST + 150);
}

static void
test_off(Fixture *f, gconstpointer data)
{
	guint32 first;

	nfd_token_bucket_init(&f->plugins[P_ALPHA]->rate_limit, 0, BURST);
	first = send_n(f, TAP_A, P_ALPHA, 1000, FALSE);
	g_assert_cmpuint(count_drops(f, first, 1000), ==, 0);
	g_assert_cmpuint(f->handled[P_ALPHA], ==, 1000);
}

static void
test_events_coalesce(Fixture *f, gconstpointer data)
{
	NfdTapEvent ev[NFD_TAP_EVENTS];
	guint n;

	send_n(f, TAP_A, P_ALPHA, 1000, FALSE);
	n = nfd_tap_stats_get_events(stats_of(f, "tapa"), ev);
	/* the accepted burst and the flood's drops: two events, repeats counted */
	g_assert_cmpuint(n, ==, 2);
	g_assert_cmpuint(ev[1].flags & NFD_TAP_EVENT_CORE, !=, 0);
	g_assert_cmpuint(ev[1].reason, ==, NFD_CORE_REASON_RATE_LIMITED);
	g_assert_cmpuint(ev[1].verdict, ==, NFD_VERDICT_DROP);
	g_assert_cmpuint(ev[1].repeat, ==, 1000 - BURST);
	g_assert_cmpstr(nfd_core_reason_to_string(NFD_CORE_REASON_RATE_LIMITED),
			==,
			"rate_limited");
}

static void
test_clock_once_per_batch(Fixture *f, gconstpointer data)
{
	/* 640 packets in batches of 64: ten clock reads, not 640 */
	send_n(f, TAP_A, P_ALPHA, 10 * BATCH, FALSE);
	g_assert_cmpuint(f->clock_reads, ==, 10);
}

static void
test_binding_change_keeps_bucket(Fixture *f, gconstpointer data)
{
	guint32 first;

	/* the VM manager rewriting the binding does not hand the flooding guest a new burst */
	send_n(f, TAP_A, P_ALPHA, 1000, FALSE);
	{
		g_autoptr(NfdBinding) b = nfd_binding_new("tapa");
		g_autoptr(GError) error = NULL;
		g_assert_true(nfd_binding_set_value(b, "MAC", "52:54:00:00:00:0a", &error));
		g_assert_true(nfd_binding_set_value(b, "HOSTNAME", "renamed", &error));
		nfd_binding_sink_upsert(nfd_binding_store_get_sink(f->store), b);
	}
	first = send_n(f, TAP_A, P_ALPHA, 100, FALSE);
	g_assert_cmpuint(count_drops(f, first, 100), ==, 100);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	/* malformed packets are warned about (rate-limited): not a failure here */
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
#define ADD(path, func) g_test_add(path, Fixture, NULL, fixture_setup, func, fixture_teardown)
	ADD("/nfd/dispatch/rate/flood-dropped-and-counted", test_flood_dropped_and_counted);
	ADD("/nfd/dispatch/rate/excess-dropped-unallocated", test_excess_dropped_unallocated);
	ADD("/nfd/dispatch/rate/other-tap-unaffected", test_other_tap_unaffected);
	ADD("/nfd/dispatch/rate/other-plugin-unaffected", test_other_plugin_unaffected);
	ADD("/nfd/dispatch/rate/refill", test_refill);
	ADD("/nfd/dispatch/rate/before-parse", test_before_parse);
	ADD("/nfd/dispatch/rate/shared-queue-after-claim", test_shared_queue_after_claim);
	ADD("/nfd/dispatch/rate/unbound-not-limited", test_unbound_not_limited);
	ADD("/nfd/dispatch/rate/unbound-shared-bucket", test_unbound_shared_bucket);
	ADD("/nfd/dispatch/rate/off", test_off);
	ADD("/nfd/dispatch/rate/events-coalesce", test_events_coalesce);
	ADD("/nfd/dispatch/rate/clock-once-per-batch", test_clock_once_per_batch);
	ADD("/nfd/dispatch/rate/binding-change-keeps-bucket", test_binding_change_keeps_bucket);
#undef ADD
	return g_test_run();
}
