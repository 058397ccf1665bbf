/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdReply: a core-owned, fixed-size frame buffer a plugin fills with one reply.
 *
 * The plugin writes only the L4 payload (a DHCP message, or a whole ICMPv6 message with its
 * checksum field left zero) into nfd_reply_get_payload_buffer() and says how the frame is
 * addressed; the core writes the Ethernet, IP and UDP headers and all checksums, then injects
 * the frame on the binding's tap.  Nothing here allocates, so it can run per packet.
 */
#pragma once

#include <netinet/in.h>

#include "nfd-common.h"

G_BEGIN_DECLS

/* the largest L4 payload a reply can carry (an Ethernet MTU minus IPv6 and UDP headers) */
#define NFD_REPLY_PAYLOAD_MAX 1452

void
nfd_reply_set_ifindex(NfdReply *self, guint ifindex);
void
nfd_reply_set_eth(NfdReply *self, const guint8 *dst_mac, const guint8 *src_mac);
void
nfd_reply_set_ip4(NfdReply *self, const struct in_addr *src, const struct in_addr *dst, guint8 ttl);
void
nfd_reply_set_ip6(NfdReply *self,
		  const struct in6_addr *src,
		  const struct in6_addr *dst,
		  guint8 hop_limit,
		  guint8 traffic_class);
void
nfd_reply_set_udp(NfdReply *self, guint16 src_port, guint16 dst_port);
void
nfd_reply_set_icmp6(NfdReply *self);
guint8 *
nfd_reply_get_payload_buffer(NfdReply *self, gsize *capacity);
void
nfd_reply_set_payload_length(NfdReply *self, gsize len);

G_END_DECLS
