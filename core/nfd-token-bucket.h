/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdTokenBucket: a rate (packets per second) and a burst, and the one test a packet passes or
 * fails against a bucket's state.  The dispatcher keeps one state per tap and plugin (in the
 * tap's statistics block, nfd-tap-stats.h) so that one guest's flood costs the daemon a table
 * lookup and a comparison per packet and never a parse, a reply or another tap's answers.
 *
 * The state is a single gint64: the generic cell rate algorithm's "theoretical arrival time"
 * (ITU-T I.371 virtual scheduling, the form of a token bucket that needs no token count), in
 * nanoseconds of the monotonic clock.  A bucket that has been idle long enough holds @burst
 * tokens; each packet takes one; tokens come back at @rate per second.  Eight bytes, like a
 * 32-bit token count and a 32-bit refill stamp, but exact, with nothing to refill and no
 * wrap-around to handle (2^63 ns is 292 years of uptime).  A state of 0 is a full bucket.
 */
#pragma once

#include <glib.h>

/* [general] rate-limit and rate-burst, the defaults (see nfd-general.c for why) and bounds */
#define NFD_RATE_LIMIT_DEFAULT 50
#define NFD_RATE_BURST_DEFAULT 200
#define NFD_RATE_LIMIT_MAX 100000
#define NFD_RATE_BURST_MAX 100000

typedef struct {
	guint rate;	     /* packets per second; 0: no limit */
	guint burst;	     /* packets at once from a full bucket */
	gint64 interval_ns;  /* between two packets at the rate */
	gint64 tolerance_ns; /* how far ahead of now the state may run: (burst - 1) intervals */
} NfdTokenBucket;

/* @rate 0 turns the limit off; @burst is at least 1 */
void
nfd_token_bucket_init(NfdTokenBucket *self, guint rate, guint burst);
gboolean
nfd_token_bucket_is_set(const NfdTokenBucket *self);
/* one packet at @now_us (monotonic, µs) against the bucket *@state: TRUE and a token taken, or
 * FALSE (over the limit) and *@state unchanged */
gboolean
nfd_token_bucket_take(const NfdTokenBucket *self, gint64 *state, gint64 now_us);
