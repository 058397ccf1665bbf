/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `nfdhcpctl explain TAP ra` needs from the ra plugin, pure code: the Router
 * Solicitation a guest sends (RFC 4861 §4.1, with its Source Link-Layer Address option), and
 * a decoder that shows an RS or RA field by field and option by option (RFC 4861 §4.2, §4.6;
 * RFC 4191 §2.3; RFC 8106 §5; RFC 8781 §4; RFC 8910 §2.3).  Every length is checked: it
 * decodes the plugin's own RAs, but fuzz-ra.c feeds it every input as well.
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-proto.h"
#include "nfd-ra-explain.h"

#define ND_RS 133
#define ND_RA 134

const gchar *const nfd_ra_message_types[] = {"RS", "RA", NULL};

/* NfdRaReason's names, code N at N - 1: the RS statuses of nfd_ra_rs_parse(), then ours */
const gchar *const nfd_ra_reasons[] = {"reply",
				       "bad_hop_limit",
				       "bad_checksum",
				       "bad_type",
				       "bad_code",
				       "too_short",
				       "bad_option",
				       "slla_from_unspecified",
				       "bad_source",
				       "no_subnet6",
				       "spoofed",
				       "coalesced",
				       "unusable",
				       "malformed",
				       NULL};

gsize
nfd_ra_explain_rs(guint8 *buf, gsize cap, const guint8 *mac)
{
	NfdWriter w;

	nfd_writer_init(&w, buf, cap);
	/* type, code, checksum (the core's), reserved */
	nfd_writer_u8(&w, ND_RS);
	nfd_writer_u8(&w, 0);
	nfd_writer_u16(&w, 0);
	nfd_writer_u32(&w, 0);
	/* RFC 4861 §4.6.1: Source Link-Layer Address, length 1 (8 octets) */
	nfd_writer_u8(&w, 1);
	nfd_writer_u8(&w, 1);
	nfd_writer_bytes(&w, mac, 6);
	return w.overflow ? 0 : w.len;
}

