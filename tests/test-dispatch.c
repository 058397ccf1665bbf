/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of the per-packet path without a kernel: NFQUEUE netlink messages are built here and
 * fed to nfd_queue_process(); a fake sender decodes the verdict messages and a recording
 * injector keeps the frames.  The central property: every packet id gets exactly one verdict,
 * whatever the packet and whatever the plugin does.
 */
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <net/if.h>
#include <string.h>

#include "nfd-binding-store.h"
#include "nfd-dispatch.h"
#include "nfd-proto-private.h"
#include "nfd-queue.h"
#include "nfd-test-injector.h"
#include "nfd-test-nfq.h"

typedef enum {
	MODE_ECHO,
	MODE_DROP,
	MODE_ACCEPT,
	MODE_BAD_VERDICT,
	MODE_INCOMPLETE_REPLY,
} HandlerMode;

typedef struct {
	NfdBindingStore *store;
	NfdInjector *injector;
	NfdDispatch *dispatch;
	NfdQueue *queue;
	NfdPlugin *plugin;
	HandlerMode mode;
	guint handled;
	GHashTable *verdicts;	   /* id -> count */
	GHashTable *verdict_value; /* id -> verdict */
	guint n_sends;		   /* verdict buffers sent */
	guint n_batch_msgs;	   /* NFQNL_MSG_VERDICT_BATCH messages among them */
	GArray *pending;	   /* ids queued and not answered: the kernel's queue */
	guint8 buf[1 << 20];
	gsize len;
} Fixture;

static const guint8 guest_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

static NfdVerdict
handle(NfdPlugin *plugin,
       const NfdPacket *packet,
       const NfdBinding *binding,
       NfdReply *reply,
       gpointer user_data)
{
	Fixture *f = user_data;
	struct in_addr src, dst;
	gsize cap = 0;
	guint8 *out;

	f->handled++;
	switch (f->mode) {
	case MODE_DROP:
		return NFD_VERDICT_DROP;
	case MODE_ACCEPT:
		return NFD_VERDICT_ACCEPT;
	case MODE_BAD_VERDICT:
		return (NfdVerdict)42;
	case MODE_INCOMPLETE_REPLY:
		return NFD_VERDICT_REPLY;
	case MODE_ECHO:
	default:
		break;
	}
	g_assert_true(nfd_packet_get_ip4_src(packet, &src));
	g_assert_true(nfd_packet_get_ip4_dst(packet, &dst));
	out = nfd_reply_get_payload_buffer(reply, &cap);
	memcpy(out, "pong", 4);
	nfd_reply_set_payload_length(reply, 4);
	nfd_reply_set_ip4(reply, &dst, &src, 64);
	nfd_reply_set_udp(reply, nfd_packet_get_dst_port(packet), nfd_packet_get_src_port(packet));
	return NFD_VERDICT_REPLY;
}

static void
record_verdict(guint32 id, guint32 verdict, gpointer user_data)
{
	Fixture *f = user_data;
	guint n = GPOINTER_TO_UINT(g_hash_table_lookup(f->verdicts, GUINT_TO_POINTER(id)));

	g_hash_table_insert(f->verdicts, GUINT_TO_POINTER(id), GUINT_TO_POINTER(n + 1));
	g_hash_table_insert(f->verdict_value, GUINT_TO_POINTER(id), GUINT_TO_POINTER(verdict));
}

static gint
fake_send(const guint8 *buf, gsize len, gpointer user_data)
{
	Fixture *f = user_data;

	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	gint rem = (gint)len;

	f->n_sends++;
	for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem))
		f->n_batch_msgs += NFNL_MSG_TYPE(nlh->nlmsg_type) == NFQNL_MSG_VERDICT_BATCH;
	nfd_test_nfq_foreach_verdict(buf, len, f->pending, record_verdict, user_data);
	return 0;
}

static const NfdPluginDescriptor test_desc = {
    .api_major = NFD_PLUGIN_API_MAJOR,
    .api_minor = NFD_PLUGIN_API_MINOR,
    .struct_size = sizeof(NfdPluginDescriptor),
    .name = "test",
    .description = "dispatch test",
    .version = "0",
    .flags = NFD_PLUGIN_FLAG_NEEDS_BINDING,
};

