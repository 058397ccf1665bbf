/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Core-only view of NfdReply: one preallocated frame buffer per queue (and one for unsolicited
 * sends).  The payload sits at a fixed offset with room in front for the largest headers
 * (Ethernet + IPv6 + UDP), so the headers are written in place without copying the payload.
 */
#pragma once

#include "nfd-proto-private.h"
#include "nfd-reply.h"

#define NFD_REPLY_HEADROOM (14 + 40 + 8)

struct _NfdReply {
	guint ifindex;
	guint8 eth_dst[6];
	guint8 eth_src[6];
	gint family;
	struct in_addr ip4_src;
	struct in_addr ip4_dst;
	guint8 ttl;
	struct in6_addr ip6_src;
	struct in6_addr ip6_dst;
	guint8 traffic_class;
	guint8 l4_proto;
	guint16 src_port;
	guint16 dst_port;
	gsize payload_len;
	guint16 ip_id;
	guint8 frame[NFD_REPLY_HEADROOM + NFD_REPLY_PAYLOAD_MAX];
};

void
nfd_reply_reset(NfdReply *self, guint ifindex, const guint8 *eth_dst, const guint8 *eth_src);
/* writes the headers and checksums; returns FALSE for an incomplete reply */
gboolean
nfd_reply_finish(NfdReply *self, const guint8 **frame, gsize *len, const gchar **why);
guint
nfd_reply_get_ifindex(const NfdReply *self);
