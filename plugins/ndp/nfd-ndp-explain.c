/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `nfdhcpctl explain TAP ndp` needs from the ndp plugin, pure code: the Neighbor
 * Solicitation a guest sends for its gateway, and a decoder of NS and NA messages (RFC 4861
 * §4.3, §4.4, §4.6.1; RFC 7527 nonce).  Every length is checked (fuzz-ndp.c feeds it).
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-ndp-explain.h"
#include "nfd-proto.h"

#define ND_NS 135
#define ND_NA 136

const gchar *const nfd_ndp_message_types[] = {"NS", "NA", NULL};

/* NfdNdpNsStatus (not OK), NfdNdpAction, then the plugin's own: see nfd-ndp-explain.h */
const gchar *const nfd_ndp_reasons[] = {"bad_hop_limit",
					"bad_checksum",
					"bad_type",
					"bad_code",
					"too_short",
					"multicast_target",
					"bad_option",
					"bad_source",
					"dad_not_solicited_node",
					"slla_from_unspecified",
					"dad_probe",
					"own_address",
					"spoofed",
					"no_subnet6",
					"not_ours",
					"router",
					"proxy",
					"dad_defence",
					"malformed",
					"unusable",
					NULL};

gsize
nfd_ndp_explain_ns(guint8 *buf, gsize cap, const struct in6_addr *target, const guint8 *mac)
{
	NfdWriter w;

	nfd_writer_init(&w, buf, cap);
	/* type, code, checksum (the core's), reserved, target */
	nfd_writer_u8(&w, ND_NS);
	nfd_writer_u8(&w, 0);
	nfd_writer_u16(&w, 0);
	nfd_writer_u32(&w, 0);
	nfd_writer_bytes(&w, target, 16);
	/* RFC 4861 §4.6.1: Source Link-Layer Address */
	nfd_writer_u8(&w, 1);
	nfd_writer_u8(&w, 1);
	nfd_writer_bytes(&w, mac, 6);
	return w.overflow ? 0 : w.len;
}

static void
decode_options(const guint8 *p, gsize n, NfdFields *out)
{
	NfdReader r;

	nfd_reader_init(&r, p, n);
	while (r.rem > 0) {
		const guint8 *opt = NULL;
		gsize olen = 0;

		if (!nfd_reader_nd_option(&r, &opt, &olen)) {
			nfd_fields_add(out, "options", "truncated or malformed");
			return;
		}
		if ((opt[0] == 1 || opt[0] == 2) && olen == 8) {
			nfd_fields_add(out,
				       opt[0] == 1 ? "source link-layer address"
						   : "target link-layer address",
				       "%02x:%02x:%02x:%02x:%02x:%02x",
				       opt[2],
				       opt[3],
				       opt[4],
				       opt[5],
				       opt[6],
				       opt[7]);
		} else if (opt[0] == 14) {
			/* RFC 7527 §3: the nonce */
			g_autoptr(GString) hex = g_string_new(NULL);
			for (gsize i = 2; i < olen; i++)
				g_string_append_printf(hex, "%02x", opt[i]);
			nfd_fields_add(out, "nonce", "%s", hex->str);
		} else {
			g_autofree gchar *name = g_strdup_printf("option %u", opt[0]);
			nfd_fields_add(out, name, "%" G_GSIZE_FORMAT " bytes", olen);
		}
	}
}

void
nfd_ndp_explain_decode(const guint8 *icmp, gsize len, NfdFields *out)
{
	gchar target[INET6_ADDRSTRLEN];

	if (icmp == NULL || len < 24 || (icmp[0] != ND_NS && icmp[0] != ND_NA)) {
		nfd_fields_add(out,
			       "icmpv6",
			       "not a neighbor solicitation or advertisement (%" G_GSIZE_FORMAT
			       " bytes)",
			       len);
		return;
	}
	nfd_fields_add(out,
		       "icmpv6 type",
		       "%s",
		       icmp[0] == ND_NS ? "135 neighbor solicitation"
					: "136 neighbor advertisement");
	if (icmp[0] == ND_NA) {
		/* RFC 4861 §4.4: R, S, O */
		nfd_fields_add(out, "router", "%s", (icmp[4] & 0x80) != 0 ? "yes" : "no");
		nfd_fields_add(out, "solicited", "%s", (icmp[4] & 0x40) != 0 ? "yes" : "no");
		nfd_fields_add(out, "override", "%s", (icmp[4] & 0x20) != 0 ? "yes" : "no");
	}
	nfd_fields_add(out, "target", "%s", inet_ntop(AF_INET6, icmp + 8, target, sizeof(target)));
	decode_options(icmp + 24, len - 24, out);
}
