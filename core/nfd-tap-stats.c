/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdTapStats and NfdStatsHub (see nfd-tap-stats.h).  Recording is O(slots) with no
 * allocation: a linear scan of NFD_TAP_COUNTERS keys and of NFD_TAP_EVENTS events, both tiny.
 */
#include <stdlib.h>
#include <string.h>

#include "nfd-common.h"
#include "nfd-tap-stats.h"

typedef struct {
	guint32 key; /* plugin << 16 | kind << 8 | code; 0: free */
	guint32 count;
} NfdTapCounter;

struct _NfdTapStats {
	gint64 last_seen; /* wall clock, µs */
	guint32 overflow;
	guint8 n_events;
	guint8 head; /* where the next event goes */
	guint8 prl_len;
	guint8 vendor_len;
	guint8 client_plugin;
	guint8 prl[NFD_TAP_PRL_MAX];
	gchar vendor[NFD_TAP_VENDOR_MAX + 1];
	guint8 bucket_plugin[NFD_TAP_BUCKETS]; /* plugin id + 1; 0: free */
	gint64 buckets[NFD_TAP_BUCKETS];
	NfdTapCounter counters[NFD_TAP_COUNTERS];
	NfdTapEvent events[NFD_TAP_EVENTS];
};

/* the budget this file promises (nfd-tap-stats.h): under a KiB per tap with traffic */
G_STATIC_ASSERT(sizeof(NfdTapEvent) == 32);
G_STATIC_ASSERT(sizeof(struct _NfdTapStats) <= 1024);

NfdTapStats *
nfd_tap_stats_new(void)
{
	return g_new0(NfdTapStats, 1);
}

void
nfd_tap_stats_free(NfdTapStats *self)
{
	g_free(self);
}

gsize
nfd_tap_stats_size(void)
{
	return sizeof(NfdTapStats);
}

static guint32
counter_key(guint8 plugin, NfdTapKind kind, guint8 code)
{
	/* kind is never 0, so no key is 0 */
	return (guint32)plugin << 16 | (guint32)kind << 8 | code;
}

static void
count(NfdTapStats *self, guint8 plugin, NfdTapKind kind, guint8 code)
{
	guint32 key = counter_key(plugin, kind, code);
	NfdTapCounter *free_slot = NULL;

	for (guint i = 0; i < NFD_TAP_COUNTERS; i++) {
		NfdTapCounter *c = &self->counters[i];
		if (c->key == key) {
			if (c->count < G_MAXUINT32)
				c->count++;
			return;
		}
		if (c->key == 0 && free_slot == NULL)
			free_slot = c;
	}
	if (free_slot == NULL) {
		if (self->overflow < G_MAXUINT32)
			self->overflow++;
		return;
	}
	free_slot->key = key;
	free_slot->count = 1;
}

static gboolean
same_decision(const NfdTapEvent *a, const NfdTapEvent *b)
{
	return a->plugin == b->plugin && a->type == b->type && a->reply == b->reply &&
	       a->reason == b->reason && a->verdict == b->verdict && a->flags == b->flags &&
	       a->family == b->family && memcmp(a->addr, b->addr, sizeof(a->addr)) == 0;
}

/* index of the i-th event, oldest first */
static guint
event_index(const NfdTapStats *self, guint i)
{
	return (self->head + NFD_TAP_EVENTS - self->n_events + i) % NFD_TAP_EVENTS;
}

static gboolean
is_rate_limited(const NfdTapEvent *ev)
{
	return (ev->flags & NFD_TAP_EVENT_CORE) != 0 && ev->reason == NFD_CORE_REASON_RATE_LIMITED;
}

/* the i-th event (1-based, oldest first) is @ev again: it moves to the front, counted */
static void
fold_event(NfdTapStats *self, guint i, const NfdTapEvent *ev)
{
	NfdTapEvent moved = self->events[event_index(self, i - 1)];

	/* close the gap: the events after it move one place back */
	for (guint j = i; j < self->n_events; j++)
		self->events[event_index(self, j - 1)] = self->events[event_index(self, j)];
	moved.time_s = ev->time_s;
	moved.time_ms = ev->time_ms;
	if (moved.repeat < G_MAXUINT16)
		moved.repeat++;
	self->events[event_index(self, self->n_events - 1)] = moved;
}

static void
push_event(NfdTapStats *self, const NfdTapEvent *ev)
{
	gboolean skipped = FALSE;

	/* the plugin's previous decision, if this one is the same: moved to the front.  Under a
	 * flood the bucket lets one packet through per interval between thousands of rate-limited
	 * drops: a decision folds across one of the plugin's decisions when either of the two is
	 * such a drop, so a flood is two lines (what got through, what did not) and the tap's
	 * older events stay */
	for (guint i = self->n_events; i > 0; i--) {
		const NfdTapEvent *old = &self->events[event_index(self, i - 1)];
		if (old->plugin != ev->plugin)
			continue;
		if (same_decision(old, ev)) {
			fold_event(self, i, ev);
			return;
		}
		if (skipped || !(is_rate_limited(old) || is_rate_limited(ev)))
			break;
		skipped = TRUE;
	}
	self->events[self->head] = *ev;
	self->head = (self->head + 1) % NFD_TAP_EVENTS;
	if (self->n_events < NFD_TAP_EVENTS)
		self->n_events++;
}