static void
fixture_setup(Fixture *f, gconstpointer data)
{
	g_autoptr(NfdBinding) b = nfd_binding_new("lo");
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
	f->verdicts = g_hash_table_new(g_direct_hash, g_direct_equal);
	f->verdict_value = g_hash_table_new(g_direct_hash, g_direct_equal);
	f->pending = g_array_new(FALSE, FALSE, sizeof(guint32));
	f->plugin = nfd_plugin_new(&test_desc, "test", TRUE);
	g_assert_true(nfd_plugin_register_queue(f->plugin, &claim, &error));
	g_assert_true(nfd_dispatch_add_plugin(f->dispatch, f->plugin, &error));
	/* "lo" always exists: its ifindex stands for the VM's tap */
	g_assert_true(nfd_binding_set_value(b, "MAC", "52:54:00:12:34:56", &error));
	nfd_binding_sink_upsert(nfd_binding_store_get_sink(f->store), b);
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
	nfd_queue_free(f->queue);
	nfd_plugin_free(f->plugin);
	nfd_dispatch_free(f->dispatch);
	nfd_injector_free(f->injector);
	nfd_binding_store_free(f->store);
	g_hash_table_unref(f->verdicts);
	g_hash_table_unref(f->verdict_value);
	g_array_unref(f->pending);
}

/* an IPv4/UDP datagram of @plen payload bytes to @dport */
static gsize
build_udp4(guint8 *p, guint16 dport, gsize plen)
{
	gsize total = 20 + 8 + plen;
	struct in_addr src = {.s_addr = htonl(0)};
	struct in_addr dst = {.s_addr = htonl(0xffffffff)};
	guint16 c;

	memset(p, 0, total);
	p[0] = 0x45;
	p[2] = (guint8)(total >> 8);
	p[3] = (guint8)total;
	p[8] = 64;
	p[9] = IPPROTO_UDP;
	memcpy(p + 12, &src, 4);
	memcpy(p + 16, &dst, 4);
	c = nfd_proto_checksum_fold(nfd_proto_checksum_add(0, p, 20));
	p[10] = (guint8)(c >> 8);
	p[11] = (guint8)c;
	p[20] = 0;
	p[21] = 68;
	p[22] = (guint8)(dport >> 8);
	p[23] = (guint8)dport;
	p[24] = (guint8)((8 + plen) >> 8);
	p[25] = (guint8)(8 + plen);
	memset(p + 28, 0xab, plen);
	return total;
}

static void
add_packet(Fixture *f,
	   guint32 id,
	   guint32 indev,
	   guint32 physindev,
	   const guint8 *payload,
	   gsize plen,
	   gboolean with_hdr)
{
	nfd_test_nfq_put_packet(f->buf,
				&f->len,
				42,
				id,
				indev,
				physindev,
				guest_mac,
				payload,
				plen,
				with_hdr);
	/* the kernel queued it, whether or not its message carries the id */
	g_array_append_val(f->pending, id);
}

static void
run(Fixture *f)
{
	nfd_queue_process(f->queue, f->buf, f->len);
	nfd_queue_flush(f->queue);
	f->len = 0;
}

static guint
verdict_count(Fixture *f, guint32 id)
{
	return GPOINTER_TO_UINT(g_hash_table_lookup(f->verdicts, GUINT_TO_POINTER(id)));
}

static guint
verdict_of(Fixture *f, guint32 id)
{
	return GPOINTER_TO_UINT(g_hash_table_lookup(f->verdict_value, GUINT_TO_POINTER(id)));
}

static void
test_reply_injected(Fixture *f, gconstpointer data)
{
	guint8 pkt[512];
	gsize len = build_udp4(pkt, 67, 10);
	GPtrArray *frames;
	const guint8 *fr;
	gsize flen = 0;

	add_packet(f, 1, if_nametoindex("lo"), 0, pkt, len, TRUE);
	run(f);
	g_assert_cmpuint(verdict_count(f, 1), ==, 1);
	g_assert_cmpuint(verdict_of(f, 1), ==, NFD_NF_DROP);
	frames = nfd_test_injector_get_frames(f->injector);
	g_assert_cmpuint(frames->len, ==, 1);
	fr = g_bytes_get_data(g_ptr_array_index(frames, 0), &flen);
	g_assert_cmpuint(flen, ==, 14 + 20 + 8 + 4);
	/* Ethernet destination: the source MAC of the request */
	g_assert_cmpmem(fr, 6, guest_mac, 6);
	g_assert_cmpuint(fr[12] << 8 | fr[13], ==, 0x0800);
	/* a valid IPv4 header checksum and UDP checksum, ports swapped */
	g_assert_cmpuint(nfd_proto_checksum_fold(nfd_proto_checksum_add(0, fr + 14, 20)), ==, 0);
	g_assert_cmpuint(fr[34] << 8 | fr[35], ==, 67);
	g_assert_cmpuint(fr[36] << 8 | fr[37], ==, 68);
	g_assert_cmpmem(fr + 42, 4, "pong", 4);
}

