/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdDispatch: claim tables and the per-packet path (see nfd-dispatch.h).
 *
 * The hot path does one hash lookup for the queue, walks its few claims, one hash lookup for
 * the binding, and reuses one NfdReply: nothing is allocated per packet.  Whatever a plugin
 * returns, exactly one verdict comes out; a value outside NfdVerdict counts as a plugin bug
 * and yields ACCEPT, the same as a queue nobody handles, so a broken plugin degrades to "as if
 * nfdhcpd were not there" rather than black-holing a VM.
 *
 * Fairness under floods (issue 13): each tap has a token bucket per plugin (the plugin's
 * [<name>] rate-limit and rate-burst, else [general]'s), and a packet over it is dropped at
 * once, counted for the tap (NFD_CORE_REASON_RATE_LIMITED) and never parsed by the plugin.
 * "Before any parsing" means, honestly: the tap is known from the NFQUEUE attributes (the
 * physindev or indev ifindex, the binding looked up by it) and, on a queue whose claims all
 * belong to one plugin (every shipped set-up: one queue per plugin), the plugin from the queue
 * number alone, so nfd_dispatch_queued() spends the bucket before the L3/L4 pre-parse.  On a
 * queue several plugins share, the plugin is only known once a claim matched (the pre-parsed
 * headers, a claim's classify() peek), so the bucket is spent right after the claim and the
 * binding lookup: still before the ICMPv6 checksum, the plugin's own parsing, the reply and
 * the injection, which are what a flood would otherwise cost.  The monotonic clock is read
 * once per batch (the first packet after nfd_dispatch_flush()), not per packet.
 *
 * Taps without a binding: a plugin flagged NEEDS_BINDING (all shipped ones) leaves their
 * packets to the kernel untouched, as before, without spending any bucket.  Dropping them
 * would touch taps that are not ours (the README's promise), and it would save the daemon
 * nothing: the verdict costs the same either way.  What bounds them is the kernel's limit in
 * front of the queue (nfdhcpd-rules keys it on the interface, bound or not).  A plugin that does
 * answer taps without a binding spends one shared bucket per plugin for all of them, so they
 * cannot flood it either, and a bound tap's bucket is its own whatever unbound taps send.
 * With mac-fallback the binding found by the source MAC is the one charged: that mode trusts
 * the MAC anyway (it is off by default, see conf/nfdhcpd.conf).
 */
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "nfd-binding-private.h"
#include "nfd-dispatch.h"
#include "nfd-log.h"
#include "nfd-proto.h"
#include "nfd-reply-private.h"

#define NFD_DISPATCH_WARNING_MAX 160 /* a rate-limited warning about one packet */

typedef struct {
	NfdQueueClaim claim;
	NfdPlugin *plugin;
} NfdClaimEntry;

/* one queue's claims, by priority, and the plugin they all belong to (NULL: several do) */
typedef struct {
	GArray *claims; /* NfdClaimEntry */
	NfdPlugin *only;
} NfdQueueClaims;

struct _NfdDispatch {
	NfdBindingStore *store;
	NfdInjector *injector;
	GHashTable *queues; /* queue_num -> NfdQueueClaims */
	gboolean mac_fallback;
	NfdReply reply;
	NfdRateLimit ratelimit;
	NfdDispatchStats stats;
	/* the clocks of this batch of packets, read on its first packet; 0: not read yet */
	NfdDispatchClockFunc clock;
	gpointer clock_data;
	gint64 now_us;
	gint64 now_real_us;
};

static void
claims_free(gpointer data)
{
	NfdQueueClaims *q = data;

	g_array_unref(q->claims);
	g_free(q);
}

static gint64
monotonic_clock(gpointer user_data)
{
	return g_get_monotonic_time();
}

NfdDispatch *
nfd_dispatch_new(NfdBindingStore *store, NfdInjector *injector)
{
	NfdDispatch *self = g_new0(NfdDispatch, 1);

	self->store = store;
	self->injector = injector;
	self->queues = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, claims_free);
	self->clock = monotonic_clock;
	return self;
}

void
nfd_dispatch_free(NfdDispatch *self)
{
	if (self == NULL)
		return;
	g_hash_table_unref(self->queues);
	g_free(self);
}

void
nfd_dispatch_set_injector(NfdDispatch *self, NfdInjector *injector)
{
	self->injector = injector;
}

void
nfd_dispatch_set_mac_fallback(NfdDispatch *self, gboolean enabled)
{
	self->mac_fallback = enabled;
}

void
nfd_dispatch_set_clock(NfdDispatch *self, NfdDispatchClockFunc func, gpointer user_data)
{
	self->clock = func != NULL ? func : monotonic_clock;
	self->clock_data = user_data;
	self->now_us = 0;
}

/* the monotonic time of this batch (µs), read on its first packet */
static gint64
batch_now(NfdDispatch *self)
{
	if (self->now_us == 0) {
		gint64 now = self->clock(self->clock_data);
		/* 0 means "not read": a clock at its very start reads as 1 µs */
		self->now_us = MAX(now, 1);
		self->now_real_us = g_get_real_time();
	}
	return self->now_us;
}

/* the wall clock of this batch, for what the operator sees */
static gint64
batch_real_time(NfdDispatch *self)
{
	batch_now(self);
	return self->now_real_us;
}

/* two claims conflict when some packet would match both declaratively */
static gboolean
claims_overlap(const NfdQueueClaim *a, const NfdQueueClaim *b)
{
	if (a->family != b->family)
		return FALSE;
	if (a->l4_proto != 0 && b->l4_proto != 0 && a->l4_proto != b->l4_proto)
		return FALSE;
	if (a->dst_port != 0 && b->dst_port != 0 && a->dst_port != b->dst_port)
		return FALSE;
	if (a->icmp6_type != 0 && b->icmp6_type != 0 && a->icmp6_type != b->icmp6_type)
		return FALSE;
	return TRUE;
}

static gint
cmp_priority(gconstpointer a, gconstpointer b)
{
	const NfdClaimEntry *ea = a;
	const NfdClaimEntry *eb = b;
	return eb->claim.priority - ea->claim.priority;
}

gboolean
nfd_dispatch_add_plugin(NfdDispatch *self, NfdPlugin *plugin, GError **error)
{
	GArray *claims = nfd_plugin_get_claims(plugin);

	for (guint i = 0; i < claims->len; i++) {
		const NfdQueueClaim *claim = &g_array_index(claims, NfdQueueClaim, i);
		NfdQueueClaims *q =
		    g_hash_table_lookup(self->queues, GUINT_TO_POINTER(claim->queue_num));
		NfdClaimEntry entry = {.claim = *claim, .plugin = plugin};
		GArray *entries;

		if (q == NULL) {
			q = g_new0(NfdQueueClaims, 1);
			q->claims = g_array_new(FALSE, TRUE, sizeof(NfdClaimEntry));
			q->only = plugin;
			g_hash_table_insert(self->queues, GUINT_TO_POINTER(claim->queue_num), q);
		}
		entries = q->claims;
		/* pairwise on purpose: overlap is not equality (0 is a wildcard), so no hash set
		 * can find it, and a queue carries a handful of claims */
		for (guint j = 0; j < entries->len; j++) {
			NfdClaimEntry *other = &g_array_index(entries, NfdClaimEntry, j);
			/* a classify() on both sides can tell packets apart: allowed */
			if (other->claim.classify != NULL && claim->classify != NULL)
				continue;
			if (claims_overlap(&other->claim, claim)) {
				g_set_error(
				    error,
				    NFD_ERROR,
				    NFD_ERROR_CONFIG,
				    "queue %u: plugin %s claims the same packets as plugin %s "
				    "(give one of them another queue)",
				    claim->queue_num,
				    nfd_plugin_get_name(plugin),
				    nfd_plugin_get_name(other->plugin));
				return FALSE;
			}
		}
		g_array_append_val(entries, entry);
		g_array_sort(entries, cmp_priority);
		if (q->only != plugin)
			q->only = NULL;
	}
	return TRUE;
}

static gint
cmp_uint(gconstpointer a, gconstpointer b)
{
	guint ua = *(const guint *)a;
	guint ub = *(const guint *)b;
	return ua < ub ? -1 : ua > ub;
}

GArray *
nfd_dispatch_get_queues(NfdDispatch *self)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(guint));
	GHashTableIter iter;
	gpointer key;

	g_hash_table_iter_init(&iter, self->queues);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		guint q = GPOINTER_TO_UINT(key);
		g_array_append_val(out, q);
	}
	g_array_sort(out, cmp_uint);
	return out;
}