void
nfd_tap_stats_record(NfdTapStats *self,
		     gint64 now_us,
		     guint8 plugin,
		     const NfdTapNote *note,
		     guint verdict,
		     NfdCoreReason core_reason)
{
	NfdTapEvent ev = {0};

	self->last_seen = now_us;
	count(self, plugin, NFD_TAP_KIND_RX, note->type);
	if (core_reason != NFD_CORE_REASON_NONE) {
		count(self, plugin, NFD_TAP_KIND_CORE, (guint8)core_reason);
		ev.flags = NFD_TAP_EVENT_CORE;
		ev.reason = (guint8)core_reason;
	} else if (verdict == NFD_VERDICT_REPLY) {
		count(self, plugin, NFD_TAP_KIND_ANSWERED, note->type);
		if (note->reply != 0)
			count(self, plugin, NFD_TAP_KIND_TX, note->reply);
		ev.reason = note->reason;
	} else {
		count(self,
		      plugin,
		      verdict == NFD_VERDICT_DROP ? NFD_TAP_KIND_DROPPED : NFD_TAP_KIND_PASSED,
		      note->reason);
		ev.reason = note->reason;
	}
	ev.time_s = (guint32)(now_us / G_USEC_PER_SEC);
	ev.time_ms = (guint16)(now_us / 1000 % 1000);
	ev.repeat = 1;
	ev.plugin = plugin;
	ev.type = note->type;
	ev.reply = verdict == NFD_VERDICT_REPLY ? note->reply : 0;
	ev.verdict = (guint8)verdict;
	ev.family = note->family;
	memcpy(ev.addr, note->addr, sizeof(ev.addr));
	push_event(self, &ev);
}

void
nfd_tap_stats_count_sent(NfdTapStats *self, guint8 plugin, guint8 type)
{
	count(self, plugin, NFD_TAP_KIND_TX, type);
}

void
nfd_tap_stats_set_client(NfdTapStats *self,
			 guint8 plugin,
			 const guint8 *request_list,
			 gsize n,
			 const gchar *vendor_class,
			 gsize vendor_len)
{
	self->client_plugin = plugin;
	self->prl_len = (guint8)MIN(n, NFD_TAP_PRL_MAX);
	if (self->prl_len > 0)
		memcpy(self->prl, request_list, self->prl_len);
	self->vendor_len = (guint8)MIN(vendor_len, NFD_TAP_VENDOR_MAX);
	if (self->vendor_len > 0)
		memcpy(self->vendor, vendor_class, self->vendor_len);
	self->vendor[self->vendor_len] = '\0';
}

guint8
nfd_tap_stats_get_client_plugin(const NfdTapStats *self)
{
	return self->client_plugin;
}

gint64
nfd_tap_stats_get_last_seen(const NfdTapStats *self)
{
	return self->last_seen;
}

const guint8 *
nfd_tap_stats_get_request_list(const NfdTapStats *self, gsize *n)
{
	*n = self->prl_len;
	return self->prl;
}

const gchar *
nfd_tap_stats_get_vendor_class(const NfdTapStats *self)
{
	return self->vendor;
}

guint32
nfd_tap_stats_get_overflow(const NfdTapStats *self)
{
	return self->overflow;
}

gint64 *
nfd_tap_stats_get_bucket(NfdTapStats *self, guint8 plugin)
{
	guint8 key = (guint8)(plugin + 1); /* ids stop below NFD_STATS_PLUGINS_MAX: never 0 */
	guint i;

	for (i = 0; i < NFD_TAP_BUCKETS; i++) {
		if (self->bucket_plugin[i] == key)
			return &self->buckets[i];
		if (self->bucket_plugin[i] == 0) {
			self->bucket_plugin[i] = key;
			return &self->buckets[i];
		}
	}
	return &self->buckets[NFD_TAP_BUCKETS - 1];
}

static gint
cmp_counter(gconstpointer a, gconstpointer b)
{
	guint32 ka = ((const NfdTapCounter *)a)->key;
	guint32 kb = ((const NfdTapCounter *)b)->key;

	return ka < kb ? -1 : ka > kb;
}

void
nfd_tap_stats_foreach_counter(const NfdTapStats *self, NfdTapCounterFunc func, gpointer user_data)
{
	NfdTapCounter sorted[NFD_TAP_COUNTERS];
	guint n = 0;

	for (guint i = 0; i < NFD_TAP_COUNTERS; i++) {
		if (self->counters[i].key != 0)
			sorted[n++] = self->counters[i];
	}
	qsort(sorted, n, sizeof(sorted[0]), cmp_counter);
	for (guint i = 0; i < n; i++)
		func((guint8)(sorted[i].key >> 16),
		     (NfdTapKind)((sorted[i].key >> 8) & 0xff),
		     (guint8)(sorted[i].key & 0xff),
		     sorted[i].count,
		     user_data);
}

