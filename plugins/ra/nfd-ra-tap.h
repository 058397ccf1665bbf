/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdRaTap: the ra plugin's state for one tap, allocated when its binding appears so the
 * per-packet path never allocates: the RA schedule, the prefix to deprecate after a change
 * and the final RAs after SUBNET6 was removed.
 *
 * How long a lost prefix is deprecated: a guest that misses an RA keeps its address until the
 * lifetimes it last heard run out (RFC 4861 §12), so RFC 9096 §3.5 has a router advertise a
 * stale prefix with Valid and Preferred Lifetime 0 in its subsequent RAs for as long as
 * guests may still hold it.  Here that is the valid-lifetime the prefix was advertised with
 * (a day by default), counted from the change, in every RA of the tap (solicited or not): a
 * guest that was paused or missed the first RAs still gives the address up at its next RA.
 * One slot per tap: a second change within that time replaces it.  A tap that stops
 * advertising (SUBNET6 removed) sends MAX_FINAL_RTR_ADVERTISEMENTS final RAs (RFC 4861
 * §6.2.5) carrying it, then none.
 *
 * NfdRaTimer: one GSource for all taps, over a binary min-heap of their due times.  A GSource
 * per tap would make every main-loop iteration walk all of them (GLib prepares every source),
 * which at 65k taps costs more than the packets; here an iteration costs O(1) and a reschedule
 * O(log n), without allocating once the heap has grown to the number of taps.  Clearing the
 * heap (a reload stops the old instance) and freeing the timer are O(1): a tap is on the heap
 * only if the heap holds it at its heap_index, so no tap needs to be visited (issue 16).
 */
#pragma once

#include <net/if.h>
#include <netinet/in.h>

#include "nfd-ra-proto.h"
#include "nfd-ra-sched.h"

G_BEGIN_DECLS

typedef struct _NfdRaTap NfdRaTap;
typedef struct _NfdRaTimer NfdRaTimer;
typedef void (*NfdRaTapFireFunc)(NfdRaTap *tap, gpointer user_data);

struct _NfdRaTap {
	gchar name[IFNAMSIZ]; /* inline: a table of 100,000 taps frees without a walk */
	NfdRaSched sched;
	/* a prefix the binding lost, advertised with lifetimes 0 until old_prefix_until */
	struct in6_addr old_prefix;
	guint old_prefix_len;
	gboolean has_old_prefix;
	gint64 old_prefix_until; /* monotonic µs */
	guint finals_left;	 /* final RAs still to send after SUBNET6 was removed */
	/* the prefix advertised last, to notice a change */
	struct in6_addr cur_prefix;
	guint cur_prefix_len;
	gboolean has_cur_prefix;
	NfdRaTimer *timer;
	gint64 due;	  /* monotonic µs, or -1 when not scheduled */
	guint heap_index; /* position in the timer's heap, valid only if the heap has @self there */
};

NfdRaTimer *
nfd_ra_timer_new(NfdRaTapFireFunc func, gpointer user_data);
void
nfd_ra_timer_free(NfdRaTimer *self);
/* takes every tap off the timer (none fires until attached again) */
void
nfd_ra_timer_clear(NfdRaTimer *self);
guint
nfd_ra_timer_get_size(NfdRaTimer *self);

NfdRaTap *
nfd_ra_tap_new(const gchar *name, NfdRaTimer *timer);
void
nfd_ra_tap_free(NfdRaTap *self);
/* the same in memory the caller holds (the plugin's NfdTapTable) */
void
nfd_ra_tap_init(NfdRaTap *self, const gchar *name, NfdRaTimer *timer);
void
nfd_ra_tap_clear(NfdRaTap *self);
void
nfd_ra_tap_attach(NfdRaTap *self);
void
nfd_ra_tap_detach(NfdRaTap *self);
void
nfd_ra_tap_rearm(NfdRaTap *self);
void
nfd_ra_tap_set_prefix(NfdRaTap *self,
		      gboolean has_prefix,
		      const struct in6_addr *prefix,
		      guint prefix_len,
		      guint32 valid_lifetime,
		      gint64 now);
void
nfd_ra_tap_advertise(NfdRaTap *self,
		     const struct in6_addr *prefix,
		     guint prefix_len,
		     const NfdRaConfig *cfg,
		     gint64 now);
gboolean
nfd_ra_tap_old_prefix_active(const NfdRaTap *self, gint64 now);
void
nfd_ra_tap_withdraw(NfdRaTap *self, guint32 valid_lifetime, gint64 now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdRaTap, nfd_ra_tap_free)

G_END_DECLS
