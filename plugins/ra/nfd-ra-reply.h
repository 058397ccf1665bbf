/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writing one RA into a core NfdReply (solicited or unsolicited).
 */
#pragma once

#include "nfd-plugin.h"
#include "nfd-reply.h"
#include "nfd-ra-proto.h"
#include "nfd-ra-tap.h"

G_BEGIN_DECLS

/* builds the RA for @binding (with @tap's deprecated prefix, if any) into @reply, addressed
 * to @dst / @dst_mac from the router link-local and MAC; FALSE if it does not fit */
gboolean
nfd_ra_reply_fill(NfdReply *reply,
		  const NfdRaConfig *cfg,
		  const NfdBinding *binding,
		  const NfdRaTap *tap,
		  NfdRaFarewell farewell,
		  const struct in6_addr *dst,
		  const guint8 *dst_mac);

/* sends an unsolicited multicast RA to @binding's tap; a failure is logged at debug level */
void
nfd_ra_reply_send(NfdPlugin *plugin,
		  const NfdRaConfig *cfg,
		  const NfdBinding *binding,
		  const NfdRaTap *tap,
		  NfdRaFarewell farewell);

/* the tap's timer fired: send the periodic RA and schedule the next (RFC 4861 §6.2.4) */
void
nfd_ra_reply_periodic(NfdPlugin *plugin,
		      const NfdRaConfig *cfg,
		      const NfdBinding *binding,
		      NfdRaTap *tap);

/* stops every tap's timer in @taps (tap name -> NfdRaTap), after a farewell RA with router
 * lifetime 0 (prefixes keep theirs, a restart follows) when @farewell */
void
nfd_ra_reply_stop_all(NfdPlugin *plugin,
		      const NfdRaConfig *cfg,
		      GHashTable *taps,
		      gboolean farewell);

G_END_DECLS
