/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-tap RA state and its timer source (see nfd-ra-tap.h).
 */
#include <string.h>

#include "nfd-ra-proto.h"
#include "nfd-ra-tap.h"

/* at most this many taps are served per dispatch, so a burst (every tap due at start-up)
 * is spread over several main-loop iterations and queued packets are not held up */
#define NFD_RA_TIMER_BURST 256

struct _NfdRaTimer {
	GSource *source;
	GPtrArray *heap; /* NfdRaTap, a binary min-heap by due */
	NfdRaTapFireFunc func;
	gpointer user_data;
};

typedef struct {
	GSource base;
	NfdRaTimer *timer;
} NfdRaTimerSource;

static NfdRaTap *
heap_at(NfdRaTimer *self, guint i)
{
	return g_ptr_array_index(self->heap, i);
}

static void
heap_put(NfdRaTimer *self, guint i, NfdRaTap *tap)
{
	self->heap->pdata[i] = tap;
	tap->heap_index = i;
}

static void
heap_sift_up(NfdRaTimer *self, guint i)
{
	NfdRaTap *tap = heap_at(self, i);

	while (i > 0) {
		guint parent = (i - 1) / 2;
		if (heap_at(self, parent)->due <= tap->due)
			break;
		heap_put(self, i, heap_at(self, parent));
		i = parent;
	}
	heap_put(self, i, tap);
}

static void
heap_sift_down(NfdRaTimer *self, guint i)
{
	NfdRaTap *tap = heap_at(self, i);
	guint n = self->heap->len;

	for (;;) {
		guint child = 2 * i + 1;
		if (child >= n)
			break;
		if (child + 1 < n && heap_at(self, child + 1)->due < heap_at(self, child)->due)
			child++;
		if (tap->due <= heap_at(self, child)->due)
			break;
		heap_put(self, i, heap_at(self, child));
		i = child;
	}
	heap_put(self, i, tap);
}

/* a clear empties the heap without visiting the taps: their heap_index may be stale */
static gboolean
heap_contains(NfdRaTimer *self, NfdRaTap *tap)
{
	return tap->heap_index < self->heap->len && heap_at(self, tap->heap_index) == tap;
}

static void
heap_remove(NfdRaTimer *self, NfdRaTap *tap)
{
	guint i = tap->heap_index;
	NfdRaTap *last;

	if (!heap_contains(self, tap))
		return;
	last = g_ptr_array_index(self->heap, self->heap->len - 1);
	/* shrinking the length keeps the allocation: re-adding later does not allocate */
	g_ptr_array_set_size(self->heap, self->heap->len - 1);
	tap->heap_index = G_MAXUINT;
	if (last == tap)
		return;
	heap_put(self, i, last);
	heap_sift_up(self, i);
	heap_sift_down(self, last->heap_index);
}

static void
timer_update_ready_time(NfdRaTimer *self)
{
	g_source_set_ready_time(self->source, self->heap->len > 0 ? heap_at(self, 0)->due : -1);
}

static void
timer_schedule(NfdRaTimer *self, NfdRaTap *tap, gint64 due)
{
	if (due < 0) {
		heap_remove(self, tap);
	} else if (heap_contains(self, tap)) {
		tap->due = due;
		heap_sift_up(self, tap->heap_index);
		heap_sift_down(self, tap->heap_index);
	} else {
		tap->due = due;
		g_ptr_array_add(self->heap, tap);
		heap_sift_up(self, self->heap->len - 1);
	}
	tap->due = due;
	timer_update_ready_time(self);
}

static gboolean
nfd_ra_timer_dispatch(GSource *source, GSourceFunc callback, gpointer user_data)
{
	NfdRaTimer *self = ((NfdRaTimerSource *)source)->timer;
	gint64 now = g_source_get_time(source);

	for (guint n = 0; n < NFD_RA_TIMER_BURST && self->heap->len > 0; n++) {
		NfdRaTap *tap = heap_at(self, 0);
		if (tap->due > now)
			break;
		/* off the heap first: the fire function reschedules through nfd_ra_tap_rearm() */
		heap_remove(self, tap);
		tap->due = -1;
		self->func(tap, self->user_data);
	}
	timer_update_ready_time(self);
	return G_SOURCE_CONTINUE;
}

static GSourceFuncs nfd_ra_timer_source_funcs = {
    .dispatch = nfd_ra_timer_dispatch,
};

NfdRaTimer *
nfd_ra_timer_new(NfdRaTapFireFunc func, gpointer user_data)
{
	NfdRaTimer *self = g_new0(NfdRaTimer, 1);

	self->func = func;
	self->user_data = user_data;
	self->heap = g_ptr_array_new();
	self->source = g_source_new(&nfd_ra_timer_source_funcs, sizeof(NfdRaTimerSource));
	((NfdRaTimerSource *)self->source)->timer = self;
	g_source_set_name(self->source, "nfd-ra-timer");
	g_source_set_ready_time(self->source, -1);
	return self;
}

void
nfd_ra_timer_free(NfdRaTimer *self)
{
	if (self == NULL)
		return;
	g_source_destroy(self->source);
	g_source_unref(self->source);
	/* the taps themselves belong to the plugin's table; none is visited (heap_contains()) */
	g_ptr_array_unref(self->heap);
	g_free(self);
}