static void
test_reply_on_binding_tap(Fixture *f, gconstpointer data)
{
	guint8 pkt[512];
	gsize len = build_udp4(pkt, 67, 10);
	GArray *ifx;

	add_packet(f, 2, 999, if_nametoindex("lo"), pkt, len, TRUE);
	run(f);
	ifx = nfd_test_injector_get_ifindexes(f->injector);
	g_assert_cmpuint(ifx->len, ==, 1);
	/* physindev (the bridge port) identifies the tap, not the bridge */
	g_assert_cmpuint(g_array_index(ifx, guint, 0), ==, if_nametoindex("lo"));
}

static void
test_unbound_accepted(Fixture *f, gconstpointer data)
{
	guint8 pkt[512];
	gsize len = build_udp4(pkt, 67, 10);

	add_packet(f, 3, 4242, 0, pkt, len, TRUE);
	run(f);
	g_assert_cmpuint(verdict_count(f, 3), ==, 1);
	g_assert_cmpuint(verdict_of(f, 3), ==, NFD_NF_ACCEPT);
	g_assert_cmpuint(f->handled, ==, 0);
}

static void
test_unclaimed_port_accepted(Fixture *f, gconstpointer data)
{
	guint8 pkt[512];
	gsize len = build_udp4(pkt, 68, 10);

	add_packet(f, 4, if_nametoindex("lo"), 0, pkt, len, TRUE);
	run(f);
	g_assert_cmpuint(verdict_of(f, 4), ==, NFD_NF_ACCEPT);
	g_assert_cmpuint(f->handled, ==, 0);
}

static void
test_malformed_gets_verdict(Fixture *f, gconstpointer data)
{
	guint8 pkt[512];
	gsize len = build_udp4(pkt, 67, 10);

	/* cut inside the UDP header */
	add_packet(f, 5, if_nametoindex("lo"), 0, pkt, 24, TRUE);
	pkt[2] = 0xff; /* total length beyond the buffer */
	add_packet(f, 6, if_nametoindex("lo"), 0, pkt, len, TRUE);
	add_packet(f, 7, if_nametoindex("lo"), 0, NULL, 0, TRUE);
	run(f);
	g_assert_cmpuint(verdict_count(f, 5), ==, 1);
	g_assert_cmpuint(verdict_count(f, 6), ==, 1);
	g_assert_cmpuint(verdict_count(f, 7), ==, 1);
	g_assert_cmpuint(f->handled, ==, 0);
}

static void
test_drop_verdict(Fixture *f, gconstpointer data)
{
	guint8 pkt[512];
	gsize len = build_udp4(pkt, 67, 10);

	f->mode = MODE_DROP;
	add_packet(f, 8, if_nametoindex("lo"), 0, pkt, len, TRUE);
	run(f);
	g_assert_cmpuint(verdict_of(f, 8), ==, NFD_NF_DROP);
	g_assert_cmpuint(nfd_test_injector_get_frames(f->injector)->len, ==, 0);
}

static void
test_bad_verdict_accepted(Fixture *f, gconstpointer data)
{
	guint8 pkt[512];
	gsize len = build_udp4(pkt, 67, 10);

	f->mode = MODE_BAD_VERDICT;
	add_packet(f, 9, if_nametoindex("lo"), 0, pkt, len, TRUE);
	run(f);
	g_assert_cmpuint(verdict_count(f, 9), ==, 1);
	g_assert_cmpuint(verdict_of(f, 9), ==, NFD_NF_ACCEPT);
}

static void
test_incomplete_reply_dropped(Fixture *f, gconstpointer data)
{
	guint8 pkt[512];
	gsize len = build_udp4(pkt, 67, 10);

	f->mode = MODE_INCOMPLETE_REPLY;
	add_packet(f, 10, if_nametoindex("lo"), 0, pkt, len, TRUE);
	run(f);
	g_assert_cmpuint(verdict_of(f, 10), ==, NFD_NF_DROP);
	g_assert_cmpuint(nfd_test_injector_get_frames(f->injector)->len, ==, 0);
}

static void
test_every_packet_one_verdict(Fixture *f, gconstpointer data)
{
	guint8 pkt[512];
	gsize len = build_udp4(pkt, 67, 10);
	GRand *rand = g_rand_new_with_seed(42);
	const HandlerMode modes[] = {MODE_ECHO,
				     MODE_DROP,
				     MODE_ACCEPT,
				     MODE_BAD_VERDICT,
				     MODE_INCOMPLETE_REPLY};

	/* 2000 packets in 20 datagrams, of every shape, handled in every way */
	for (guint round = 0; round < 20; round++) {
		f->mode = modes[round % G_N_ELEMENTS(modes)];
		for (guint i = 0; i < 100; i++) {
			guint32 id = round * 100 + i + 100;
			guint shape = (guint)g_rand_int_range(rand, 0, 5);
			gsize cut = shape == 1 ? (gsize)g_rand_int_range(rand, 0, (gint)len) : len;
			add_packet(f,
				   id,
				   shape == 2 ? 77 : if_nametoindex("lo"),
				   0,
				   shape == 3 ? NULL : pkt,
				   cut,
				   TRUE);
		}
		run(f);
	}
	for (guint32 id = 100; id < 2100; id++)
		g_assert_cmpuint(verdict_count(f, id), ==, 1);
	g_assert_cmpuint(g_hash_table_size(f->verdicts), ==, 2000);
	g_rand_free(rand);
}

