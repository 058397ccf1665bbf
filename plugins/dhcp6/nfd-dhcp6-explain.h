/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dhcp6 plugin's part in the operator's tools (SDK 1.1): the names of what it handles and
 * decides (per-tap statistics and events), and `nfdhcpctl explain TAP dhcp6` (pure code in
 * nfd-dhcp6-explain.c; the SDK glue in nfd-dhcp6-plugin-explain.c).
 */
#pragma once

#include "nfd-dhcp6-proto.h"
#include "nfd-fields.h"

G_BEGIN_DECLS

/* reason codes: NfdDhcp6Drop + 1 ("reply" for none), then this one */
#define NFD_DHCP6_REASON_NO_IPV6 (NFD_DHCP6_DROP_UNICAST + 2)

extern const gchar *const nfd_dhcp6_message_types[];
extern const gchar *const nfd_dhcp6_reasons[];

/* a Solicit with a DUID-LL of @mac, one IA_NA and an Option Request of @oro (or a default);
 * 0 if it does not fit */
gsize
nfd_dhcp6_explain_solicit(guint8 *buf,
			  gsize cap,
			  const guint8 *mac,
			  const guint8 *oro,
			  gsize n_oro,
			  guint32 xid);
void
nfd_dhcp6_explain_decode(const guint8 *msg, gsize len, NfdFields *out);

G_END_DECLS
