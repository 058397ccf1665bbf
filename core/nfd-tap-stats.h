/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdTapStats: what the daemon remembers about one tap's traffic, for `nfdhcpctl stats`,
 * `nfdhcpctl events` and the metrics: counters per plugin and message type (received,
 * answered, replies sent, dropped or passed on by reason), the last NFD_TAP_EVENTS decisions,
 * when the tap was last heard from, and the DHCPv4 client's fingerprint.
 *
 * Memory is a budget (65,000 bindings): the block is one flat allocation of about 0.9 KiB,
 * made on the tap's first packet (once per binding lifetime: the per-packet path allocates
 * once per tap, never per packet), carried over when the binding changes and freed with it,
 * so a tap without traffic costs a pointer.  Counters live in a small fixed table of
 * (key, count) slots, since a tap sees a handful of message types and reasons; a count that
 * finds no slot goes to an overflow counter.  A decision identical to the plugin's previous
 * one (a guest repeating its Neighbor Solicitation for the gateway) moves that event to the
 * front with a repeat count instead of pushing the others out.  The block also holds the
 * tap's token buckets (one 8-byte state per plugin, nfd-token-bucket.h): the per-tap slot the
 * dispatcher's rate limit needs exists exactly when the tap has sent something.
 *
 * NfdStatsHub: the long-lived part (it outlives reloads): the plugin names behind the one-byte
 * plugin ids the events store, and what arrived from taps without a binding (they have no
 * block; a small ring of their last packets answers "why did tap9 get nothing": no binding).
 */
#pragma once

#include <glib.h>

#define NFD_TAP_EVENTS 16
#define NFD_TAP_COUNTERS 32
#define NFD_TAP_PRL_MAX 48
#define NFD_TAP_VENDOR_MAX 47
#define NFD_STATS_UNBOUND_EVENTS 64
#define NFD_STATS_PLUGINS_MAX 255
#define NFD_TAP_BUCKETS 8 /* token buckets: one per plugin that hears from the tap */

typedef enum {
	NFD_TAP_KIND_RX = 1,   /* a message of a type received */
	NFD_TAP_KIND_ANSWERED, /* a message of a type answered */
	NFD_TAP_KIND_TX,       /* a reply of a type sent */
	NFD_TAP_KIND_DROPPED,  /* not answered, dropped: by the plugin's reason */
	NFD_TAP_KIND_PASSED,   /* not answered, handed to the kernel: by the plugin's reason */
	NFD_TAP_KIND_CORE,     /* dropped by the core: by NfdCoreReason */
} NfdTapKind;

/* what the core itself decided about a packet a plugin claimed */
typedef enum {
	NFD_CORE_REASON_NONE,
	NFD_CORE_REASON_BAD_CHECKSUM,	/* ICMPv6 checksum wrong: dropped before the plugin */
	NFD_CORE_REASON_UNUSABLE_REPLY, /* the plugin's reply was incomplete: dropped */
	NFD_CORE_REASON_BAD_VERDICT,	/* the plugin returned no valid verdict: accepted */
	NFD_CORE_REASON_NO_BINDING,	/* the tap has no binding: accepted, not ours */
	NFD_CORE_REASON_RATE_LIMITED,	/* over the tap's rate for the plugin: dropped unread */
	NFD_CORE_REASON_LAST,
} NfdCoreReason;

/* the verdict byte of an event: NfdVerdict values */
#define NFD_TAP_EVENT_CORE 0x01 /* the reason is an NfdCoreReason */

typedef struct {
	guint32 time_s; /* wall clock, seconds (of the latest repeat) */
	guint16 time_ms;
	guint16 repeat; /* how many times in a row, 1 and up (saturates) */
	guint8 plugin;
	guint8 type;   /* the plugin's message type code, 0 unknown */
	guint8 reply;  /* the reply's type code, 0 none */
	guint8 reason; /* the plugin's reason code, or an NfdCoreReason with NFD_TAP_EVENT_CORE */
	guint8 verdict;
	guint8 flags;
	guint8 family; /* of @addr: 0 none, 4 or 6 */
	guint8 _pad;
	guint8 addr[16];
} NfdTapEvent;