static gboolean
claim_matches(const NfdQueueClaim *claim, const NfdPacket *packet)
{
	if (claim->family != packet->family)
		return FALSE;
	if (claim->l4_proto != 0 && claim->l4_proto != packet->l4_proto)
		return FALSE;
	if (claim->dst_port != 0 &&
	    (packet->l4_proto != IPPROTO_UDP || claim->dst_port != packet->dst_port))
		return FALSE;
	if (claim->icmp6_type != 0 && (gint)claim->icmp6_type != packet->icmp6_type)
		return FALSE;
	if (claim->classify != NULL && !claim->classify(packet, claim->user_data))
		return FALSE;
	return TRUE;
}

static void
warn_ratelimited(NfdDispatch *self, const NfdPacket *packet, const gchar *what)
{
	/* a bound tap spends its own budget (as nfd_plugin_warn_ratelimited), so neither an
	 * unbound tap's noise nor another guest's can hide its warnings */
	const NfdBinding *binding =
	    nfd_binding_store_lookup_ifindex(self->store, nfd_packet_get_ifindex(packet));
	NfdRateLimit *rl =
	    binding != NULL ? nfd_binding_get_warn_ratelimit(binding) : &self->ratelimit;
	guint suppressed = 0;
	gchar queue[8];

	if (!nfd_ratelimit_check(rl, NFD_RATELIMIT_BURST, NFD_RATELIMIT_INTERVAL_US, &suppressed))
		return;
	g_snprintf(queue, sizeof(queue), "%u", packet->queue);
	if (suppressed > 0)
		g_warning("%u similar warnings suppressed", suppressed);
	g_log_structured(G_LOG_DOMAIN,
			 G_LOG_LEVEL_WARNING,
			 "NFD_QUEUE",
			 queue,
			 "MESSAGE",
			 "queue %u packet %u from ifindex %u: %s",
			 packet->queue,
			 packet->id,
			 nfd_packet_get_ifindex(packet),
			 what);
}