/* more packets in one datagram than one verdict buffer holds (a verdict message is 32 bytes,
 * the buffer 16 KiB): the queue must send the full buffer mid-batch and lose no verdict */
static void
test_verdict_buffer_overflow(Fixture *f, gconstpointer data)
{
	const guint n = 2000;
	guint8 pkt[512];
	gsize len = build_udp4(pkt, 67, 10);

	guint8 other[512];
	gsize olen = build_udp4(other, 68, 10);

	/* claimed and unclaimed in turn: DROP, ACCEPT, ...: no two neighbours share a verdict, so
	 * every packet needs a verdict message of its own */
	for (guint i = 0; i < n; i++)
		add_packet(f,
			   10000 + i,
			   if_nametoindex("lo"),
			   0,
			   i % 2 ? other : pkt,
			   i % 2 ? olen : len,
			   TRUE);
	g_assert_cmpuint(f->len, <=, sizeof(f->buf));
	run(f);
	/* several buffers for one datagram: the overflow path ran */
	g_assert_cmpuint(f->n_sends, >, 1);
	for (guint32 id = 10000; id < 10000 + n; id++) {
		g_assert_cmpuint(verdict_count(f, id), ==, 1);
		g_assert_cmpuint(verdict_of(f, id), ==, id % 2 ? NFD_NF_ACCEPT : NFD_NF_DROP);
	}
	g_assert_cmpuint(g_hash_table_size(f->verdicts), ==, n);
	g_assert_cmpuint(nfd_queue_get_stats(f->queue)->verdicts, ==, n);
	g_assert_cmpuint(nfd_queue_get_stats(f->queue)->verdict_msgs, ==, n);
	/* and every reply left exactly once */
	g_assert_cmpuint(nfd_test_injector_get_frames(f->injector)->len, ==, n / 2);
}

/* consecutive ids with one verdict leave as one NFQNL_MSG_VERDICT_BATCH, which the kernel
 * applies to each of them once */
static void
test_verdict_batch_run(Fixture *f, gconstpointer data)
{
	guint8 pkt[512];
	gsize len = build_udp4(pkt, 67, 10);

	for (guint32 id = 20; id < 30; id++)
		add_packet(f, id, if_nametoindex("lo"), 0, pkt, len, TRUE);
	run(f);
	for (guint32 id = 20; id < 30; id++) {
		g_assert_cmpuint(verdict_count(f, id), ==, 1);
		g_assert_cmpuint(verdict_of(f, id), ==, NFD_NF_DROP);
	}
	g_assert_cmpuint(f->pending->len, ==, 0);
	g_assert_cmpuint(nfd_queue_get_stats(f->queue)->verdict_msgs, ==, 1);
	g_assert_cmpuint(f->n_batch_msgs, ==, 1);
}

/* a change of verdict closes the run: DROP DROP ACCEPT ACCEPT DROP is three messages */
static void
test_verdict_batch_mixed_splits(Fixture *f, gconstpointer data)
{
	guint8 claimed[512], other[512];
	gsize clen = build_udp4(claimed, 67, 10);
	gsize olen = build_udp4(other, 68, 10);
	const gboolean is_claimed[] = {TRUE, TRUE, FALSE, FALSE, TRUE};

	for (guint i = 0; i < G_N_ELEMENTS(is_claimed); i++)
		add_packet(f,
			   40 + i,
			   if_nametoindex("lo"),
			   0,
			   is_claimed[i] ? claimed : other,
			   is_claimed[i] ? clen : olen,
			   TRUE);
	run(f);
	for (guint i = 0; i < G_N_ELEMENTS(is_claimed); i++) {
		g_assert_cmpuint(verdict_count(f, 40 + i), ==, 1);
		g_assert_cmpuint(verdict_of(f, 40 + i),
				 ==,
				 is_claimed[i] ? NFD_NF_DROP : NFD_NF_ACCEPT);
	}
	g_assert_cmpuint(nfd_queue_get_stats(f->queue)->verdict_msgs, ==, 3);
	g_assert_cmpuint(f->n_batch_msgs, ==, 2);
}

