/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of what the per-packet path records for the operator (issue 12), without a kernel:
 * NFQUEUE messages go through nfd_queue_process() and the real dispatcher, to a plugin that
 * notes what it decides (SDK 1.1); the tap's statistics block, the hub's ring of unbound
 * packets and the synthetic path of explain (nfd_dispatch_explain()) are checked.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <string.h>

#include "nfd-binding-store.h"
#include "nfd-dispatch.h"
#include "nfd-proto-private.h"
#include "nfd-queue.h"
#include "nfd-reply-private.h"
#include "nfd-test-injector.h"
#include "nfd-test-nfq.h"

typedef enum {
	MODE_NOTED_REPLY,
	MODE_SILENT_DROP,
	MODE_INCOMPLETE_REPLY,
	MODE_WARN_AND_COUNT,
} HandlerMode;

typedef struct {
	NfdBindingStore *store;
	NfdInjector *injector;
	NfdDispatch *dispatch;
	NfdQueue *queue;
	NfdPlugin *plugin;
	NfdCoreContext ctx;
	NfdReply scratch;
	HandlerMode mode;
	guint8 buf[65536];
	gsize len;
	guint32 next_id;
} Fixture;

static const guint8 guest_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
static const gchar *const types[] = {"PING", "PONG", NULL};
static const gchar *const reasons[] = {"answered", "ignored", NULL};
static const gchar *const counters[] = {"seen", NULL};

static NfdVerdict
handle(NfdPlugin *plugin,
       const NfdPacket *packet,
       const NfdBinding *binding,
       NfdReply *reply,
       gpointer user_data)
{
	Fixture *f = user_data;
	struct in_addr src, dst;
	struct in_addr given = {.s_addr = htonl(0xc6336410)}; /* 198.51.100.16 */
	gsize cap = 0;
	guint8 *out;

	switch (f->mode) {
	case MODE_SILENT_DROP:
		return NFD_VERDICT_DROP;
	case MODE_INCOMPLETE_REPLY:
		nfd_plugin_note_message(plugin, 1, 1);
		return NFD_VERDICT_REPLY;
	case MODE_WARN_AND_COUNT:
		nfd_plugin_count(plugin, 0);
		nfd_plugin_warn_ratelimited(plugin, binding, "the guest asked for %s", "trouble");
		nfd_plugin_note_message(plugin, 1, 2);
		return NFD_VERDICT_DROP;
	case MODE_NOTED_REPLY:
	default:
		break;
	}
	nfd_plugin_note_message(plugin, 1, 1);
	nfd_plugin_note_reply(plugin, 2);
	nfd_plugin_note_address(plugin, AF_INET, &given);
	g_assert_true(nfd_packet_get_ip4_src(packet, &src));
	g_assert_true(nfd_packet_get_ip4_dst(packet, &dst));
	out = nfd_reply_get_payload_buffer(reply, &cap);
	memcpy(out, "pong", 4);
	nfd_reply_set_payload_length(reply, 4);
	nfd_reply_set_ip4(reply, &dst, &src, 64);
	nfd_reply_set_udp(reply, nfd_packet_get_dst_port(packet), nfd_packet_get_src_port(packet));
	return NFD_VERDICT_REPLY;
}

static gint
fake_send(const guint8 *buf, gsize len, gpointer user_data)
{
	return 0;
}

static NfdPluginDescriptor desc = {
    .api_major = NFD_PLUGIN_API_MAJOR,
    .api_minor = NFD_PLUGIN_API_MINOR,
    .struct_size = sizeof(NfdPluginDescriptor),
    .name = "ping",
    .description = "records",
    .version = "0",
    .flags = NFD_PLUGIN_FLAG_NEEDS_BINDING,
    .counters = counters,
    .message_types = types,
    .reasons = reasons,
};

static void
upsert_binding(Fixture *f, const gchar *ip)
{
	g_autoptr(NfdBinding) b = nfd_binding_new("lo");
	g_autoptr(GError) error = NULL;

	g_assert_true(nfd_binding_set_value(b, "MAC", "52:54:00:12:34:56", &error));
	g_assert_true(nfd_binding_set_value(b, "IP", ip, &error));
	nfd_binding_sink_upsert(nfd_binding_store_get_sink(f->store), b);
}