/* every tap off the heap at once, O(1): detaching them one by one re-sorted the heap each time,
 * and even visiting each (a reload stops an instance with 100,000 taps) touched every tap's
 * memory; a tap's heap_index is checked against the heap instead (heap_contains()) */
void
nfd_ra_timer_clear(NfdRaTimer *self)
{
	g_ptr_array_set_size(self->heap, 0);
	timer_update_ready_time(self);
}

guint
nfd_ra_timer_get_size(NfdRaTimer *self)
{
	return self->heap->len;
}

void
nfd_ra_tap_init(NfdRaTap *self, const gchar *name, NfdRaTimer *timer)
{
	memset(self, 0, sizeof(*self));
	/* a binding's tap name fits IFNAMSIZ (nfd_binding_get_tap()) */
	g_strlcpy(self->name, name, sizeof(self->name));
	self->timer = timer;
	self->due = -1;
	self->heap_index = G_MAXUINT;
}

NfdRaTap *
nfd_ra_tap_new(const gchar *name, NfdRaTimer *timer)
{
	NfdRaTap *self = g_new(NfdRaTap, 1);

	nfd_ra_tap_init(self, name, timer);
	return self;
}

void
nfd_ra_tap_clear(NfdRaTap *self)
{
	/* one off the heap only: after nfd_ra_timer_clear() it is on none */
	if (self->timer != NULL && heap_contains(self->timer, self))
		timer_schedule(self->timer, self, -1);
}

void
nfd_ra_tap_free(NfdRaTap *self)
{
	if (self == NULL)
		return;
	nfd_ra_tap_clear(self);
	g_free(self);
}

void
nfd_ra_tap_attach(NfdRaTap *self)
{
	if (g_source_get_context(self->timer->source) == NULL)
		g_source_attach(self->timer->source, NULL);
	nfd_ra_tap_rearm(self);
}

void
nfd_ra_tap_detach(NfdRaTap *self)
{
	timer_schedule(self->timer, self, -1);
}

void
nfd_ra_tap_rearm(NfdRaTap *self)
{
	timer_schedule(self->timer, self, self->sched.next_due);
}

void
nfd_ra_tap_set_prefix(NfdRaTap *self,
		      gboolean has_prefix,
		      const struct in6_addr *prefix,
		      guint prefix_len,
		      guint32 valid_lifetime,
		      gint64 now)
{
	gboolean same = has_prefix == self->has_cur_prefix &&
			(!has_prefix || (prefix_len == self->cur_prefix_len &&
					 memcmp(prefix, &self->cur_prefix, sizeof(*prefix)) == 0));

	if (has_prefix)
		self->finals_left = 0;
	if (same)
		return;
	/* RFC 9096 §3.5 / RFC 4861 §6.2.5: a prefix taken from the link is deprecated with
	 * lifetimes 0 while guests may still hold it (see nfd-ra-tap.h) */
	if (self->has_cur_prefix) {
		self->old_prefix = self->cur_prefix;
		self->old_prefix_len = self->cur_prefix_len;
		self->has_old_prefix = TRUE;
		self->old_prefix_until = valid_lifetime == G_MAXUINT32
					     ? G_MAXINT64
					     : now + (gint64)valid_lifetime * G_USEC_PER_SEC;
	}
	self->has_cur_prefix = has_prefix;
	if (has_prefix) {
		self->cur_prefix = *prefix;
		self->cur_prefix_len = prefix_len;
		/* the prefix is back: it is no longer stale */
		if (self->has_old_prefix && self->old_prefix_len == prefix_len &&
		    memcmp(prefix, &self->old_prefix, sizeof(*prefix)) == 0)
			self->has_old_prefix = FALSE;
	}
}

void
nfd_ra_tap_advertise(NfdRaTap *self,
		     const struct in6_addr *prefix,
		     guint prefix_len,
		     const NfdRaConfig *cfg,
		     gint64 now)
{
	/* RFC 4861 §6.2.4: a binding added or changed: the RA at once, then the fast ones */
	nfd_ra_tap_set_prefix(self, TRUE, prefix, prefix_len, cfg->valid_lifetime, now);
	nfd_ra_sched_reset(&self->sched, cfg->initial_ras, now);
}

gboolean
nfd_ra_tap_old_prefix_active(const NfdRaTap *self, gint64 now)
{
	return self->has_old_prefix && now < self->old_prefix_until;
}

void
nfd_ra_tap_withdraw(NfdRaTap *self, guint32 valid_lifetime, gint64 now)
{
	/* RFC 4861 §6.2.5: the tap stops advertising: a few final RAs with router lifetime 0
	 * and the lost prefix with lifetimes 0, the first at once (rate limit permitting), the
	 * rest like fast initial RAs */
	nfd_ra_tap_set_prefix(self, FALSE, NULL, 0, valid_lifetime, now);
	self->finals_left = NFD_RA_MAX_FINAL_RTR_ADVERTISEMENTS;
	nfd_ra_sched_reset(&self->sched, NFD_RA_MAX_FINAL_RTR_ADVERTISEMENTS, now);
}