guint32
nfd_tap_stats_get_count(const NfdTapStats *self, guint8 plugin, NfdTapKind kind, guint8 code)
{
	guint32 key = counter_key(plugin, kind, code);

	for (guint i = 0; i < NFD_TAP_COUNTERS; i++) {
		if (self->counters[i].key == key)
			return self->counters[i].count;
	}
	return 0;
}

guint
nfd_tap_stats_get_events(const NfdTapStats *self, NfdTapEvent *out)
{
	for (guint i = 0; i < self->n_events; i++)
		out[i] = self->events[event_index(self, i)];
	return self->n_events;
}

const gchar *
nfd_core_reason_to_string(NfdCoreReason reason)
{
	static const gchar *const names[] = {
	    [NFD_CORE_REASON_NONE] = "none",
	    [NFD_CORE_REASON_BAD_CHECKSUM] = "bad_checksum",
	    [NFD_CORE_REASON_UNUSABLE_REPLY] = "unusable_reply",
	    [NFD_CORE_REASON_BAD_VERDICT] = "bad_verdict",
	    [NFD_CORE_REASON_NO_BINDING] = "no_binding",
	    [NFD_CORE_REASON_RATE_LIMITED] = "rate_limited",
	};

	return (guint)reason < G_N_ELEMENTS(names) ? names[reason] : "unknown";
}

/* ---- the hub ---- */

struct _NfdStatsHub {
	GPtrArray *names; /* id -> interned plugin name */
	guint64 unbound[NFD_STATS_PLUGINS_MAX + 1];
	NfdUnboundEvent events[NFD_STATS_UNBOUND_EVENTS];
	guint n_events;
	guint head;
};

NfdStatsHub *
nfd_stats_hub_new(void)
{
	NfdStatsHub *self = g_new0(NfdStatsHub, 1);

	self->names = g_ptr_array_new();
	return self;
}

void
nfd_stats_hub_free(NfdStatsHub *self)
{
	if (self == NULL)
		return;
	g_ptr_array_unref(self->names);
	g_free(self);
}

guint8
nfd_stats_hub_plugin_id(NfdStatsHub *self, const gchar *name)
{
	const gchar *interned = g_intern_string(name);

	for (guint i = 0; i < self->names->len; i++) {
		if (g_ptr_array_index(self->names, i) == interned)
			return (guint8)i;
	}
	/* plugin names come from installed modules: 255 different ones is far beyond a host's;
	 * past that they share the last id */
	if (self->names->len >= NFD_STATS_PLUGINS_MAX)
		return NFD_STATS_PLUGINS_MAX - 1;
	g_ptr_array_add(self->names, (gpointer)interned);
	return (guint8)(self->names->len - 1);
}

const gchar *
nfd_stats_hub_plugin_name(NfdStatsHub *self, guint8 id)
{
	return id < self->names->len ? g_ptr_array_index(self->names, id) : "?";
}

guint
nfd_stats_hub_n_plugins(NfdStatsHub *self)
{
	return self->names->len;
}

void
nfd_stats_hub_record_unbound(NfdStatsHub *self, gint64 now_us, guint ifindex, guint8 plugin)
{
	NfdUnboundEvent *last = NULL;

	self->unbound[plugin]++;
	if (self->n_events > 0)
		last = &self->events[(self->head + NFD_STATS_UNBOUND_EVENTS - 1) %
				     NFD_STATS_UNBOUND_EVENTS];
	if (last != NULL && last->ifindex == ifindex && last->plugin == plugin) {
		if (last->repeat < G_MAXUINT16)
			last->repeat++;
	} else {
		last = &self->events[self->head];
		self->head = (self->head + 1) % NFD_STATS_UNBOUND_EVENTS;
		if (self->n_events < NFD_STATS_UNBOUND_EVENTS)
			self->n_events++;
		last->ifindex = ifindex;
		last->plugin = plugin;
		last->repeat = 1;
	}
	last->time_s = (guint32)(now_us / G_USEC_PER_SEC);
	last->time_ms = (guint16)(now_us / 1000 % 1000);
}

guint64
nfd_stats_hub_get_unbound(NfdStatsHub *self, guint8 plugin)
{
	return self->unbound[plugin];
}

guint
nfd_stats_hub_get_unbound_events(NfdStatsHub *self, guint ifindex, NfdUnboundEvent *out)
{
	guint n = 0;

	for (guint i = 0; i < self->n_events; i++) {
		guint idx = (self->head + NFD_STATS_UNBOUND_EVENTS - self->n_events + i) %
			    NFD_STATS_UNBOUND_EVENTS;
		if (ifindex == 0 || self->events[idx].ifindex == ifindex)
			out[n++] = self->events[idx];
	}
	return n;
}
