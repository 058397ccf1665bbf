/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target for the core's parsing of untrusted input: NFQUEUE netlink datagrams
 * (nfd_queue_process) and the L3/L4 pre-parse (nfd_packet_parse_l3), with the full dispatch
 * path behind them: a binding, a plugin whose handler replies, the recording injector.
 *
 * Input: one flags byte, then bytes.  flags & 1: the bytes are a raw netlink datagram;
 * otherwise they are an IP packet wrapped in a well-formed NFQUEUE message (flags bits 1-3
 * choose indev, physindev and the hardware address).  In the wrapped case the one-verdict
 * property is checked: exactly one verdict for the packet id.
 */
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>

#include "nfd-binding-store.h"
#include "nfd-dispatch.h"
#include "nfd-queue.h"
#include "nfd-test-injector.h"
#include "nfd-test-nfq.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
	NfdBindingStore *store;
	NfdInjector *injector;
	NfdDispatch *dispatch;
	NfdQueue *queue;
	NfdPlugin *plugin;
	guint verdicts;
	GArray *pending; /* the kernel's queue: the wrapped packet's id, or empty */
} FuzzState;

static NfdVerdict
fuzz_handle(NfdPlugin *plugin,
	    const NfdPacket *packet,
	    const NfdBinding *binding,
	    NfdReply *reply,
	    gpointer user_data)
{
	gsize len = 0;
	gsize cap = 0;
	const guint8 *l4 = nfd_packet_get_l4(packet, &len);
	guint8 *out = nfd_reply_get_payload_buffer(reply, &cap);
	struct in_addr a4;
	struct in6_addr a6;

	/* touch every accessor: they must be safe on whatever parsed */
	(void)nfd_packet_get_l4_checksum_ok(packet);
	(void)nfd_packet_get_l4_payload(packet, NULL);
	(void)nfd_packet_get_src_mac(packet);
	(void)nfd_packet_get_hop_limit(packet);
	if (len > 0)
		memcpy(out, l4, MIN(len, cap));
	nfd_reply_set_payload_length(reply, MIN(len, cap));
	if (nfd_packet_get_ip4_src(packet, &a4)) {
		nfd_reply_set_ip4(reply, &a4, &a4, 64);
		nfd_reply_set_udp(reply, 67, 68);
	} else if (nfd_packet_get_ip6_src(packet, &a6)) {
		nfd_reply_set_ip6(reply, &a6, &a6, 255, 0);
		if (nfd_packet_get_l4_proto(packet) == IPPROTO_ICMPV6)
			nfd_reply_set_icmp6(reply);
		else
			nfd_reply_set_udp(reply, 547, 546);
	}
	return len % 3 == 0 ? NFD_VERDICT_REPLY : (NfdVerdict)(len % 5);
}

static gint
count_verdicts(const guint8 *buf, gsize len, gpointer user_data);

static void
on_verdict(guint32 id, guint32 verdict, gpointer user_data)
{
	FuzzState *st = user_data;
	st->verdicts++;
	g_assert_true(verdict == NFD_NF_ACCEPT || verdict == NFD_NF_DROP);
}

static gint
count_verdicts(const guint8 *buf, gsize len, gpointer user_data)
{
	FuzzState *st = user_data;

	nfd_test_nfq_foreach_verdict(buf, len, st->pending, on_verdict, user_data);
	return 0;
}

static const NfdPluginDescriptor fuzz_desc = {
    .api_major = NFD_PLUGIN_API_MAJOR,
    .api_minor = NFD_PLUGIN_API_MINOR,
    .struct_size = sizeof(NfdPluginDescriptor),
    .name = "fuzz",
    .description = "fuzz",
    .version = "0",
    .flags = NFD_PLUGIN_FLAG_NEEDS_BINDING,
};

static FuzzState *
state_get(void)
{
	static FuzzState *st = NULL;
	const NfdQueueClaim claims[] = {
	    {.queue_num = 42, .family = AF_INET, .l4_proto = IPPROTO_UDP, .dst_port = 67},
	    {.queue_num = 42, .family = AF_INET6, .l4_proto = IPPROTO_ICMPV6, .icmp6_type = 133},
	    {.queue_num = 42, .family = AF_INET6, .l4_proto = IPPROTO_ICMPV6, .icmp6_type = 135},
	    {.queue_num = 42, .family = AF_INET6, .l4_proto = IPPROTO_UDP, .dst_port = 547},
	};
	g_autoptr(NfdBinding) b = NULL;

	if (st != NULL)
		return st;
	/* warnings about bad input are expected and rate limited */
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
	g_log_set_writer_func(g_log_writer_default, NULL, NULL);
	g_setenv("G_MESSAGES_DEBUG", "", TRUE);
	st = g_new0(FuzzState, 1);
	st->store = nfd_binding_store_new();
	st->injector = nfd_test_injector_new();
	st->dispatch = nfd_dispatch_new(st->store, st->injector);
	st->queue = nfd_queue_new(42, st->dispatch);
	st->pending = g_array_new(FALSE, FALSE, sizeof(guint32));
	nfd_queue_set_sender(st->queue, count_verdicts, st);
	st->plugin = nfd_plugin_new(&fuzz_desc, "fuzz", TRUE);
	for (guint i = 0; i < G_N_ELEMENTS(claims); i++) {
		NfdQueueClaim c = claims[i];
		c.handle = fuzz_handle;
		g_assert_true(nfd_plugin_register_queue(st->plugin, &c, NULL));
	}
	g_assert_true(nfd_dispatch_add_plugin(st->dispatch, st->plugin, NULL));
	b = nfd_binding_new("lo");
	g_assert_true(nfd_binding_set_value(b, "MAC", "52:54:00:00:00:01", NULL));
	nfd_binding_sink_upsert(nfd_binding_store_get_sink(st->store), b);
	return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static guint8 buf[0x20000] __attribute__((aligned(8)));
	const guint8 mac[6] = {0x52, 0x54, 0, 0, 0, 1};
	FuzzState *st = state_get();
	NfdPacket packet;
	gsize len = 0;
	guint8 flags;

	if (size < 1 || size > 0x10000)
		return 0;
	flags = data[0];
	data++;
	size--;

	nfd_packet_init(&packet);
	(void)nfd_packet_parse_l3(&packet, size > 0 ? data : NULL, size);

	st->verdicts = 0;
	g_array_set_size(st->pending, 0);
	if (flags & 1) {
		/* the kernel's datagrams start aligned, like the daemon's receive buffer */
		memcpy(buf, data, size);
		nfd_queue_process(st->queue, buf, size);
	} else {
		nfd_test_nfq_put_packet(buf,
					&len,
					42,
					7,
					(flags & 2) ? 1 : 77,
					(flags & 4) ? 1 : 0,
					(flags & 8) ? mac : NULL,
					data,
					size,
					TRUE);
		g_array_append_val(st->pending, (guint32){7});
		nfd_queue_process(st->queue, buf, len);
	}
	nfd_queue_flush(st->queue);
	if (!(flags & 1))
		g_assert_cmpuint(st->verdicts, ==, 1);
	g_ptr_array_set_size(nfd_test_injector_get_frames(st->injector), 0);
	g_array_set_size(nfd_test_injector_get_ifindexes(st->injector), 0);
	return 0;
}
