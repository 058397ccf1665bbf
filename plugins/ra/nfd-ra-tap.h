/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdRaTap: the ra plugin's state for one tap, allocated when its binding appears so the
 * per-packet path never allocates: the RA schedule and the prefix to deprecate after a change.
 *
 * NfdRaTimer: one GSource for all taps, over a binary min-heap of their due times.  A GSource
 * per tap would make every main-loop iteration walk all of them (GLib prepares every source),
 * which at 65k taps costs more than the packets; here an iteration costs O(1) and a reschedule
 * O(log n), without allocating once the heap has grown to the number of taps.
 */
#pragma once

#include <netinet/in.h>

#include "nfd-ra-sched.h"

G_BEGIN_DECLS

typedef struct _NfdRaTap NfdRaTap;
typedef struct _NfdRaTimer NfdRaTimer;
typedef void (*NfdRaTapFireFunc)(NfdRaTap *tap, gpointer user_data);

struct _NfdRaTap {
	gchar *name;
	NfdRaSched sched;
	/* a prefix the binding lost, advertised with lifetime 0 in the next RAs */
	struct in6_addr old_prefix;
	guint old_prefix_len;
	guint old_prefix_left;
	/* the prefix advertised last, to notice a change */
	struct in6_addr cur_prefix;
	guint cur_prefix_len;
	gboolean has_cur_prefix;
	NfdRaTimer *timer;
	gint64 due;	  /* monotonic µs, or -1 when not scheduled */
	guint heap_index; /* position in the timer's heap, or G_MAXUINT */
};

NfdRaTimer *
nfd_ra_timer_new(NfdRaTapFireFunc func, gpointer user_data);
void
nfd_ra_timer_free(NfdRaTimer *self);
guint
nfd_ra_timer_get_size(NfdRaTimer *self);

NfdRaTap *
nfd_ra_tap_new(const gchar *name, NfdRaTimer *timer);
void
nfd_ra_tap_free(NfdRaTap *self);
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
		      guint repeat);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdRaTap, nfd_ra_tap_free)

G_END_DECLS