static void
fixture_setup(Fixture *f, gconstpointer data)
{
	NfdQueueClaim claim = {
	    .queue_num = 42,
	    .family = AF_INET,
	    .l4_proto = IPPROTO_UDP,
	    .dst_port = 67,
	    .handle = handle,
	    .user_data = f,
	};
	g_autoptr(GError) error = NULL;

	f->store = nfd_binding_store_new();
	f->injector = nfd_test_injector_new();
	f->dispatch = nfd_dispatch_new(f->store, f->injector);
	f->queue = nfd_queue_new(42, f->dispatch);
	nfd_queue_set_sender(f->queue, fake_send, f);
	f->ctx.store = f->store;
	f->ctx.injector = f->injector;
	f->ctx.scratch = &f->scratch;
	f->ctx.stats = nfd_stats_hub_new();
	f->plugin = nfd_plugin_new(&desc, "test", TRUE);
	nfd_plugin_set_context(f->plugin, &f->ctx);
	g_assert_true(nfd_plugin_init(f->plugin, NULL, &error));
	g_assert_true(nfd_plugin_register_queue(f->plugin, &claim, &error));
	g_assert_true(nfd_dispatch_add_plugin(f->dispatch, f->plugin, &error));
	g_assert_true(nfd_plugin_start(f->plugin, &error));
	/* "lo" always exists: its ifindex stands for the VM's tap */
	upsert_binding(f, "198.51.100.16");
	f->next_id = 1;
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
	nfd_queue_free(f->queue);
	nfd_plugin_free(f->plugin);
	nfd_dispatch_free(f->dispatch);
	nfd_injector_free(f->injector);
	nfd_binding_store_free(f->store);
	nfd_stats_hub_free(f->ctx.stats);
}

/* an IPv4/UDP datagram to port 67 */
static gsize
build_udp4(guint8 *p)
{
	gsize total = 20 + 8 + 4;
	guint16 c;

	memset(p, 0, total);
	p[0] = 0x45;
	p[3] = (guint8)total;
	p[8] = 64;
	p[9] = IPPROTO_UDP;
	memset(p + 16, 0xff, 4);
	c = nfd_proto_checksum_fold(nfd_proto_checksum_add(0, p, 20));
	p[10] = (guint8)(c >> 8);
	p[11] = (guint8)c;
	p[21] = 68;
	p[23] = 67;
	p[25] = 12;
	memcpy(p + 28, "ping", 4);
	return total;
}

/* one packet from @ifindex through the queue */
static void
send_packet(Fixture *f, guint32 ifindex)
{
	guint8 pkt[64];
	gsize len = build_udp4(pkt);

	nfd_test_nfq_put_packet(f->buf,
				&f->len,
				42,
				f->next_id++,
				ifindex,
				0,
				guest_mac,
				pkt,
				len,
				TRUE);
	nfd_queue_process(f->queue, f->buf, f->len);
	nfd_queue_flush(f->queue);
	f->len = 0;
}

static NfdTapStats *
tap_stats(Fixture *f)
{
	return nfd_binding_get_tap_stats(nfd_binding_store_lookup_tap(f->store, "lo"));
}

static void
test_noted_reply(Fixture *f, gconstpointer data)
{
	NfdTapEvent ev[NFD_TAP_EVENTS];
	guint8 id = f->plugin->stats_id;

	send_packet(f, if_nametoindex("lo"));
	g_assert_nonnull(tap_stats(f));
	g_assert_cmpuint(nfd_tap_stats_get_count(tap_stats(f), id, NFD_TAP_KIND_RX, 1), ==, 1);
	g_assert_cmpuint(nfd_tap_stats_get_count(tap_stats(f), id, NFD_TAP_KIND_ANSWERED, 1),
			 ==,
			 1);
	g_assert_cmpuint(nfd_tap_stats_get_count(tap_stats(f), id, NFD_TAP_KIND_TX, 2), ==, 1);
	g_assert_cmpuint(nfd_tap_stats_get_events(tap_stats(f), ev), ==, 1);
	g_assert_cmpuint(ev[0].verdict, ==, NFD_VERDICT_REPLY);
	g_assert_cmpuint(ev[0].reply, ==, 2);
	g_assert_cmpuint(ev[0].family, ==, 4);
	g_assert_cmpmem(ev[0].addr, 4, "\xc6\x33\x64\x10", 4);
}

