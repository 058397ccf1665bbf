/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The core's own protocol helpers (not part of the SDK): Internet checksums (RFC 1071) over
 * IPv4/IPv6 pseudo headers, which the core computes for every reply and verifies on queued
 * packets, and MAC text forms for configuration, bindings and logs.  Pure code, as nfd-proto.h.
 */
#pragma once

#include "nfd-proto.h"

/* "xx:xx:xx:xx:xx:xx" and its NUL */
#define NFD_MAC_STRLEN 18

guint32
nfd_proto_checksum_add(guint32 sum, const guint8 *data, gsize len);
guint16
nfd_proto_checksum_fold(guint32 sum);
guint16
nfd_proto_ip6_l4_checksum(const struct in6_addr *src,
			  const struct in6_addr *dst,
			  guint8 proto,
			  const guint8 *l4,
			  gsize len);
guint16
nfd_proto_ip4_l4_checksum(const struct in_addr *src,
			  const struct in_addr *dst,
			  guint8 proto,
			  const guint8 *l4,
			  gsize len);
gboolean
nfd_proto_mac_parse(const gchar *str, guint8 *mac);
void
nfd_proto_mac_format(const guint8 *mac, gchar *buf);
