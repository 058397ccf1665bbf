/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdTokenBucket (see nfd-token-bucket.h): GCRA's virtual scheduling.  The state is the time
 * at which the bucket would be full again if nothing more came (the theoretical arrival time
 * of the next packet at the rate).  A packet at @now conforms when that time is no more than
 * (burst - 1) intervals ahead of @now; it then moves the state one interval on.  From a full
 * bucket (state <= now) that admits exactly @burst packets at once, then one per interval.
 */
#include "nfd-token-bucket.h"

#define NFD_NSEC_PER_SEC G_GINT64_CONSTANT(1000000000)

void
nfd_token_bucket_init(NfdTokenBucket *self, guint rate, guint burst)
{
	self->rate = rate;
	self->burst = MAX(burst, 1);
	self->interval_ns = rate > 0 ? NFD_NSEC_PER_SEC / rate : 0;
	self->tolerance_ns = self->interval_ns * (gint64)(self->burst - 1);
}

gboolean
nfd_token_bucket_is_set(const NfdTokenBucket *self)
{
	return self->interval_ns > 0;
}

gboolean
nfd_token_bucket_take(const NfdTokenBucket *self, gint64 *state, gint64 now_us)
{
	gint64 now = now_us * 1000;
	gint64 tat = MAX(*state, now);

	if (self->interval_ns == 0)
		return TRUE;
	if (tat - now > self->tolerance_ns)
		return FALSE;
	*state = tat + self->interval_ns;
	return TRUE;
}