static NfdQueueClaims *
lookup_queue(NfdDispatch *self, const NfdPacket *packet)
{
	return g_hash_table_lookup(self->queues, GUINT_TO_POINTER((guint)packet->queue));
}

/* the first claim of the packet's queue @q that matches it (claims are sorted by priority) */
static NfdClaimEntry *
find_claim(NfdQueueClaims *q, const NfdPacket *packet)
{
	for (guint i = 0; q != NULL && i < q->claims->len; i++) {
		NfdClaimEntry *entry = &g_array_index(q->claims, NfdClaimEntry, i);
		if (claim_matches(&entry->claim, packet))
			return entry;
	}
	return NULL;
}

/* the packet's binding: by the tap's ifindex, else (mac-fallback) by the source MAC */
static const NfdBinding *
lookup_binding(NfdDispatch *self, const NfdPacket *packet)
{
	const NfdBinding *binding =
	    nfd_binding_store_lookup_ifindex(self->store, nfd_packet_get_ifindex(packet));

	if (binding == NULL && self->mac_fallback)
		binding = nfd_binding_store_lookup_mac(self->store, nfd_packet_get_src_mac(packet));
	return binding;
}

/* a reply the plugin built: finish it and queue it for this wake-up's send */
static guint32
send_reply(NfdDispatch *self, NfdClaimEntry *hit, const NfdPacket *packet, NfdCoreReason *core)
{
	const guint8 *frame = NULL;
	gsize len = 0;
	const gchar *why = NULL;

	self->stats.dropped++;
	if (!nfd_reply_finish(&self->reply, &frame, &len, &why)) {
		gchar msg[NFD_DISPATCH_WARNING_MAX];
		self->stats.inject_failed++;
		g_snprintf(msg,
			   sizeof(msg),
			   "plugin %s built an unusable reply (%s)",
			   nfd_plugin_get_name(hit->plugin),
			   why);
		warn_ratelimited(self, packet, msg);
		*core = NFD_CORE_REASON_UNUSABLE_REPLY;
		return NFD_NF_DROP;
	}
	/* leaves with the other replies of this wake-up (nfd_dispatch_flush); a send failure is
	 * counted by the injector and reported at the flush */
	nfd_injector_queue(self->injector, nfd_reply_get_ifindex(&self->reply), frame, len);
	self->stats.replies++;
	hit->plugin->n_replies++;
	return NFD_NF_DROP;
}

/* the plugin's verdict as the kernel's; anything unknown accepts.  @core: the core's own
 * reason when it overrode the plugin */
