/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writing one RA into a core NfdReply (solicited or unsolicited).
 */
#pragma once

#include "nfd-reply.h"
#include "nfd-ra-proto.h"
#include "nfd-ra-tap.h"

G_BEGIN_DECLS

/* builds the RA for @binding (with @tap's deprecated prefix, if any) into @reply, addressed
 * to @dst / @dst_mac from the router link-local and MAC; FALSE if it does not fit */
gboolean
nfd_ra_reply_fill(NfdReply *reply, const NfdRaConfig *cfg, const NfdBinding *binding,
		  const NfdRaTap *tap, NfdRaFarewell farewell, const struct in6_addr *dst,
		  const guint8 *dst_mac);

G_END_DECLS
