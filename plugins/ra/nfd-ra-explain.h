/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ra plugin's part in the operator's tools (SDK 1.1): the names of what it handles and
 * decides (per-tap statistics and events), and `nfdhcpctl explain TAP ra` (pure code in
 * nfd-ra-explain.c, the NfdReply glue in nfd-ra-reply.c).
 */
#pragma once

#include "nfd-fields.h"
#include "nfd-ra-proto.h"

G_BEGIN_DECLS

/* message type codes of the descriptor's table */
#define NFD_RA_TYPE_RS 1
#define NFD_RA_TYPE_RA 2

/* the outcome of a Router Solicitation: an NfdRaRsStatus + 1, then the plugin's own */
typedef enum {
	NFD_RA_REASON_REPLY = NFD_RA_RS_OK + 1,
	NFD_RA_REASON_NO_SUBNET6 = NFD_RA_RS_BAD_SOURCE + 2,
	NFD_RA_REASON_SPOOFED,
	NFD_RA_REASON_COALESCED,
	NFD_RA_REASON_UNUSABLE,
	NFD_RA_REASON_MALFORMED,
} NfdRaReason;

extern const gchar *const nfd_ra_message_types[];
extern const gchar *const nfd_ra_reasons[];

/* the RS a guest sends: ICMPv6 type 133 with a Source Link-Layer Address; 0 if it does not
 * fit */
gsize
nfd_ra_explain_rs(guint8 *buf, gsize cap, const guint8 *mac);
void
nfd_ra_explain_decode(const guint8 *icmp, gsize len, NfdFields *out);

G_END_DECLS