static guint32
apply_verdict(NfdDispatch *self,
	      NfdClaimEntry *hit,
	      const NfdPacket *packet,
	      NfdVerdict verdict,
	      NfdCoreReason *core)
{
	switch (verdict) {
	case NFD_VERDICT_ACCEPT:
		self->stats.accepted++;
		return NFD_NF_ACCEPT;
	case NFD_VERDICT_DROP:
		self->stats.dropped++;
		return NFD_NF_DROP;
	case NFD_VERDICT_REPLY:
		return send_reply(self, hit, packet, core);
	default:
		*core = NFD_CORE_REASON_BAD_VERDICT;
		self->stats.bad_verdicts++;
		self->stats.accepted++;
		warn_ratelimited(self, packet, "plugin returned an invalid verdict, accepted");
		return NFD_NF_ACCEPT;
	}
}

/* the tap's statistics block, made on its first packet: one allocation per tap (binding)
 * lifetime, never per packet; NULL when nothing is recorded (the test kit) */
static NfdTapStats *
tap_stats(const NfdPlugin *plugin, const NfdBinding *binding)
{
	NfdTapStats *st;

	if (binding == NULL || plugin->ctx == NULL || plugin->ctx->stats == NULL)
		return NULL;
	st = nfd_binding_get_tap_stats(binding);
	if (st == NULL) {
		st = nfd_tap_stats_new();
		nfd_binding_set_tap_stats(binding, st);
	}
	return st;
}

/* one claimed packet's outcome, for `nfdhcpctl stats` and `events` and the metrics */
static void
record(NfdDispatch *self,
       const NfdPlugin *plugin,
       NfdTapStats *st,
       const NfdTapNote *note,
       guint verdict,
       NfdCoreReason core)
{
	if (st != NULL)
		nfd_tap_stats_record(st,
				     batch_real_time(self),
				     plugin->stats_id,
				     note,
				     verdict,
				     core);
}

/* is this packet over @plugin's rate for its tap?  Spends a token when it is not.  The tap's
 * own bucket lives in its statistics block @st; a tap without a binding spends the plugin's
 * shared one; a bound tap without a block (nothing is recorded: the test kit) is not limited */
static gboolean
over_rate(NfdDispatch *self, NfdPlugin *plugin, const NfdBinding *binding, NfdTapStats *st)
{
	gint64 *state;

	if (!nfd_token_bucket_is_set(&plugin->rate_limit))
		return FALSE;
	if (st != NULL)
		state = nfd_tap_stats_get_bucket(st, plugin->stats_id);
	else if (binding == NULL)
		state = &plugin->unbound_bucket;
	else
		return FALSE;
	return !nfd_token_bucket_take(&plugin->rate_limit, state, batch_now(self));
}

/* the verdict of a packet over the rate: DROP at once, counted for the tap */
static guint32
drop_rate_limited(NfdDispatch *self, NfdPlugin *plugin, NfdTapStats *st)
{
	static const NfdTapNote no_note = {0};

	self->stats.rate_limited++;
	self->stats.dropped++;
	record(self, plugin, st, &no_note, NFD_VERDICT_DROP, NFD_CORE_REASON_RATE_LIMITED);
	return NFD_NF_DROP;
}

/* the handler, its verdict, and what it noted recorded for the tap */
static guint32
run_handler(NfdDispatch *self,
	    NfdClaimEntry *hit,
	    NfdPacket *packet,
	    const NfdBinding *binding,
	    NfdTapStats *st)
{
	NfdCoreContext *ctx = hit->plugin->ctx;
	NfdCoreReason core = NFD_CORE_REASON_NONE;
	NfdVerdict verdict;
	guint32 nf;

	/* the reply leaves where the request came in (physindev on a bridge, else indev), never
	 * on the binding's tap: with mac-fallback the binding may belong to another tap, and an
	 * unbound guest must not make us send into someone else's tap */
	nfd_reply_reset(&self->reply,
			nfd_packet_get_ifindex(packet),
			nfd_packet_get_src_mac(packet),
			binding != NULL ? nfd_binding_get_router_mac(binding) : NULL);
	hit->plugin->n_handled++;
	if (ctx != NULL) {
		memset(&ctx->current.note, 0, sizeof(ctx->current.note));
		ctx->current.tap = st;
		ctx->current.synthetic = FALSE;
		ctx->current.active = TRUE;
	}
	verdict =
	    hit->claim.handle(hit->plugin, packet, binding, &self->reply, hit->claim.user_data);
	nf = apply_verdict(self, hit, packet, verdict, &core);
	if (ctx != NULL) {
		ctx->current.active = FALSE;
		record(self,
		       hit->plugin,
		       st,
		       &ctx->current.note,
		       core == NFD_CORE_REASON_UNUSABLE_REPLY ? NFD_VERDICT_DROP
		       : core == NFD_CORE_REASON_BAD_VERDICT  ? NFD_VERDICT_ACCEPT
							      : verdict,
		       core);
	}
	return nf;
}

