/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdDispatch: from one parsed queued packet to exactly one netfilter verdict.
 *
 * Claims registered by plugins are grouped per queue number, in descending priority.  For a
 * packet: the first claim whose declarative match and classify() accept it wins; the binding
 * is looked up by the tap's ifindex (physindev, else indev), optionally by source MAC; a
 * plugin flagged NEEDS_BINDING is never called without one (ACCEPT: not our tap); an ICMPv6
 * packet with a bad checksum is dropped before the handler (the SDK's checksum policy); the
 * handler's verdict maps to NF_ACCEPT / NF_DROP, and REPLY also injects the reply it built,
 * always into the interface the request came in on.  An IPv6 packet on a claimed queue whose
 * upper layer hides behind extension headers we do not walk is dropped.
 *
 * Every claimed packet's outcome is recorded for the operator (issue 12): into the tap's
 * NfdTapStats block (made on the tap's first packet, once per binding lifetime) with what the
 * handler noted (nfd_plugin_note_*()), or, for a tap without a binding, into the hub's ring.
 * nfd_dispatch_explain() runs a synthetic packet through the same claim and handler for
 * `nfdhcpctl explain`, capturing the reply and recording nothing.
 *
 * A tap over its plugin's rate (NfdPlugin's rate_limit: [<plugin>] or [general] rate-limit and
 * rate-burst) has the packet dropped at once, before the plugin sees it, and counted for the
 * tap as NFD_CORE_REASON_RATE_LIMITED; nfd_dispatch_queued() does that before the pre-parse
 * where the queue alone names the plugin (see nfd-dispatch.c).
 */
#pragma once

#include "nfd-binding-store.h"
#include "nfd-inject.h"
#include "nfd-packet-private.h"
#include "nfd-plugin-private.h"

typedef struct _NfdDispatch NfdDispatch;

/* netfilter's verdict values (linux/netfilter.h clashes with netinet/in.h) */
#define NFD_NF_DROP 0u
#define NFD_NF_ACCEPT 1u

typedef struct {
	guint64 packets;
	guint64 malformed;
	guint64 unclaimed;
	guint64 unbound;
	guint64 accepted;
	guint64 dropped;
	guint64 replies;
	guint64 inject_failed;
	guint64 bad_verdicts;
	guint64 bad_checksums;
	guint64 rate_limited; /* dropped over a tap's (or the unbound taps') rate */
} NfdDispatchStats;

/* the monotonic clock the rate limits use, in µs (a seam for tests) */
typedef gint64 (*NfdDispatchClockFunc)(gpointer user_data);

NfdDispatch *
nfd_dispatch_new(NfdBindingStore *store, NfdInjector *injector);
void
nfd_dispatch_free(NfdDispatch *self);
void
nfd_dispatch_set_injector(NfdDispatch *self, NfdInjector *injector);
void
nfd_dispatch_set_mac_fallback(NfdDispatch *self, gboolean enabled);
/* NULL: g_get_monotonic_time() */
void
nfd_dispatch_set_clock(NfdDispatch *self, NfdDispatchClockFunc func, gpointer user_data);
gboolean
nfd_dispatch_add_plugin(NfdDispatch *self, NfdPlugin *plugin, GError **error);
GArray *
nfd_dispatch_get_queues(NfdDispatch *self);
/* a packet already pre-parsed (the test kit, tests): the rate limit applies after the claim */
guint32
nfd_dispatch_packet(NfdDispatch *self, NfdPacket *packet, NfdPacketParseResult parsed);
/* a packet as the queue read it, its NFQUEUE attributes in @packet and its IP header at @data
 * (NULL: none): the rate limit, the pre-parse (nfd_packet_parse_l3()), the dispatch */
guint32
nfd_dispatch_queued(NfdDispatch *self, NfdPacket *packet, const guint8 *data, gsize len);
void
nfd_dispatch_flush(NfdDispatch *self);
const NfdDispatchStats *
nfd_dispatch_get_stats(NfdDispatch *self);
gchar *
nfd_dispatch_describe(NfdDispatch *self);
gchar *
nfd_dispatch_list_claims(NfdDispatch *self);

/* what a synthetic packet came to (nfd_dispatch_explain()) */
typedef struct {
	GPtrArray *log;	   /* in: where the plugin's warnings go, or NULL */
	GByteArray *frame; /* in: where the reply frame goes */
	NfdPlugin *plugin; /* the plugin whose claim took it; NULL: none did (accepted) */
	NfdVerdict verdict;
	NfdCoreReason core_reason; /* the core decided (an unusable reply, a bad verdict, ...) */
	NfdTapNote note;	   /* what the handler noted */
	const gchar *unusable;	   /* the reply was incomplete: why */
} NfdDispatchExplain;

void
nfd_dispatch_explain(NfdDispatch *self,
		     NfdPacket *packet,
		     const NfdBinding *binding,
		     NfdDispatchExplain *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdDispatch, nfd_dispatch_free)