static void
test_silent_drop(Fixture *f, gconstpointer data)
{
	NfdTapEvent ev[NFD_TAP_EVENTS];
	guint8 id = f->plugin->stats_id;

	/* a plugin that notes nothing (an SDK 1.0 one) is still counted: type 0, its verdict */
	f->mode = MODE_SILENT_DROP;
	send_packet(f, if_nametoindex("lo"));
	g_assert_cmpuint(nfd_tap_stats_get_count(tap_stats(f), id, NFD_TAP_KIND_RX, 0), ==, 1);
	g_assert_cmpuint(nfd_tap_stats_get_count(tap_stats(f), id, NFD_TAP_KIND_DROPPED, 0), ==, 1);
	g_assert_cmpuint(nfd_tap_stats_get_events(tap_stats(f), ev), ==, 1);
	g_assert_cmpuint(ev[0].verdict, ==, NFD_VERDICT_DROP);
}

static void
test_incomplete_reply(Fixture *f, gconstpointer data)
{
	guint8 id = f->plugin->stats_id;

	f->mode = MODE_INCOMPLETE_REPLY;
	send_packet(f, if_nametoindex("lo"));
	g_assert_cmpuint(nfd_tap_stats_get_count(tap_stats(f),
						 id,
						 NFD_TAP_KIND_CORE,
						 NFD_CORE_REASON_UNUSABLE_REPLY),
			 ==,
			 1);
	g_assert_cmpuint(nfd_tap_stats_get_count(tap_stats(f), id, NFD_TAP_KIND_ANSWERED, 1),
			 ==,
			 0);
}

static void
test_unbound_in_hub(Fixture *f, gconstpointer data)
{
	NfdUnboundEvent ev[NFD_STATS_UNBOUND_EVENTS];

	/* ifindex 9999 has no binding: not ours, accepted, kept in the hub's ring */
	send_packet(f, 9999);
	send_packet(f, 9999);
	g_assert_null(tap_stats(f));
	g_assert_cmpuint(nfd_stats_hub_get_unbound(f->ctx.stats, f->plugin->stats_id), ==, 2);
	g_assert_cmpuint(nfd_stats_hub_get_unbound_events(f->ctx.stats, 9999, ev), ==, 1);
	g_assert_cmpuint(ev[0].repeat, ==, 2);
}

static void
test_block_made_once(Fixture *f, gconstpointer data)
{
	NfdTapStats *first;

	send_packet(f, if_nametoindex("lo"));
	first = tap_stats(f);
	for (guint i = 0; i < 100; i++)
		send_packet(f, if_nametoindex("lo"));
	g_assert_true(tap_stats(f) == first);
	g_assert_cmpuint(nfd_tap_stats_get_count(first, f->plugin->stats_id, NFD_TAP_KIND_RX, 1),
			 ==,
			 101);
}

static void
test_follows_binding(Fixture *f, gconstpointer data)
{
	NfdTapStats *st;

	send_packet(f, if_nametoindex("lo"));
	st = tap_stats(f);
	/* a changed binding keeps the tap's statistics; a removed one takes them along */
	upsert_binding(f, "198.51.100.17");
	g_assert_true(tap_stats(f) == st);
	nfd_binding_sink_remove(nfd_binding_store_get_sink(f->store), "lo");
	upsert_binding(f, "198.51.100.16");
	g_assert_null(tap_stats(f));
}