/* a packet of queue @q (NULL: nobody's); @known: the packet's binding when it was looked up
 * and its bucket spent before the pre-parse (nfd_dispatch_queued()), else NULL */
static guint32
dispatch_parsed(NfdDispatch *self,
		NfdQueueClaims *q,
		NfdPacket *packet,
		NfdPacketParseResult parsed,
		const NfdBinding *const *known)
{
	static const NfdTapNote no_note = {0};
	NfdClaimEntry *hit = NULL;
	const NfdBinding *binding;
	NfdTapStats *st;
	NfdCoreContext *ctx;

	self->stats.packets++;
	if (parsed == NFD_PACKET_PARSE_MALFORMED) {
		/* not a packet any plugin could answer: let the kernel decide, as if we were
		 * not there (a bound VM's garbage then meets the host's own rules) */
		self->stats.malformed++;
		self->stats.accepted++;
		warn_ratelimited(self, packet, "malformed IP/UDP/ICMPv6 headers, accepted");
		return NFD_NF_ACCEPT;
	}
	if (parsed == NFD_PACKET_PARSE_EXT_HEADERS && q != NULL) {
		/* the kernel's match found the ICMPv6/UDP header behind a fragment header or AH
		 * that we do not walk: answering is not ours (RFC 6980 §5 forbids fragmented ND)
		 * and accepting would let a spoofed NS or RS on to the bridge and the host */
		self->stats.dropped++;
		warn_ratelimited(self,
				 packet,
				 "IPv6 upper layer behind a fragment header, AH, ESP or too many "
				 "extension headers, dropped");
		return NFD_NF_DROP;
	}
	if (parsed == NFD_PACKET_PARSE_OK)
		hit = find_claim(q, packet);
	if (hit == NULL) {
		self->stats.unclaimed++;
		self->stats.accepted++;
		return NFD_NF_ACCEPT;
	}

	binding = known != NULL ? *known : lookup_binding(self, packet);
	ctx = hit->plugin->ctx;
	if (binding == NULL && nfd_plugin_has_flag(hit->plugin, NFD_PLUGIN_FLAG_NEEDS_BINDING)) {
		/* a tap without a binding is not ours (GRNET: "No client found") */
		self->stats.unbound++;
		self->stats.accepted++;
		if (ctx != NULL && ctx->stats != NULL)
			nfd_stats_hub_record_unbound(ctx->stats,
						     batch_real_time(self),
						     nfd_packet_get_ifindex(packet),
						     hit->plugin->stats_id);
		return NFD_NF_ACCEPT;
	}
	st = tap_stats(hit->plugin, binding);
	/* a queue several plugins share: the bucket of the plugin whose claim took the packet */
	if (known == NULL && over_rate(self, hit->plugin, binding, st))
		return drop_rate_limited(self, hit->plugin, st);

	/* the SDK's checksum policy (nfd-packet.h): ICMPv6 checksums are verified here, a bad one
	 * is dropped as the kernel would (RFC 4443 §2.3, RFC 4861 §6.1.1, §7.1.1); UDP ones are
	 * not, guests with checksum offload send them partial */
	if (packet->l4_proto == IPPROTO_ICMPV6 && !nfd_packet_verify_l4_checksum(packet)) {
		self->stats.bad_checksums++;
		self->stats.dropped++;
		hit->plugin->n_bad_checksum++;
		warn_ratelimited(self, packet, "bad ICMPv6 checksum, dropped");
		record(self,
		       hit->plugin,
		       st,
		       &no_note,
		       NFD_VERDICT_DROP,
		       NFD_CORE_REASON_BAD_CHECKSUM);
		return NFD_NF_DROP;
	}
	return run_handler(self, hit, packet, binding, st);
}

guint32
nfd_dispatch_packet(NfdDispatch *self, NfdPacket *packet, NfdPacketParseResult parsed)
{
	return dispatch_parsed(self, lookup_queue(self, packet), packet, parsed, NULL);
}

