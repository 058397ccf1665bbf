/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target for the RS parser and the RA builder.  Input: octet 0 = IPv6 hop limit,
 * octet 1 bit 0 = checksum valid, bit 1 = source is ::, the rest = the ICMPv6 message.
 */
#include <stdint.h>
#include <string.h>

#include "nfd-ra-proto.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const guint8 mac[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x01};
	struct in6_addr src = {.s6_addr = {0xfe, 0x80, [15] = 1}};
	struct in6_addr dst;
	guint8 dst_mac[6];
	NfdRaConfig cfg;
	NfdRaParams p = {.router_mac = mac, .has_prefix = TRUE, .prefix_len = 64};
	NfdRaRs rs;
	guint8 buf[NFD_RA_MAX_LEN];

	if (size < 2)
		return 0;
	if (data[1] & 0x02)
		memset(&src, 0, sizeof(src));
	if (nfd_ra_rs_parse(data + 2, size - 2, data[0], data[1] & 0x01, &src, &rs) != NFD_RA_RS_OK)
		return 0;
	nfd_ra_rs_mac_ok(&rs, mac, mac, FALSE);
	nfd_ra_rs_reply_dest(&rs, &src, mac, &dst, dst_mac);
	nfd_ra_config_init_defaults(&cfg);
	/* let the parsed SLLA shape a prefix so the builder sees varied input */
	memcpy(p.prefix.s6_addr, rs.slla, 6);
	p.prefix_len = rs.slla[0] % 129;
	g_assert(nfd_ra_build(&cfg, &p, buf, sizeof(buf)) > 0);
	return 0;
}