static void
test_explain_records_nothing(Fixture *f, gconstpointer data)
{
	guint8 pkt[64];
	gsize len = build_udp4(pkt);
	NfdPacket packet;
	NfdDispatchExplain run = {0};
	g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func(g_free);
	const NfdBinding *b = nfd_binding_store_lookup_tap(f->store, "lo");

	nfd_packet_init(&packet);
	packet.queue = 42;
	packet.indev = if_nametoindex("lo");
	memcpy(packet.src_mac, guest_mac, 6);
	packet.has_src_mac = TRUE;
	g_assert_cmpint(nfd_packet_parse_l3(&packet, pkt, len), ==, NFD_PACKET_PARSE_OK);
	run.frame = g_byte_array_new();
	run.log = log;
	nfd_dispatch_explain(f->dispatch, &packet, b, &run);
	g_assert_true(run.plugin == f->plugin);
	g_assert_cmpint(run.verdict, ==, NFD_VERDICT_REPLY);
	g_assert_cmpuint(run.note.reply, ==, 2);
	/* the reply is captured: Ethernet + IPv4 + UDP + "pong" */
	g_assert_cmpuint(run.frame->len, ==, 14 + 20 + 8 + 4);
	g_byte_array_unref(run.frame);
	/* and nothing else happened */
	g_assert_null(tap_stats(f));
	g_assert_cmpuint(f->plugin->n_handled, ==, 0);
	g_assert_cmpuint(f->injector->n_sent, ==, 0);
	g_assert_cmpuint(nfd_dispatch_get_stats(f->dispatch)->packets, ==, 0);
}

static void
test_explain_captures_warnings(Fixture *f, gconstpointer data)
{
	guint8 pkt[64];
	gsize len = build_udp4(pkt);
	NfdPacket packet;
	NfdDispatchExplain run = {0};
	g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func(g_free);

	f->mode = MODE_WARN_AND_COUNT;
	nfd_packet_init(&packet);
	packet.queue = 42;
	packet.indev = if_nametoindex("lo");
	g_assert_cmpint(nfd_packet_parse_l3(&packet, pkt, len), ==, NFD_PACKET_PARSE_OK);
	run.frame = g_byte_array_new();
	run.log = log;
	nfd_dispatch_explain(f->dispatch,
			     &packet,
			     nfd_binding_store_lookup_tap(f->store, "lo"),
			     &run);
	g_byte_array_unref(run.frame);
	/* the warning is in the answer, not spent from the tap's budget; no counter moved */
	g_assert_cmpuint(log->len, ==, 1);
	g_assert_cmpstr(g_ptr_array_index(log, 0), ==, "the guest asked for trouble");
	g_assert_cmpuint(nfd_plugin_get_counter(f->plugin, 0), ==, 0);
	g_assert_cmpuint(run.note.reason, ==, 2);
}

static void
test_note_outside_handler(Fixture *f, gconstpointer data)
{
	/* from a timer, say: ignored, nothing crashes or leaks into the next packet */
	nfd_plugin_note_message(f->plugin, 2, 2);
	nfd_plugin_note_client(f->plugin, (const guint8 *)"\x01", 1, "x", 1);
	f->mode = MODE_SILENT_DROP;
	send_packet(f, if_nametoindex("lo"));
	g_assert_cmpuint(
	    nfd_tap_stats_get_count(tap_stats(f), f->plugin->stats_id, NFD_TAP_KIND_RX, 0),
	    ==,
	    1);
}

/* what a timer does (the ra plugin's periodic RA): an unsolicited reply, typed or not */
static void
send_unsolicited(Fixture *f, gboolean typed)
{
	const NfdBinding *b = nfd_binding_store_lookup_tap(f->store, "lo");
	NfdReply *reply = nfd_plugin_begin_unsolicited(f->plugin, b);
	struct in_addr src = {.s_addr = htonl(0xc6336401)}, dst = {.s_addr = htonl(0xc6336410)};
	g_autoptr(GError) error = NULL;
	gsize cap = 0;

	memcpy(nfd_reply_get_payload_buffer(reply, &cap), "pong", 4);
	nfd_reply_set_payload_length(reply, 4);
	nfd_reply_set_ip4(reply, &src, &dst, 64);
	nfd_reply_set_udp(reply, 67, 68);
	if (typed)
		nfd_plugin_note_reply(f->plugin, 2);
	g_assert_true(nfd_plugin_send_unsolicited(f->plugin, reply, &error));
}