/* what a plugin's handler noted about the packet it handled (nfd_plugin_note_*()) */
typedef struct {
	guint8 type;
	guint8 reply;
	guint8 reason;
	guint8 family; /* 0, 4 or 6 */
	guint8 addr[16];
} NfdTapNote;

typedef struct _NfdTapStats NfdTapStats;
typedef struct _NfdStatsHub NfdStatsHub;

NfdTapStats *
nfd_tap_stats_new(void);
void
nfd_tap_stats_free(NfdTapStats *self);
gsize
nfd_tap_stats_size(void);
/* one packet's outcome; @verdict an NfdVerdict; @core_reason non-zero when the core decided */
void
nfd_tap_stats_record(NfdTapStats *self,
		     gint64 now_us,
		     guint8 plugin,
		     const NfdTapNote *note,
		     guint verdict,
		     NfdCoreReason core_reason);
/* the fingerprint as plugin @plugin noted it (its request list means something to it only) */
void
nfd_tap_stats_set_client(NfdTapStats *self,
			 guint8 plugin,
			 const guint8 *request_list,
			 gsize n,
			 const gchar *vendor_class,
			 gsize vendor_len);
/* an unsolicited reply of type @type sent on the tap (a periodic Router Advertisement) */
void
nfd_tap_stats_count_sent(NfdTapStats *self, guint8 plugin, guint8 type);
gint64
nfd_tap_stats_get_last_seen(const NfdTapStats *self);
/* the fingerprint: the option 55 list and the vendor class, or 0 / "" when never seen */
const guint8 *
nfd_tap_stats_get_request_list(const NfdTapStats *self, gsize *n);
/* the plugin that noted the fingerprint */
guint8
nfd_tap_stats_get_client_plugin(const NfdTapStats *self);
const gchar *
nfd_tap_stats_get_vendor_class(const NfdTapStats *self);
guint32
nfd_tap_stats_get_overflow(const NfdTapStats *self);
/* the tap's token bucket state for plugin @plugin (nfd-token-bucket.h), a full bucket the first
 * time; a tap that hears from more than NFD_TAP_BUCKETS plugins gives the ones past that the
 * last bucket to share, so they are limited together rather than not at all */
gint64 *
nfd_tap_stats_get_bucket(NfdTapStats *self, guint8 plugin);

typedef void (*NfdTapCounterFunc)(guint8 plugin,
				  NfdTapKind kind,
				  guint8 code,
				  guint32 count,
				  gpointer user_data);
/* in (plugin, kind, code) order */
void
nfd_tap_stats_foreach_counter(const NfdTapStats *self, NfdTapCounterFunc func, gpointer user_data);
guint32
nfd_tap_stats_get_count(const NfdTapStats *self, guint8 plugin, NfdTapKind kind, guint8 code);
/* the events, oldest first, into @out (NFD_TAP_EVENTS of room); returns how many */
guint
nfd_tap_stats_get_events(const NfdTapStats *self, NfdTapEvent *out);

const gchar *
nfd_core_reason_to_string(NfdCoreReason reason);

/* ---- the hub ---- */

typedef struct {
	guint32 time_s;
	guint16 time_ms;
	guint16 repeat;
	guint32 ifindex;
	guint8 plugin;
} NfdUnboundEvent;

NfdStatsHub *
nfd_stats_hub_new(void);
void
nfd_stats_hub_free(NfdStatsHub *self);
/* the id of a plugin name, the same across reloads */
guint8
nfd_stats_hub_plugin_id(NfdStatsHub *self, const gchar *name);
const gchar *
nfd_stats_hub_plugin_name(NfdStatsHub *self, guint8 id);
void
nfd_stats_hub_record_unbound(NfdStatsHub *self, gint64 now_us, guint ifindex, guint8 plugin);
/* packets from taps without a binding, per plugin id */
guint64
nfd_stats_hub_get_unbound(NfdStatsHub *self, guint8 plugin);
guint
nfd_stats_hub_n_plugins(NfdStatsHub *self);
/* the unbound events of @ifindex (0: all), oldest first, into @out (NFD_STATS_UNBOUND_EVENTS of
 * room); returns how many */
guint
nfd_stats_hub_get_unbound_events(NfdStatsHub *self, guint ifindex, NfdUnboundEvent *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdTapStats, nfd_tap_stats_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdStatsHub, nfd_stats_hub_free)
