/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ndp plugin's answers written into core NfdReply frames: the NA for a Neighbor
 * Solicitation, and the explain hooks (SDK 1.1).  Module-only: it calls the core.
 */
#pragma once

#include "nfd-ndp-explain.h"
#include "nfd-plugin.h"

G_BEGIN_DECLS

/* answers the NS in @packet from @binding's tap into @reply (RFC 4861 §7.2.4); what was decided
 * goes to @reason (see nfd-ndp-explain.h) and the target to @target.  @snoop records the
 * addresses the VM probes by DAD, except for a synthetic packet (explain). */
NfdVerdict
nfd_ndp_reply_answer(NfdPlugin *plugin,
		     NfdNdpProxyMode proxy,
		     NfdNdpSnoop *snoop,
		     const NfdPacket *packet,
		     const NfdBinding *binding,
		     NfdReply *reply,
		     guint *reason,
		     struct in6_addr *target);

/* SDK 1.1 explain: the NS the tap's guest sends for GATEWAY6 (else the router link-local),
 * from its link-local address to the target's solicited-node group; the decoder of NS/NA */
gboolean
nfd_ndp_reply_explain_request(NfdPlugin *plugin,
			      const NfdBinding *binding,
			      const guint8 *mac,
			      const guint8 *request_list,
			      gsize request_list_len,
			      NfdReply *request,
			      GError **error);
void
nfd_ndp_reply_explain_decode(NfdPlugin *plugin, const NfdPacket *packet, NfdFields *out);

G_END_DECLS
