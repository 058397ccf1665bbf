/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdNdpSnoop: a fixed table of the addresses one VM defends, learnt from its DAD probes
 * (RFC 4862 §5.4.2).  Embedded in the per-tap state allocated when a binding appears; the
 * oldest entry is replaced when full, so a noisy VM cannot grow it.
 */
#pragma once

#include <netinet/in.h>

#include "nfd-common.h"

G_BEGIN_DECLS

#define NFD_NDP_SNOOP_MAX 16

typedef struct {
	struct in6_addr addrs[NFD_NDP_SNOOP_MAX];
	guint n;
	guint next; /* slot to overwrite when full */
} NfdNdpSnoop;

void
nfd_ndp_snoop_record(NfdNdpSnoop *self, const struct in6_addr *addr);
gboolean
nfd_ndp_snoop_contains(const NfdNdpSnoop *self, const struct in6_addr *addr);
void
nfd_ndp_snoop_dump(const NfdNdpSnoop *self, GString *out);

G_END_DECLS
