/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdRaTap: the ra plugin's state for one tap, allocated when its binding appears so the
 * per-packet path never allocates: the RA schedule, the prefix to deprecate after a change,
 * and one GSource whose ready time is moved (g_source_set_ready_time, no allocation) whenever
 * the schedule changes.
 */
#pragma once

#include <netinet/in.h>

#include "nfd-ra-sched.h"

G_BEGIN_DECLS

typedef struct _NfdRaTap NfdRaTap;
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
	GSource *source;
	NfdRaTapFireFunc func;
	gpointer user_data;
};

NfdRaTap *
nfd_ra_tap_new(const gchar *name, NfdRaTapFireFunc func, gpointer user_data);
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
