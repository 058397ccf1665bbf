/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target for the RS parser and the RA builder.  Input: octet 0 = IPv6 hop limit,
 * octet 1 bit 0 = checksum valid, bit 1 = source is ::, the rest = the ICMPv6 message.  The
 * parsed SLLA shapes the RA: octet 0 the prefix length, octet 1 bit 0 a PREF64 of length
 * code octet 2 % 6, bit 1 a captive-portal URI of octet 3 octets, bit 2 the MTU octet 4 * 8,
 * bit 3 the removed-binding farewell, bit 4 a deprecated prefix.  The explain decoder reads the
 * ICMPv6 message and every RA built; an RA of ours must decode without a malformed option.
 */
#include <stdint.h>
#include <string.h>

#include "nfd-fields-private.h"
#include "nfd-ra-explain.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const guint8 mac[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x01};
	static const guint8 pref64_lens[6] = {32, 40, 48, 56, 64, 96};
	struct in6_addr src = {.s6_addr = {0xfe, 0x80, [15] = 1}};
	struct in6_addr dst;
	guint8 dst_mac[6];
	NfdRaConfig cfg;
	NfdRaParams p = {.router_mac = mac, .has_prefix = TRUE, .prefix_len = 64};
	NfdRaRs rs;
	gchar uri[NFD_RA_CAPTIVE_PORTAL_MAX + 1];
	guint8 buf[NFD_RA_MAX_LEN];
	gssize n;
	g_autoptr(NfdFields) in = nfd_fields_new();
	g_autoptr(NfdFields) out = nfd_fields_new();
	g_autoptr(GString) text = g_string_new(NULL);

	if (size < 2)
		return 0;
	nfd_ra_explain_decode(data + 2, size - 2, in);
	if (data[1] & 0x02)
		memset(&src, 0, sizeof(src));
	if (nfd_ra_rs_parse(data + 2, size - 2, data[0], data[1] & 0x01, &src, &rs) != NFD_RA_RS_OK)
		return 0;
	nfd_ra_rs_mac_ok(&rs, mac, mac, FALSE);
	nfd_ra_rs_reply_dest(&rs, &src, mac, &dst, dst_mac);
	nfd_ra_config_init_defaults(&cfg);
	/* let the parsed SLLA shape the RA so the builder sees varied input */
	memcpy(p.prefix.s6_addr, rs.slla, 6);
	p.prefix_len = rs.slla[0] % 129;
	p.has_pref64 = (rs.slla[1] & 0x01) != 0;
	p.pref64_len = pref64_lens[rs.slla[2] % 6];
	memcpy(p.pref64.s6_addr, rs.slla, 6);
	if (rs.slla[1] & 0x02) {
		memset(uri, 'u', sizeof(uri));
		uri[rs.slla[3]] = '\0';
		p.captive_portal = uri;
	}
	if (rs.slla[1] & 0x04)
		p.mtu = rs.slla[4] * 8u;
	if (rs.slla[1] & 0x08)
		p.farewell = NFD_RA_FAREWELL_REMOVED;
	p.has_old_prefix = (rs.slla[1] & 0x10) != 0;
	n = nfd_ra_build(&cfg, &p, buf, sizeof(buf));
	g_assert(n > 0 && n <= NFD_RA_MAX_LEN);
	/* RFC 8200 §5: never an MTU option below 1280 */
	for (gssize off = 16; off + 8 <= n && buf[off + 1] != 0; off += buf[off + 1] * 8)
		g_assert(buf[off] != 5 ||
			 ((guint32)buf[off + 4] << 24 | (guint32)buf[off + 5] << 16 |
			  (guint32)buf[off + 6] << 8 | buf[off + 7]) >= NFD_RA_MIN_MTU);
	nfd_ra_explain_decode(buf, (gsize)n, out);
	nfd_fields_to_text(out, "", text);
	g_assert(strstr(text->str, "malformed") == NULL && strstr(text->str, "option ") == NULL);
	return 0;
}
