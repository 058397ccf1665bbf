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

/* @binding was removed (@removed), or lost SUBNET6: send the farewell, or start the final
 * RAs that deprecate the prefix (RFC 4861 §6.2.5); TRUE when @tap is done with */
gboolean
nfd_ra_reply_stop_tap(NfdPlugin *plugin,
		      const NfdRaConfig *cfg,
		      const NfdBinding *binding,
		      NfdRaTap *tap,
		      gboolean removed);

/* warns once (per binding change) about RA keys of @binding that cannot be used as they are:
 * MTU below 1280 (no MTU option), a bad PREF64 or CAPTIVE_PORTAL, a URI that does not fit */
void
nfd_ra_reply_check_binding(NfdPlugin *plugin, const NfdRaConfig *cfg, const NfdBinding *binding);

/* stops every tap of @taps (tap name -> NfdRaTap) on @timer, after a farewell RA with router
 * lifetime 0 (prefixes keep theirs, a restart follows) when @farewell */
void
nfd_ra_reply_stop_all(NfdPlugin *plugin,
		      const NfdRaConfig *cfg,
		      GHashTable *taps,
		      NfdRaTimer *timer,
		      gboolean farewell);

G_END_DECLS
