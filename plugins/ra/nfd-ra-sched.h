/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdRaSched: the pure per-tap timing of Router Advertisements (RFC 4861 §6.2.4-§6.2.6):
 * when the next unsolicited RA is due, the fast initial RAs, the jitter between
 * MinRtrAdvInterval and MaxRtrAdvInterval, and the MIN_DELAY_BETWEEN_RAS limit that turns a
 * burst of solicitations into one deferred multicast RA.  Times are monotonic microseconds,
 * randomness is passed in, so the tests drive it deterministically.
 */
#pragma once

#include "nfd-common.h"

G_BEGIN_DECLS

typedef struct {
	gint64 last_sent; /* 0 = never */
	gint64 next_due;  /* when the next unsolicited RA is sent */
	guint initial_left;
	gboolean pending_solicited;
} NfdRaSched;

void
nfd_ra_sched_reset(NfdRaSched *self, guint initial_ras, gint64 now);
gboolean
nfd_ra_sched_solicit(NfdRaSched *self, gint64 now);
void
nfd_ra_sched_sent_solicited(NfdRaSched *self, gint64 now);
void
nfd_ra_sched_sent_unsolicited(NfdRaSched *self,
			      guint min_interval,
			      guint max_interval,
			      guint32 rnd,
			      gint64 now);

G_END_DECLS