static void
test_unsolicited_counted(Fixture *f, gconstpointer data)
{
	guint8 id = f->plugin->stats_id;

	/* a tap without traffic gets no block from a periodic send */
	send_unsolicited(f, TRUE);
	g_assert_null(tap_stats(f));
	send_packet(f, if_nametoindex("lo"));
	g_assert_cmpuint(nfd_tap_stats_get_count(tap_stats(f), id, NFD_TAP_KIND_TX, 2), ==, 1);
	send_unsolicited(f, TRUE);
	g_assert_cmpuint(nfd_tap_stats_get_count(tap_stats(f), id, NFD_TAP_KIND_TX, 2), ==, 2);
	/* untyped: sent, not counted on the tap; nor is the type kept for the next one */
	send_unsolicited(f, FALSE);
	g_assert_cmpuint(nfd_tap_stats_get_count(tap_stats(f), id, NFD_TAP_KIND_TX, 2), ==, 2);
	g_assert_cmpuint(nfd_tap_stats_get_count(tap_stats(f), id, NFD_TAP_KIND_TX, 0), ==, 0);
	/* three unsolicited frames and the handler's reply */
	g_assert_cmpuint(nfd_test_injector_get_frames(f->injector)->len, ==, 4);
	/* a reply noted outside a handler without an unsolicited one pending does nothing */
	nfd_plugin_note_reply(f->plugin, 2);
	f->mode = MODE_SILENT_DROP;
	send_packet(f, if_nametoindex("lo"));
	g_assert_cmpuint(nfd_tap_stats_get_count(tap_stats(f), id, NFD_TAP_KIND_TX, 2), ==, 2);
}

static void
test_sdk10_plugin_fields_ignored(void)
{
	/* a plugin built for SDK 1.0: whatever its reserved[] slots hold, no 1.1 field is read */
	NfdPluginDescriptor old = desc;
	g_autoptr(NfdPlugin) p = NULL;

	old.api_minor = 0;
	old.message_types = (const gchar *const *)(gpointer) "garbage";
	/* any non-zero bytes in the slot */
	memset(&old.explain_request, 0xa5, sizeof(old.explain_request));
	p = nfd_plugin_new(&old, "old", TRUE);
	g_assert_null(p->desc.message_types);
	g_assert_null(p->desc.explain_request);
	g_assert_null(nfd_plugin_get_message_type_name(p, 1));
}

static void
test_bad_type_name_refused(void)
{
	static const gchar *const bad[] = {"ok", "not ok", NULL};
	NfdPluginDescriptor d = desc;
	g_autoptr(NfdPlugin) p = NULL;
	g_autoptr(GError) error = NULL;

	d.message_types = bad;
	p = nfd_plugin_new(&d, "bad", TRUE);
	g_assert_false(nfd_plugin_init(p, NULL, &error));
	g_assert_nonnull(strstr(error->message, "message type name 'not ok'"));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	/* the dispatcher warns about the incomplete reply on purpose */
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
	ADD("/nfd/tap-record/noted-reply", test_noted_reply);
	ADD("/nfd/tap-record/silent-drop", test_silent_drop);
	ADD("/nfd/tap-record/incomplete-reply", test_incomplete_reply);
	ADD("/nfd/tap-record/unbound-in-hub", test_unbound_in_hub);
	ADD("/nfd/tap-record/block-made-once", test_block_made_once);
	ADD("/nfd/tap-record/follows-binding", test_follows_binding);
	ADD("/nfd/tap-record/explain-records-nothing", test_explain_records_nothing);
	ADD("/nfd/tap-record/explain-captures-warnings", test_explain_captures_warnings);
	ADD("/nfd/tap-record/note-outside-handler", test_note_outside_handler);
	ADD("/nfd/tap-record/unsolicited-counted", test_unsolicited_counted);
#undef ADD
	g_test_add_func("/nfd/tap-record/sdk10-plugin-fields-ignored",
			test_sdk10_plugin_fields_ignored);
	g_test_add_func("/nfd/tap-record/bad-type-name-refused", test_bad_type_name_refused);
	return g_test_run();
}