static guint32
be32(const guint8 *p)
{
	return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

static const gchar *
preference(guint bits)
{
	/* RFC 4191 §2.1 */
	switch (bits & 3) {
	case 1:
		return "high";
	case 3:
		return "low";
	case 2:
		return "reserved";
	default:
		return "medium";
	}
}

/* RFC 4861 §4.6.2 */
static gboolean
decode_pio(const guint8 *p, gsize n, NfdFields *out)
{
	gchar pfx[INET6_ADDRSTRLEN + 8];
	gchar addr[INET6_ADDRSTRLEN];

	if (n != 32)
		return FALSE;
	g_snprintf(pfx,
		   sizeof(pfx),
		   "%s/%u",
		   inet_ntop(AF_INET6, p + 16, addr, sizeof(addr)),
		   p[2]);
	nfd_fields_add(out, "prefix", "%s", pfx);
	nfd_fields_add(out,
		       "prefix flags",
		       "%s%s%s",
		       (p[3] & 0x80) != 0 ? "on-link " : "",
		       (p[3] & 0x40) != 0 ? "autonomous " : "",
		       (p[3] & 0x20) != 0 ? "router-address" : "");
	nfd_fields_add(out, "prefix valid lifetime", "%u", be32(p + 4));
	nfd_fields_add(out, "prefix preferred lifetime", "%u", be32(p + 8));
	return TRUE;
}

/* RFC 4191 §2.3: the prefix takes 0, 8 or 16 octets */
static gboolean
decode_rio(const guint8 *p, gsize n, NfdFields *out)
{
	guint8 prefix[16] = {0};
	gchar addr[INET6_ADDRSTRLEN];

	if (n < 8 || p[2] > 128 || n - 8 > 16)
		return FALSE;
	memcpy(prefix, p + 8, n - 8);
	nfd_fields_add(out,
		       "route",
		       "%s/%u preference %s lifetime %u",
		       inet_ntop(AF_INET6, prefix, addr, sizeof(addr)),
		       p[2],
		       preference(p[3] >> 3),
		       be32(p + 4));
	return TRUE;
}

/* RFC 8106 §5.1 */
static gboolean
decode_rdnss(const guint8 *p, gsize n, NfdFields *out)
{
	g_autoptr(GString) list = g_string_new(NULL);

	if (n < 24 || (n - 8) % 16 != 0)
		return FALSE;
	for (gsize i = 8; i < n; i += 16) {
		gchar addr[INET6_ADDRSTRLEN];
		g_string_append_printf(list,
				       "%s%s",
				       list->len > 0 ? ", " : "",
				       inet_ntop(AF_INET6, p + i, addr, sizeof(addr)));
	}
	nfd_fields_add(out, "rdnss", "%s", list->str);
	nfd_fields_add(out, "rdnss lifetime", "%u", be32(p + 4));
	return TRUE;
}

/* RFC 8106 §5.2: names, padded with zero octets to the option's end */
static gboolean
decode_dnssl(const guint8 *p, gsize n, NfdFields *out)
{
	g_autoptr(GString) list = g_string_new(NULL);
	gsize end = n;

	if (n < 16)
		return FALSE;
	while (end > 8 && p[end - 1] == 0 && p[end - 2] == 0)
		end--;
	if (!nfd_proto_dns_decode_list(p + 8, end - 8, FALSE, list))
		return FALSE;
	nfd_fields_add(out, "dnssl", "%s", list->str);
	nfd_fields_add(out, "dnssl lifetime", "%u", be32(p + 4));
	return TRUE;
}

/* RFC 8781 §4: scaled lifetime (13 bits, units of 8 s), PLC (3 bits), 96 bits of prefix */
static gboolean
decode_pref64(const guint8 *p, gsize n, NfdFields *out)
{
	static const guint lens[] = {96, 64, 56, 48, 40, 32};
	guint8 prefix[16] = {0};
	guint16 v;
	gchar addr[INET6_ADDRSTRLEN];

	if (n != 16)
		return FALSE;
	v = (guint16)(p[2] << 8 | p[3]);
	if ((v & 7) >= G_N_ELEMENTS(lens))
		return FALSE;
	memcpy(prefix, p + 4, 12);
	nfd_fields_add(out,
		       "pref64",
		       "%s/%u lifetime %u",
		       inet_ntop(AF_INET6, prefix, addr, sizeof(addr)),
		       lens[v & 7],
		       (guint)(v >> 3) * 8u);
	return TRUE;
}

static gboolean
decode_option(guint8 type, const guint8 *p, gsize n, NfdFields *out)
{
	switch (type) {
	case 1:
	case 2:
		if (n != 8)
			return FALSE;
		nfd_fields_add(out,
			       type == 1 ? "source link-layer address"
					 : "target link-layer address",
			       "%02x:%02x:%02x:%02x:%02x:%02x",
			       p[2],
			       p[3],
			       p[4],
			       p[5],
			       p[6],
			       p[7]);
		return TRUE;
	case 3:
		return decode_pio(p, n, out);
	case 5:
		if (n != 8)
			return FALSE;
		nfd_fields_add(out, "mtu", "%u", be32(p + 4));
		return TRUE;
	case 24:
		return decode_rio(p, n, out);
	case 25:
		return decode_rdnss(p, n, out);
	case 31:
		return decode_dnssl(p, n, out);
	case 37: {
		/* RFC 8910 §2.3: the URI, padded with NULs */
		gsize len = 2;
		while (len < n && p[len] != 0)
			len++;
		nfd_fields_add(out,
			       "captive portal",
			       "%.*s",
			       (gint)(len - 2),
			       (const gchar *)p + 2);
		return TRUE;
	}
	case 38:
		return decode_pref64(p, n, out);
	default:
		return FALSE;
	}
}

static void
decode_options(const guint8 *p, gsize n, NfdFields *out)
{
	NfdReader r;

	nfd_reader_init(&r, p, n);
	while (r.rem > 0) {
		const guint8 *opt = NULL;
		gsize olen = 0;

		/* RFC 4861 §4.6: length in units of 8 octets, never 0 */
		if (!nfd_reader_nd_option(&r, &opt, &olen)) {
			nfd_fields_add(out, "options", "truncated or malformed");
			return;
		}
		if (!decode_option(opt[0], opt, olen, out)) {
			g_autofree gchar *name = g_strdup_printf("option %u", opt[0]);
			g_autoptr(GString) hex = g_string_new(NULL);
			for (gsize i = 2; i < olen; i++)
				g_string_append_printf(hex, "%s%02x", i > 2 ? ":" : "", opt[i]);
			nfd_fields_add(out, name, "%s", hex->str);
		}
	}
}

void
nfd_ra_explain_decode(const guint8 *icmp, gsize len, NfdFields *out)
{
	if (icmp == NULL || len < 8) {
		nfd_fields_add(out, "icmpv6", "truncated: %" G_GSIZE_FORMAT " bytes", len);
		return;
	}
	if (icmp[0] == ND_RS) {
		nfd_fields_add(out, "icmpv6 type", "133 router solicitation");
		decode_options(icmp + 8, len - 8, out);
		return;
	}
	if (icmp[0] != ND_RA || len < 16) {
		nfd_fields_add(out, "icmpv6 type", "%u", icmp[0]);
		return;
	}
	/* RFC 4861 §4.2, RFC 4191 §2.2 */
	nfd_fields_add(out, "icmpv6 type", "134 router advertisement");
	nfd_fields_add(out, "cur hop limit", "%u", icmp[4]);
	nfd_fields_add(out, "managed", "%s", (icmp[5] & 0x80) != 0 ? "yes" : "no");
	nfd_fields_add(out, "other", "%s", (icmp[5] & 0x40) != 0 ? "yes" : "no");
	nfd_fields_add(out, "router preference", "%s", preference(icmp[5] >> 3));
	nfd_fields_add(out, "router lifetime", "%u", (guint)(icmp[6] << 8 | icmp[7]));
	nfd_fields_add(out, "reachable time", "%u", be32(icmp + 8));
	nfd_fields_add(out, "retrans timer", "%u", be32(icmp + 12));
	decode_options(icmp + 16, len - 16, out);
}