guint32
nfd_dispatch_queued(NfdDispatch *self, NfdPacket *packet, const guint8 *data, gsize len)
{
	NfdQueueClaims *q = lookup_queue(self, packet);
	NfdPacketParseResult parsed = NFD_PACKET_PARSE_MALFORMED;
	const NfdBinding *binding;
	NfdPlugin *plugin;

	/* a queue with one plugin's claims (the usual set-up): the tap's bucket for that plugin is
	 * spent before anything of the packet is read; a tap without a binding is not the bucket's
	 * business when the plugin needs one (it is accepted below, as before) */
	if (q == NULL || q->only == NULL || !nfd_token_bucket_is_set(&q->only->rate_limit)) {
		if (data != NULL)
			parsed = nfd_packet_parse_l3(packet, data, len);
		return dispatch_parsed(self, q, packet, parsed, NULL);
	}
	plugin = q->only;
	binding = lookup_binding(self, packet);
	if (binding != NULL || !nfd_plugin_has_flag(plugin, NFD_PLUGIN_FLAG_NEEDS_BINDING)) {
		NfdTapStats *st = tap_stats(plugin, binding);
		if (over_rate(self, plugin, binding, st)) {
			self->stats.packets++;
			return drop_rate_limited(self, plugin, st);
		}
	}
	if (data != NULL)
		parsed = nfd_packet_parse_l3(packet, data, len);
	return dispatch_parsed(self, q, packet, parsed, &binding);
}

void
nfd_dispatch_explain(NfdDispatch *self,
		     NfdPacket *packet,
		     const NfdBinding *binding,
		     NfdDispatchExplain *out)
{
	NfdClaimEntry *hit = find_claim(lookup_queue(self, packet), packet);
	NfdCoreContext *ctx;
	NfdReply reply;
	const guint8 *frame = NULL;
	gsize len = 0;
	NfdVerdict verdict;

	packet->synthetic = TRUE;
	out->plugin = NULL;
	out->verdict = NFD_VERDICT_ACCEPT;
	out->core_reason = NFD_CORE_REASON_NONE;
	memset(&out->note, 0, sizeof(out->note));
	if (hit == NULL)
		return;
	out->plugin = hit->plugin;
	ctx = hit->plugin->ctx;
	if (binding == NULL && nfd_plugin_has_flag(hit->plugin, NFD_PLUGIN_FLAG_NEEDS_BINDING)) {
		out->core_reason = NFD_CORE_REASON_NO_BINDING;
		return;
	}
	/* the same checksum policy as for queued packets */
	if (nfd_packet_get_l4_proto(packet) == IPPROTO_ICMPV6 &&
	    !nfd_packet_verify_l4_checksum(packet)) {
		out->verdict = NFD_VERDICT_DROP;
		out->core_reason = NFD_CORE_REASON_BAD_CHECKSUM;
		return;
	}
	nfd_reply_reset(&reply,
			nfd_packet_get_ifindex(packet),
			nfd_packet_get_src_mac(packet),
			binding != NULL ? nfd_binding_get_router_mac(binding) : NULL);
	if (ctx != NULL) {
		memset(&ctx->current, 0, sizeof(ctx->current));
		ctx->current.synthetic = TRUE;
		ctx->current.log = out->log;
		ctx->current.active = TRUE;
	}
	verdict = hit->claim.handle(hit->plugin, packet, binding, &reply, hit->claim.user_data);
	if (ctx != NULL) {
		out->note = ctx->current.note;
		memset(&ctx->current, 0, sizeof(ctx->current));
	}
	out->verdict = verdict;
	switch (verdict) {
	case NFD_VERDICT_ACCEPT:
	case NFD_VERDICT_DROP:
		break;
	case NFD_VERDICT_REPLY:
		if (!nfd_reply_finish(&reply, &frame, &len, &out->unusable)) {
			out->verdict = NFD_VERDICT_DROP;
			out->core_reason = NFD_CORE_REASON_UNUSABLE_REPLY;
			break;
		}
		g_byte_array_append(out->frame, frame, (guint)len);
		break;
	default:
		out->verdict = NFD_VERDICT_ACCEPT;
		out->core_reason = NFD_CORE_REASON_BAD_VERDICT;
		break;
	}
}

