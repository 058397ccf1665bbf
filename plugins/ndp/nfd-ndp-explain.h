/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ndp plugin's part in the operator's tools (SDK 1.1): the names of what it handles and
 * decides (per-tap statistics and events), and `nfdhcpctl explain TAP ndp` (pure code in
 * nfd-ndp-explain.c, the NfdReply glue in nfd-ndp-reply.c).
 */
#pragma once

#include "nfd-fields.h"
#include "nfd-ndp-proto.h"

G_BEGIN_DECLS

#define NFD_NDP_TYPE_NS 1
#define NFD_NDP_TYPE_NA 2

/* reason codes: an NfdNdpNsStatus other than OK as it is, an NfdNdpAction at
 * NFD_NDP_REASON_ACTION + action, then these */
#define NFD_NDP_REASON_ACTION (NFD_NDP_NS_SLLA_FROM_UNSPECIFIED + 1)
#define NFD_NDP_REASON_MALFORMED (NFD_NDP_REASON_ACTION + NFD_NDP_ANSWER_DAD + 1)
#define NFD_NDP_REASON_UNUSABLE (NFD_NDP_REASON_MALFORMED + 1)

extern const gchar *const nfd_ndp_message_types[];
extern const gchar *const nfd_ndp_reasons[];

/* the NS a guest sends for @target from its link-local address (RFC 4861 §4.3, with a
 * Source Link-Layer Address option); 0 if it does not fit */
gsize
nfd_ndp_explain_ns(guint8 *buf, gsize cap, const struct in6_addr *target, const guint8 *mac);
/* an NS or NA, field by field */
void
nfd_ndp_explain_decode(const guint8 *icmp, gsize len, NfdFields *out);

G_END_DECLS