/* a packet the kernel queued but whose message had no id gets no verdict from us: a batch
 * after it must not answer it either, so a gap in the ids closes the run */
static void
test_verdict_batch_stops_at_gap(Fixture *f, gconstpointer data)
{
	guint8 pkt[512];
	gsize len = build_udp4(pkt, 67, 10);

	add_packet(f, 50, if_nametoindex("lo"), 0, pkt, len, TRUE);
	add_packet(f, 51, if_nametoindex("lo"), 0, pkt, len, FALSE);
	add_packet(f, 52, if_nametoindex("lo"), 0, pkt, len, TRUE);
	add_packet(f, 53, if_nametoindex("lo"), 0, pkt, len, TRUE);
	run(f);
	g_assert_cmpuint(verdict_count(f, 50), ==, 1);
	g_assert_cmpuint(verdict_count(f, 51), ==, 0);
	g_assert_cmpuint(verdict_count(f, 52), ==, 1);
	g_assert_cmpuint(verdict_count(f, 53), ==, 1);
	g_assert_cmpuint(f->pending->len, ==, 1);
	g_assert_cmpuint(g_array_index(f->pending, guint32, 0), ==, 51);
}

/* ids from two wake-ups never share a batch: each flush closes the run */
static void
test_verdict_batch_per_flush(Fixture *f, gconstpointer data)
{
	guint8 pkt[512];
	gsize len = build_udp4(pkt, 67, 10);

	add_packet(f, 60, if_nametoindex("lo"), 0, pkt, len, TRUE);
	add_packet(f, 61, if_nametoindex("lo"), 0, pkt, len, TRUE);
	run(f);
	g_assert_cmpuint(verdict_count(f, 60), ==, 1);
	g_assert_cmpuint(verdict_count(f, 61), ==, 1);
	add_packet(f, 62, if_nametoindex("lo"), 0, pkt, len, TRUE);
	run(f);
	g_assert_cmpuint(verdict_count(f, 62), ==, 1);
	g_assert_cmpuint(f->n_sends, ==, 2);
	g_assert_cmpuint(f->pending->len, ==, 0);
}

/* a packet longer than the copy range arrives cut, NFQA_CAP_LEN giving its real length: it is
 * accepted without being parsed, even when the cut bytes look like a whole request */
static void
test_truncated_accepted(Fixture *f, gconstpointer data)
{
	guint8 pkt[512];
	gsize len = build_udp4(pkt, 67, 10);
	gsize start = f->len;
	struct nlmsghdr *nlh;

	add_packet(f, 70, if_nametoindex("lo"), 0, pkt, len, TRUE);
	nlh = (struct nlmsghdr *)(f->buf + start);
	mnl_attr_put_u32(nlh, NFQA_CAP_LEN, htonl(12000));
	f->len = start + NLMSG_ALIGN(nlh->nlmsg_len);
	run(f);
	g_assert_cmpuint(verdict_count(f, 70), ==, 1);
	g_assert_cmpuint(verdict_of(f, 70), ==, NFD_NF_ACCEPT);
	g_assert_cmpuint(f->handled, ==, 0);
	g_assert_cmpuint(nfd_queue_get_stats(f->queue)->truncated, ==, 1);
	g_assert_cmpuint(nfd_test_injector_get_frames(f->injector)->len, ==, 0);
}

/* NFQA_CAP_LEN equal to what was copied: the whole packet, handled as usual */
static void
test_cap_len_complete_handled(Fixture *f, gconstpointer data)
{
	guint8 pkt[512];
	gsize len = build_udp4(pkt, 67, 10);
	gsize start = f->len;
	struct nlmsghdr *nlh;

	add_packet(f, 71, if_nametoindex("lo"), 0, pkt, len, TRUE);
	nlh = (struct nlmsghdr *)(f->buf + start);
	mnl_attr_put_u32(nlh, NFQA_CAP_LEN, htonl((guint32)len));
	f->len = start + NLMSG_ALIGN(nlh->nlmsg_len);
	run(f);
	g_assert_cmpuint(verdict_of(f, 71), ==, NFD_NF_DROP);
	g_assert_cmpuint(f->handled, ==, 1);
	g_assert_cmpuint(nfd_queue_get_stats(f->queue)->truncated, ==, 0);
}