void
nfd_dispatch_flush(NfdDispatch *self)
{
	guint64 failed;

	if (self == NULL)
		return;
	/* the batch ends: the next packet reads the clocks again */
	self->now_us = 0;
	if (self->injector == NULL)
		return;
	failed = self->injector->n_failed;
	nfd_injector_flush(self->injector);
	if (self->injector->n_failed > failed) {
		guint suppressed = 0;
		self->stats.inject_failed += self->injector->n_failed - failed;
		if (nfd_ratelimit_check(&self->ratelimit,
					NFD_RATELIMIT_BURST,
					NFD_RATELIMIT_INTERVAL_US,
					&suppressed))
			g_warning("%" G_GUINT64_FORMAT " replies could not be sent: %s",
				  self->injector->n_failed - failed,
				  g_strerror(self->injector->last_errno));
	}
}

const NfdDispatchStats *
nfd_dispatch_get_stats(NfdDispatch *self)
{
	return &self->stats;
}

gchar *
nfd_dispatch_describe(NfdDispatch *self)
{
	g_autoptr(GArray) queues = nfd_dispatch_get_queues(self);
	GString *str = g_string_new(NULL);

	for (guint i = 0; i < queues->len; i++) {
		guint q = g_array_index(queues, guint, i);
		NfdQueueClaims *qc = g_hash_table_lookup(self->queues, GUINT_TO_POINTER(q));
		GArray *entries = qc->claims;
		g_string_append_printf(str, "queue %u:", q);
		for (guint j = 0; j < entries->len; j++) {
			NfdClaimEntry *e = &g_array_index(entries, NfdClaimEntry, j);
			g_string_append_printf(str,
					       " %s(%s",
					       nfd_plugin_get_name(e->plugin),
					       e->claim.family == AF_INET ? "ipv4" : "ipv6");
			if (e->claim.l4_proto == IPPROTO_UDP)
				g_string_append(str, " udp");
			else if (e->claim.l4_proto == IPPROTO_ICMPV6)
				g_string_append(str, " icmpv6");
			if (e->claim.dst_port != 0)
				g_string_append_printf(str, " port %u", e->claim.dst_port);
			if (e->claim.icmp6_type != 0)
				g_string_append_printf(str, " type %u", e->claim.icmp6_type);
			g_string_append(str, ")");
		}
		g_string_append_c(str, '\n');
	}
	return g_string_free(str, FALSE);
}

/* "PLUGIN QUEUE FAMILY PROTO MATCH", one claim a line, queues ascending and each queue's claims
 * by priority: FAMILY ipv4|ipv6, PROTO udp|icmpv6|any|<number>, MATCH the UDP port, the ICMPv6
 * type or "-" for any.  The stable, machine-readable form nfdhcpd-rules builds its rules from
 * (nfdhcpd --print-claims); a claim's classify() can only narrow what it takes. */
gchar *
nfd_dispatch_list_claims(NfdDispatch *self)
{
	g_autoptr(GArray) queues = nfd_dispatch_get_queues(self);
	GString *str = g_string_new(NULL);

	for (guint i = 0; i < queues->len; i++) {
		guint q = g_array_index(queues, guint, i);
		NfdQueueClaims *qc = g_hash_table_lookup(self->queues, GUINT_TO_POINTER(q));
		GArray *entries = qc->claims;
		for (guint j = 0; j < entries->len; j++) {
			const NfdQueueClaim *c = &g_array_index(entries, NfdClaimEntry, j).claim;
			const gchar *plugin =
			    nfd_plugin_get_name(g_array_index(entries, NfdClaimEntry, j).plugin);
			g_string_append_printf(str,
					       "%s %u %s ",
					       plugin,
					       q,
					       c->family == AF_INET ? "ipv4" : "ipv6");
			/* a port implies UDP (claim_matches), a type ICMPv6 (register_queue) */
			if (c->l4_proto == IPPROTO_UDP || c->dst_port != 0)
				g_string_append(str, "udp");
			else if (c->l4_proto == IPPROTO_ICMPV6)
				g_string_append(str, "icmpv6");
			else if (c->l4_proto == 0)
				g_string_append(str, "any");
			else
				g_string_append_printf(str, "%u", c->l4_proto);
			if (c->dst_port != 0)
				g_string_append_printf(str, " %u\n", c->dst_port);
			else if (c->icmp6_type != 0)
				g_string_append_printf(str, " %u\n", c->icmp6_type);
			else
				g_string_append(str, " -\n");
		}
	}
	return g_string_free(str, FALSE);
}
