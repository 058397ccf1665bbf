/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * RA timing per tap (see nfd-ra-sched.h).
 */
#include "nfd-ra-proto.h"
#include "nfd-ra-sched.h"

#define SEC G_USEC_PER_SEC

static gint64
earliest_allowed(const NfdRaSched *self, gint64 now)
{
	/* RFC 4861 §6.2.6: no more than one RA every MIN_DELAY_BETWEEN_RAS seconds */
	if (self->last_sent == 0)
		return now;
	return MAX(now, self->last_sent + NFD_RA_MIN_DELAY_BETWEEN_RAS * SEC);
}

void
nfd_ra_sched_reset(NfdRaSched *self, guint initial_ras, gint64 now)
{
	/* RFC 4861 §6.2.4: an interface becoming advertising (a binding appears or changes)
	 * sends at once, then up to MAX_INITIAL_RTR_ADVERTISEMENTS fast ones */
	self->initial_left = initial_ras;
	self->next_due = earliest_allowed(self, now);
}

gboolean
nfd_ra_sched_solicit(NfdRaSched *self, gint64 now)
{
	gint64 allowed = earliest_allowed(self, now);

	if (allowed <= now)
		return TRUE;
	/* RFC 4861 §6.2.6: too soon after the last RA: answer the burst with one multicast RA
	 * at the earliest allowed time (unless one is already due earlier) */
	self->pending_solicited = TRUE;
	if (self->next_due > allowed)
		self->next_due = allowed;
	return FALSE;
}

void
nfd_ra_sched_sent_solicited(NfdRaSched *self, gint64 now)
{
	/* a unicast reply does not reset the periodic timer (RFC 4861 §6.2.6 resets it only for
	 * multicast), but it counts for the rate limit of this one-host link */
	self->last_sent = now;
}

void
nfd_ra_sched_sent_unsolicited(NfdRaSched *self,
			      guint min_interval,
			      guint max_interval,
			      guint32 rnd,
			      gint64 now)
{
	gint64 span_ms = ((gint64)max_interval - (gint64)min_interval) * 1000;
	gint64 interval;

	self->last_sent = now;
	self->pending_solicited = FALSE;
	/* RFC 4861 §6.2.4: uniformly distributed between MinRtrAdvInterval and
	 * MaxRtrAdvInterval (millisecond granularity) */
	interval =
	    (gint64)min_interval * SEC + (span_ms > 0 ? (gint64)(rnd % (span_ms + 1)) : 0) * 1000;
	if (self->initial_left > 0)
		self->initial_left--;
	/* RFC 4861 §6.2.4: while initial RAs remain, at most MAX_INITIAL_RTR_ADVERT_INTERVAL */
	if (self->initial_left > 0)
		interval = MIN(interval, (gint64)NFD_RA_MAX_INITIAL_RTR_ADVERT_INT * SEC);
	self->next_due = now + interval;
}