/* RFC 1071 word by word, the obvious way: what nfd_proto_checksum_add() must equal */
static guint32
checksum_reference(guint32 sum, const guint8 *data, gsize len)
{
	sum = (sum & 0xffff) + (sum >> 16);
	for (gsize i = 0; i + 1 < len; i += 2) {
		sum += ((guint32)data[i] << 8) | data[i + 1];
		sum = (sum & 0xffff) + (sum >> 16);
	}
	if (len & 1)
		sum += (guint32)data[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

static void
test_checksum_reference(void)
{
	guint8 buf[1600];
	GRand *rand = g_rand_new_with_seed(7);

	/* every length up to a full frame, random bytes, all-ones bytes and carried-in sums */
	for (gsize len = 0; len <= sizeof(buf); len++) {
		guint32 in = len % 3 == 0 ? 0 : len % 3 == 1 ? 0xffff : g_rand_int(rand);
		for (gsize i = 0; i < len; i++)
			buf[i] = len % 5 == 0 ? 0xff : (guint8)g_rand_int_range(rand, 0, 256);
		g_assert_cmpuint(nfd_proto_checksum_add(in, buf, len),
				 ==,
				 checksum_reference(in, buf, len));
	}
	g_rand_free(rand);
}

static void
test_message_without_id_skipped(Fixture *f, gconstpointer data)
{
	guint8 pkt[512];
	gsize len = build_udp4(pkt, 67, 10);

	add_packet(f, 11, if_nametoindex("lo"), 0, pkt, len, FALSE);
	add_packet(f, 12, if_nametoindex("lo"), 0, pkt, len, TRUE);
	run(f);
	/* the message after the broken one is still answered */
	g_assert_cmpuint(verdict_count(f, 12), ==, 1);
	g_assert_cmpuint(g_hash_table_size(f->verdicts), ==, 1);
	g_assert_cmpuint(nfd_queue_get_stats(f->queue)->no_id, ==, 1);
}

static void
test_conflicting_claims(Fixture *f, gconstpointer data)
{
	g_autoptr(NfdPlugin) other = nfd_plugin_new(&test_desc, "other", TRUE);
	NfdQueueClaim claim = {
	    .queue_num = 42,
	    .family = AF_INET,
	    .l4_proto = IPPROTO_UDP,
	    .dst_port = 0,
	    .handle = handle,
	};
	g_autoptr(GError) error = NULL;

	g_assert_true(nfd_plugin_register_queue(other, &claim, &error));
	g_assert_false(nfd_dispatch_add_plugin(f->dispatch, other, &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
	g_assert_nonnull(strstr(error->message, "queue 42"));
}

static void
test_claims_on_other_ports_share_queue(Fixture *f, gconstpointer data)
{
	g_autoptr(NfdPlugin) other = nfd_plugin_new(&test_desc, "other", TRUE);
	NfdQueueClaim claim = {
	    .queue_num = 42,
	    .family = AF_INET,
	    .l4_proto = IPPROTO_UDP,
	    .dst_port = 547,
	    .handle = handle,
	};
	g_autoptr(GError) error = NULL;

	g_assert_true(nfd_plugin_register_queue(other, &claim, &error));
	g_assert_true(nfd_dispatch_add_plugin(f->dispatch, other, &error));
	g_assert_no_error(error);
}

/* the captured NS of ndisc6 for the gateway (plugins/ndp/tests/data), from its IPv6 header on */
static gsize
load_ns(guint8 *p, gsize cap)
{
	g_autofree gchar *path = g_test_build_filename(G_TEST_DIST,
						       "..",
						       "plugins",
						       "ndp",
						       "tests",
						       "data",
						       "ns-ndisc6-gateway6.bin",
						       NULL);
	g_autofree gchar *data = NULL;
	gsize len = 0;
	g_autoptr(GError) error = NULL;

	g_assert_true(g_file_get_contents(path, &data, &len, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(len, >, 14 + 40 + 24);
	g_assert_cmpuint(len - 14, <=, cap);
	memcpy(p, data + 14, len - 14);
	g_assert_cmpuint(p[6], ==, IPPROTO_ICMPV6);
	g_assert_cmpuint(p[40], ==, 135);
	return len - 14;
}

/* inserts @n 8-byte extension headers of type @type between the IPv6 header and the ICMPv6
 * message (the ICMPv6 checksum does not change: same addresses, same upper-layer length) */
static gsize
wrap_ns(guint8 *p, gsize len, guint8 type, guint n)
{
	guint16 plen = (guint16)(p[4] << 8 | p[5]);
	guint8 next = p[6];

	memmove(p + 40 + 8 * n, p + 40, len - 40);
	for (guint i = n; i-- > 0;) {
		guint8 *h = p + 40 + 8 * i;
		memset(h, 0, 8);
		h[0] = next;
		if (type == 44) {
			/* RFC 8200 §4.5 atomic fragment: offset 0, M = 0, an identification */
			h[4] = 0x12;
			h[7] = (guint8)i;
		} else if (type == 60) {
			/* Destination Options: one PadN option filling the 6 bytes */
			h[2] = 1;
			h[3] = 4;
		} else if (type == 51) {
			/* AH (RFC 4302): payload length in 4-octet units minus 2 */
			h[1] = 0;
			h[4] = 0x01;
		}
		next = type;
	}
	p[6] = next;
	plen = (guint16)(plen + 8 * n);
	p[4] = (guint8)(plen >> 8);
	p[5] = (guint8)plen;
	return len + 8 * n;
}

/* a second plugin on queue 42 claims ICMPv6 Neighbor Solicitations, like ndp */
static void
claim_ns(Fixture *f, NfdPlugin **other)
{
	NfdQueueClaim claim = {
	    .queue_num = 42,
	    .family = AF_INET6,
	    .l4_proto = IPPROTO_ICMPV6,
	    .icmp6_type = 135,
	    .handle = handle,
	    .user_data = f,
	};
	g_autoptr(GError) error = NULL;

	*other = nfd_plugin_new(&test_desc, "ns", TRUE);
	g_assert_true(nfd_plugin_register_queue(*other, &claim, &error));
	g_assert_true(nfd_dispatch_add_plugin(f->dispatch, *other, &error));
	f->mode = MODE_DROP;
}

static void
test_ns_handled(Fixture *f, gconstpointer data)
{
	g_autoptr(NfdPlugin) other = NULL;
	guint8 pkt[512];
	gsize len = load_ns(pkt, sizeof(pkt));

	claim_ns(f, &other);
	add_packet(f, 20, if_nametoindex("lo"), 0, pkt, len, TRUE);
	run(f);
	g_assert_cmpuint(f->handled, ==, 1);
}

static void
test_ns_behind_dstopts_handled(Fixture *f, gconstpointer data)
{
	g_autoptr(NfdPlugin) other = NULL;
	guint8 pkt[512];
	gsize len = load_ns(pkt, sizeof(pkt));

	claim_ns(f, &other);
	len = wrap_ns(pkt, len, 60, 2);
	add_packet(f, 21, if_nametoindex("lo"), 0, pkt, len, TRUE);
	run(f);
	g_assert_cmpuint(f->handled, ==, 1);
}

static void
test_ns_atomic_fragment_dropped(Fixture *f, gconstpointer data)
{
	g_autoptr(NfdPlugin) other = NULL;
	guint8 pkt[512];
	gsize len = load_ns(pkt, sizeof(pkt));

	claim_ns(f, &other);
	len = wrap_ns(pkt, len, 44, 1);
	add_packet(f, 22, if_nametoindex("lo"), 0, pkt, len, TRUE);
	run(f);
	g_assert_cmpuint(verdict_count(f, 22), ==, 1);
	g_assert_cmpuint(verdict_of(f, 22), ==, NFD_NF_DROP);
	g_assert_cmpuint(f->handled, ==, 0);
}

static void
test_ns_behind_ah_dropped(Fixture *f, gconstpointer data)
{
	g_autoptr(NfdPlugin) other = NULL;
	guint8 pkt[512];
	gsize len = load_ns(pkt, sizeof(pkt));

	claim_ns(f, &other);
	len = wrap_ns(pkt, len, 51, 1);
	add_packet(f, 23, if_nametoindex("lo"), 0, pkt, len, TRUE);
	run(f);
	g_assert_cmpuint(verdict_of(f, 23), ==, NFD_NF_DROP);
	g_assert_cmpuint(f->handled, ==, 0);
}

static void
test_ns_too_many_ext_headers_dropped(Fixture *f, gconstpointer data)
{
	g_autoptr(NfdPlugin) other = NULL;
	guint8 pkt[512];
	gsize len = load_ns(pkt, sizeof(pkt));

	claim_ns(f, &other);
	len = wrap_ns(pkt, len, 60, 9);
	add_packet(f, 24, if_nametoindex("lo"), 0, pkt, len, TRUE);
	run(f);
	g_assert_cmpuint(verdict_of(f, 24), ==, NFD_NF_DROP);
	g_assert_cmpuint(f->handled, ==, 0);
}

static void
test_ext_headers_unclaimed_queue_accepted(Fixture *f, gconstpointer data)
{
	NfdQueue *queue;
	guint8 pkt[512];
	gsize len = load_ns(pkt, sizeof(pkt));

	/* queue 43 has no claims at all: nothing of ours, as if nfdhcpd were not there */
	len = wrap_ns(pkt, len, 44, 1);
	queue = nfd_queue_new(43, f->dispatch);
	nfd_queue_set_sender(queue, fake_send, f);
	add_packet(f, 25, if_nametoindex("lo"), 0, pkt, len, TRUE);
	nfd_queue_process(queue, f->buf, f->len);
	nfd_queue_flush(queue);
	nfd_queue_free(queue);
	g_assert_cmpuint(verdict_of(f, 25), ==, NFD_NF_ACCEPT);
}

static void
test_mac_fallback_reply_on_ingress(Fixture *f, gconstpointer data)
{
	guint8 pkt[512];
	gsize len = build_udp4(pkt, 67, 10);
	GArray *ifx;

	/* ifindex 4242 has no binding; its source MAC is the binding of "lo" */
	nfd_dispatch_set_mac_fallback(f->dispatch, TRUE);
	add_packet(f, 26, 4242, 0, pkt, len, TRUE);
	run(f);
	g_assert_cmpuint(f->handled, ==, 1);
	ifx = nfd_test_injector_get_ifindexes(f->injector);
	g_assert_cmpuint(ifx->len, ==, 1);
	g_assert_cmpuint(g_array_index(ifx, guint, 0), ==, 4242);
}

static void
test_mac_fallback_reply_on_bridge_port(Fixture *f, gconstpointer data)
{
	guint8 pkt[512];
	gsize len = build_udp4(pkt, 67, 10);
	GArray *ifx;

	/* bridged: indev is the bridge (999), physindev the unbound port (4243) */
	nfd_dispatch_set_mac_fallback(f->dispatch, TRUE);
	add_packet(f, 27, 999, 4243, pkt, len, TRUE);
	run(f);
	ifx = nfd_test_injector_get_ifindexes(f->injector);
	g_assert_cmpuint(ifx->len, ==, 1);
	g_assert_cmpuint(g_array_index(ifx, guint, 0), ==, 4243);
}

#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	/* bad input is reported with (rate-limited) warnings, which the tests provoke */
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
	ADD("/nfd/dispatch/reply-injected", test_reply_injected);
	ADD("/nfd/dispatch/physindev-wins", test_reply_on_binding_tap);
	ADD("/nfd/dispatch/unbound-accepted", test_unbound_accepted);
	ADD("/nfd/dispatch/unclaimed-accepted", test_unclaimed_port_accepted);
	ADD("/nfd/dispatch/malformed-verdict", test_malformed_gets_verdict);
	ADD("/nfd/dispatch/drop", test_drop_verdict);
	ADD("/nfd/dispatch/bad-verdict-accepted", test_bad_verdict_accepted);
	ADD("/nfd/dispatch/incomplete-reply-dropped", test_incomplete_reply_dropped);
	ADD("/nfd/dispatch/every-packet-one-verdict", test_every_packet_one_verdict);
	ADD("/nfd/dispatch/verdict-buffer-overflow", test_verdict_buffer_overflow);
	ADD("/nfd/dispatch/message-without-id", test_message_without_id_skipped);
	g_test_add_func("/nfd/proto/checksum-reference", test_checksum_reference);
	ADD("/nfd/queue/verdict-batch-run", test_verdict_batch_run);
	ADD("/nfd/queue/verdict-batch-mixed-splits", test_verdict_batch_mixed_splits);
	ADD("/nfd/queue/verdict-batch-stops-at-gap", test_verdict_batch_stops_at_gap);
	ADD("/nfd/queue/verdict-batch-per-flush", test_verdict_batch_per_flush);
	ADD("/nfd/queue/truncated-accepted", test_truncated_accepted);
	ADD("/nfd/queue/cap-len-complete-handled", test_cap_len_complete_handled);
	ADD("/nfd/dispatch/conflicting-claims", test_conflicting_claims);
	ADD("/nfd/dispatch/shared-queue", test_claims_on_other_ports_share_queue);
	ADD("/nfd/dispatch/ip6/ns-handled", test_ns_handled);
	ADD("/nfd/dispatch/ip6/ns-behind-dstopts-handled", test_ns_behind_dstopts_handled);
	ADD("/nfd/dispatch/ip6/atomic-fragment-dropped", test_ns_atomic_fragment_dropped);
	ADD("/nfd/dispatch/ip6/ah-dropped", test_ns_behind_ah_dropped);
	ADD("/nfd/dispatch/ip6/too-many-ext-headers-dropped", test_ns_too_many_ext_headers_dropped);
	ADD("/nfd/dispatch/ip6/ext-headers-unclaimed-queue-accepted",
	    test_ext_headers_unclaimed_queue_accepted);
	ADD("/nfd/dispatch/mac-fallback/reply-on-ingress", test_mac_fallback_reply_on_ingress);
	ADD("/nfd/dispatch/mac-fallback/reply-on-bridge-port",
	    test_mac_fallback_reply_on_bridge_port);
	return g_test_run();
}
