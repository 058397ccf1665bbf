/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pure Neighbor Solicitation / Neighbor Advertisement code of the ndp plugin: NS validation
 * (RFC 4861 §7.1.1), the decision what to do with a valid NS from a VM (answer for the
 * gateway and, on routed taps, as a proxy for the rest of SUBNET6; defend the router's own
 * addresses against DAD; hand everything else to the kernel), how the NA is addressed, and the
 * byte-exact NA builder (RFC 4861 §4.4, §7.2.4).  No allocation, no sockets, no main loop.
 */
#pragma once

#include <netinet/in.h>

#include "nfd-binding.h"
#include "nfd-common.h"
#include "nfd-ndp-snoop.h"

G_BEGIN_DECLS

typedef enum {
	NFD_NDP_NS_OK,
	NFD_NDP_NS_BAD_HOP_LIMIT,
	NFD_NDP_NS_BAD_CHECKSUM,
	NFD_NDP_NS_BAD_TYPE,
	NFD_NDP_NS_BAD_CODE,
	NFD_NDP_NS_TOO_SHORT,
	NFD_NDP_NS_MULTICAST_TARGET,
	NFD_NDP_NS_BAD_OPTION,
	NFD_NDP_NS_BAD_SOURCE,
	NFD_NDP_NS_DAD_NOT_SOLICITED_NODE,
	NFD_NDP_NS_SLLA_FROM_UNSPECIFIED,
} NfdNdpNsStatus;

typedef struct {
	struct in6_addr target;
	gboolean dad; /* source :: (RFC 4862 §5.4.2) */
	gboolean has_slla;
	guint8 slla[6];
	gboolean has_nonce; /* RFC 7527 */
} NfdNdpNs;

/* [ndp] proxy: for which taps the plugin answers as a proxy for the rest of SUBNET6 */
typedef enum {
	NFD_NDP_PROXY_AUTO, /* routed taps yes (the original's behaviour), bridged taps no */
	NFD_NDP_PROXY_YES,  /* every tap (legacy proxy = true) */
	NFD_NDP_PROXY_NO,   /* no tap: only GATEWAY6 and the router link-local */
} NfdNdpProxyMode;

/* what the plugin knows about the tap an NS came from */
typedef struct {
	const guint8 *binding_mac;
	gboolean macspoof;
	gboolean has_subnet6;
	struct in6_addr subnet6;
	guint prefix_len;
	gboolean has_gateway6;
	struct in6_addr gateway6;
	struct in6_addr router_ll;
	gboolean has_eui64; /* EUI64 key, else SUBNET6 + EUI-64 of MAC */
	struct in6_addr eui64;
	struct in6_addr vm_ll; /* fe80:: + EUI-64 of the binding MAC */
	const NfdNdpSnoop *snoop;
	gboolean proxy; /* answer for the rest of SUBNET6 (nfd_ndp_proxy_enabled()) */
} NfdNdpContext;

/* every action but DROP_SPOOFED and the ANSWER_* ones gives the NS back to the kernel, which
 * may still answer it (proxy_ndp entries, the host's own addresses) or bridge it */
typedef enum {
	NFD_NDP_ACCEPT_DAD,	   /* a DAD probe for another address: never answered, snooped */
	NFD_NDP_ACCEPT_OWN,	   /* the VM asks about its own address */
	NFD_NDP_DROP_SPOOFED,	   /* link-layer address is not the binding's */
	NFD_NDP_ACCEPT_NO_SUBNET6, /* no IPv6 service on this tap */
	NFD_NDP_ACCEPT_NOT_OURS,   /* a target we do not answer for */
	NFD_NDP_ANSWER_ROUTER,	   /* GATEWAY6 or the router link-local: NA R=1 S=1 O=1 */
	NFD_NDP_ANSWER_PROXY,	   /* another address inside SUBNET6: NA R=0 S=1 O=0 */
	NFD_NDP_ANSWER_DAD,	   /* a DAD probe for GATEWAY6 / the router link-local: defend */
} NfdNdpAction;

/* what goes into the NA of an ANSWER_* action (RFC 4861 §4.4, §7.2.4) */
typedef struct {
	gboolean router;
	gboolean solicited;
	gboolean override;
	struct in6_addr src; /* IPv6 source */
	struct in6_addr dst; /* IPv6 destination */
	guint8 dst_mac[6];
} NfdNdpNaAddressing;

NfdNdpNsStatus
nfd_ndp_ns_parse(const guint8 *icmp,
		 gsize len,
		 guint8 hop_limit,
		 gboolean checksum_ok,
		 const struct in6_addr *src,
		 const struct in6_addr *dst,
		 NfdNdpNs *out);
const gchar *
nfd_ndp_ns_status_to_string(NfdNdpNsStatus status);
gboolean
nfd_ndp_proxy_mode_parse(const gchar *str, NfdNdpProxyMode *out);
gboolean
nfd_ndp_proxy_enabled(NfdNdpProxyMode mode, gboolean bridged);
void
nfd_ndp_context_from_binding(NfdNdpContext *ctx,
			     const NfdBinding *binding,
			     const NfdNdpSnoop *snoop,
			     gboolean proxy);
NfdNdpAction
nfd_ndp_decide(const NfdNdpNs *ns, const guint8 *packet_mac, const NfdNdpContext *ctx);
const gchar *
nfd_ndp_action_to_string(NfdNdpAction action);
gboolean
nfd_ndp_action_is_answer(NfdNdpAction action);
void
nfd_ndp_na_addressing(NfdNdpAction action,
		      const NfdNdpNs *ns,
		      const struct in6_addr *ns_src,
		      const guint8 *packet_mac,
		      const NfdNdpContext *ctx,
		      NfdNdpNaAddressing *out);
gssize
nfd_ndp_build_na(const struct in6_addr *target,
		 const guint8 *tlla,
		 gboolean router,
		 gboolean solicited,
		 gboolean override,
		 guint8 *buf,
		 gsize cap);

G_END_DECLS
