/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writing one RA into a core NfdReply (solicited or unsolicited).
 */
#pragma once

#include "nfd-plugin.h"
#include "nfd-ra-explain.h"
#include "nfd-ra-proto.h"
#include "nfd-ra-tap.h"
#include "nfd-reply.h"
#include "nfd-tap-table.h"

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
		      NfdTapTable *taps,
		      NfdRaTimer *timer,
		      gboolean farewell);

/* answers the Router Solicitation in @packet for @binding into @reply (RFC 4861 §6.2.6); what
 * was decided goes to @reason (NfdRaReason).  @tap: the tap's schedule while the plugin is
 * started (a solicited RA too soon after the last is folded into the next multicast one), or
 * NULL.  A synthetic packet (explain) leaves the schedule alone. */
NfdVerdict
nfd_ra_reply_solicited(NfdPlugin *plugin,
		       const NfdRaConfig *cfg,
		       NfdRaTap *tap,
		       const NfdPacket *packet,
		       const NfdBinding *binding,
		       NfdReply *reply,
		       guint *reason);

/* SDK 1.1 explain: the RS the tap's guest sends (from the link-local address of @mac to
 * ff02::2, RFC 4861 §4.1, §6.3.7), and the decoder of RS and RA */
gboolean
nfd_ra_reply_explain_request(NfdPlugin *plugin,
			     const NfdBinding *binding,
			     const guint8 *mac,
			     const guint8 *request_list,
			     gsize request_list_len,
			     NfdReply *request,
			     GError **error);
void
nfd_ra_reply_explain_decode(NfdPlugin *plugin, const NfdPacket *packet, NfdFields *out);

G_END_DECLS
