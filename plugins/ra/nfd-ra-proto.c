/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Router Solicitation parsing and Router Advertisement building for the ra plugin (see
 * nfd-ra-proto.h).  Untrusted bytes are read only through NfdReader, replies are written only
 * through NfdWriter into the caller's fixed buffer.
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-binding.h"
#include "nfd-proto.h"
#include "nfd-ra-proto.h"

#define ICMP6_RS 133
#define ICMP6_RA 134
#define OPT_SLLA 1
#define OPT_PIO 3
#define OPT_MTU 5
#define OPT_RIO 24
#define OPT_RDNSS 25
#define OPT_DNSSL 31
#define OPT_CAPTIVE_PORTAL 37
#define OPT_PREF64 38

void
nfd_ra_config_init_defaults(NfdRaConfig *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mode = NFD_RA_MODE_SLAAC;
	/* RFC 4861 §6.2.1: MaxRtrAdvInterval 600, MinRtrAdvInterval 0.33 * max */
	cfg->max_interval = 600;
	cfg->min_interval = 200;
	/* RFC 4861 §6.2.1: AdvDefaultLifetime 3 * MaxRtrAdvInterval */
	cfg->router_lifetime = 1800;
	cfg->preference = NFD_RA_PREF_MEDIUM;
	/* RFC 4861 §6.2.1: AdvValidLifetime 30 days is radvd's; we use a day and 4 hours so a
	 * prefix moved away from a VM dies within a day */
	cfg->valid_lifetime = 86400;
	cfg->preferred_lifetime = 14400;
	/* RFC 8106 §5.1: at least 3 * MaxRtrAdvInterval */
	cfg->rdnss_lifetime = 1800;
	cfg->dnssl_lifetime = 1800;
	cfg->route_lifetime = 1800;
	/* RFC 4861 §10: MAX_INITIAL_RTR_ADVERTISEMENTS */
	cfg->initial_ras = 3;
}

gboolean
nfd_ra_mode_parse(const gchar *str, NfdRaMode *out)
{
	if (g_strcmp0(str, "slaac") == 0)
		*out = NFD_RA_MODE_SLAAC;
	else if (g_strcmp0(str, "slaac+dhcpv6") == 0)
		*out = NFD_RA_MODE_SLAAC_DHCPV6;
	else if (g_strcmp0(str, "dhcpv6") == 0)
		*out = NFD_RA_MODE_DHCPV6;
	else
		return FALSE;
	return TRUE;
}

gboolean
nfd_ra_preference_parse(const gchar *str, guint8 *out)
{
	/* RFC 4191 §2.1: 01 high, 00 medium, 11 low; 10 is reserved and never sent */
	if (g_strcmp0(str, "high") == 0)
		*out = NFD_RA_PREF_HIGH;
	else if (g_strcmp0(str, "medium") == 0)
		*out = NFD_RA_PREF_MEDIUM;
	else if (g_strcmp0(str, "low") == 0)
		*out = NFD_RA_PREF_LOW;
	else
		return FALSE;
	return TRUE;
}

gboolean
nfd_ra_route_parse(const gchar *str, NfdRaRoute *out)
{
	g_autofree gchar *copy = NULL;
	g_auto(GStrv) words = NULL;
	g_autofree gchar *addr = NULL;
	const gchar *slash;
	guint64 len = 0;
	guint n = 0;
	gchar *words_ok[2] = {NULL, NULL};

	if (str == NULL)
		return FALSE;
	copy = g_strstrip(g_strdup(str));
	words = g_strsplit_set(copy, " \t", -1);
	for (guint i = 0; words[i] != NULL; i++) {
		if (words[i][0] == '\0')
			continue;
		if (n >= 2)
			return FALSE;
		words_ok[n++] = words[i];
	}
	if (n == 0)
		return FALSE;
	slash = strchr(words_ok[0], '/');
	if (slash == NULL)
		return FALSE;
	addr = g_strndup(words_ok[0], slash - words_ok[0]);
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET6, addr, &out->prefix) != 1)
		return FALSE;
	if (!g_ascii_string_to_unsigned(slash + 1, 10, 0, 128, &len, NULL))
		return FALSE;
	out->len = (guint8)len;
	/* RFC 4191 §2.3: bits after the prefix length are reserved, sent as zero */
	for (guint b = 0; b < 16; b++) {
		guint bit0 = b * 8;
		guint8 mask = bit0 >= len
				  ? 0
				  : (bit0 + 8 <= len ? 0xff : (guint8)(0xff << (8 - (len - bit0))));
		out->prefix.s6_addr[b] &= mask;
	}
	out->pref = NFD_RA_PREF_MEDIUM;
	if (n == 2 && !nfd_ra_preference_parse(words_ok[1], &out->pref))
		return FALSE;
	return TRUE;
}

gboolean
nfd_ra_config_set_dnssl(NfdRaConfig *cfg, const gchar *const *domains, GError **error)
{
	gssize n;

	/* RFC 8106 §5.2: domain names in the RFC 1035 §3.1 form, without compression */
	n = nfd_proto_dns_encode_list(domains, FALSE, cfg->dnssl, sizeof(cfg->dnssl));
	if (n < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "dnssl: a domain is malformed, or all of them exceed %u octets encoded",
			    (guint)sizeof(cfg->dnssl));
		return FALSE;
	}
	cfg->dnssl_len = (gsize)n;
	return TRUE;
}

static gsize
captive_portal_option_len(const gchar *uri)
{
	/* RFC 8910 §2.3: type, length, the URI, NUL padding to a multiple of 8 octets */
	return (2 + strlen(uri) + 7) / 8 * 8;
}

/* whether @params' RA (which must build) has room for the URI @uri (NULL: none) */
static gboolean
captive_portal_fits(const NfdRaConfig *cfg, const NfdRaParams *params, const gchar *uri)
{
	NfdRaParams p = *params;
	guint8 buf[NFD_RA_MAX_LEN];
	gssize len;

	p.captive_portal = NULL;
	len = nfd_ra_build(cfg, &p, buf, sizeof(buf));
	return len >= 0 &&
	       (uri == NULL || (gsize)len + captive_portal_option_len(uri) <= NFD_RA_MAX_LEN);
}

gboolean
nfd_ra_config_validate(const NfdRaConfig *cfg, GError **error)
{
	/* the largest RA a binding can make: MTU, both PIOs and a PREF64 (a binding's own
	 * CAPTIVE_PORTAL is sent only where it fits, nfd_ra_build()) */
	NfdRaParams params = {.has_prefix = TRUE,
			      .prefix_len = 64,
			      .mtu = 65535,
			      .has_old_prefix = TRUE,
			      .has_pref64 = TRUE,
			      .pref64_len = 96};
	guint8 mac[6] = {0};

	/* RFC 4861 §6.2.1, RFC 8319 §4: 4 <= MaxRtrAdvInterval <= 65535,
	 * 3 <= MinRtrAdvInterval <= 0.75 * MaxRtrAdvInterval */
	if (cfg->max_interval < 4 || cfg->max_interval > NFD_RA_MAX_LIFETIME) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "max-interval: %u is not within 4..65535 (RFC 4861 §6.2.1)",
			    cfg->max_interval);
		return FALSE;
	}
	if (cfg->min_interval < 3 || cfg->min_interval * 4 > cfg->max_interval * 3) {
		g_set_error(
		    error,
		    NFD_ERROR,
		    NFD_ERROR_CONFIG,
		    "min-interval: %u is not within 3..0.75 * max-interval (RFC 4861 §6.2.1)",
		    cfg->min_interval);
		return FALSE;
	}
	/* RFC 4861 §6.2.1 as updated by RFC 8319 §4: 0, or between MaxRtrAdvInterval and
	 * 65535 seconds (the 16-bit field's maximum; RFC 4861 said 9000) */
	if (cfg->router_lifetime != 0 && (cfg->router_lifetime < cfg->max_interval ||
					  cfg->router_lifetime > NFD_RA_MAX_LIFETIME)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "router-lifetime: %u is neither 0 nor within max-interval..65535 "
			    "(RFC 4861 §6.2.1, RFC 8319 §4)",
			    cfg->router_lifetime);
		return FALSE;
	}
	/* RFC 4861 §4.6.2: the preferred lifetime must not exceed the valid one */
	if (cfg->preferred_lifetime > cfg->valid_lifetime) {
		g_set_error_literal(
		    error,
		    NFD_ERROR,
		    NFD_ERROR_CONFIG,
		    "preferred-lifetime: longer than valid-lifetime (RFC 4861 §4.6.2)");
		return FALSE;
	}
	/* RFC 6980 §5: the largest RA we can build must not need fragmentation */
	params.router_mac = mac;
	params.has_router_addr = TRUE;
	if (!captive_portal_fits(cfg,
				 &params,
				 cfg->captive_portal[0] != '\0' ? cfg->captive_portal : NULL)) {
		g_set_error(
		    error,
		    NFD_ERROR,
		    NFD_ERROR_CONFIG,
		    "rdnss, dnssl, routes and captive-portal together exceed the %u octets an "
		    "RA may have (RFC 6980 §5)",
		    (guint)NFD_RA_MAX_LEN);
		return FALSE;
	}
	return TRUE;
}

gboolean
nfd_ra_pref64_parse(const gchar *str, struct in6_addr *prefix, guint8 *len, GError **error)
{
	gchar addr[INET6_ADDRSTRLEN];
	const gchar *slash = str != NULL ? strchr(str, '/') : NULL;
	guint64 n = 0;
	guint8 bad = 0;

	/* no allocation: the ra plugin parses a binding's PREF64 for every RA */
	if (slash == NULL || (gsize)(slash - str) >= sizeof(addr)) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_CONFIG, "'%s' is not PREFIX/LEN", str);
		return FALSE;
	}
	memcpy(addr, str, slash - str);
	addr[slash - str] = '\0';
	if (inet_pton(AF_INET6, addr, prefix) != 1 ||
	    !g_ascii_string_to_unsigned(slash + 1, 10, 0, 128, &n, NULL)) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_CONFIG, "'%s' is not PREFIX/LEN", str);
		return FALSE;
	}
	/* RFC 8781 §4: the Prefix Length Code knows 96, 64, 56, 48, 40 and 32 (RFC 6052 §2.2) */
	if (n != 96 && n != 64 && n != 56 && n != 48 && n != 40 && n != 32) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "'%s': the NAT64 prefix length must be 32, 40, 48, 56, 64 or 96 "
			    "(RFC 8781 §4)",
			    str);
		return FALSE;
	}
	/* a prefix has no bits set after its length, and RFC 6052 §2.2: bits 64 to 71 (the "u"
	 * octet) are zero, inside a /96 too */
	for (guint b = (guint)n / 8; b < 16; b++)
		bad |= prefix->s6_addr[b];
	if (bad != 0 || prefix->s6_addr[8] != 0) {
		g_set_error(
		    error,
		    NFD_ERROR,
		    NFD_ERROR_CONFIG,
		    "'%s': bits set after the prefix length or in bits 64-71 (RFC 6052 §2.2)",
		    str);
		return FALSE;
	}
	*len = (guint8)n;
	return TRUE;
}

gboolean
nfd_ra_captive_portal_check(const gchar *uri, GError **error)
{
	/* RFC 8910 §2, RFC 8908 §2: the rule the dhcp4 and dhcp6 plugins apply too */
	if (uri != NULL && nfd_proto_captive_portal_valid(uri, strlen(uri)))
		return TRUE;
	g_set_error(
	    error,
	    NFD_ERROR,
	    NFD_ERROR_CONFIG,
	    "'%s' is not an https:// URI or urn:ietf:params:capport:unrestricted of at most "
	    "%u printable characters (RFC 8910 §2, RFC 8908 §2)",
	    uri != NULL ? uri : "",
	    (guint)NFD_RA_CAPTIVE_PORTAL_MAX);
	return FALSE;
}

NfdRaRsStatus
nfd_ra_rs_parse(const guint8 *icmp,
		gsize len,
		guint8 hop_limit,
		gboolean checksum_ok,
		const struct in6_addr *src,
		NfdRaRs *out)
{
	NfdReader r;
	guint8 type = 0;
	guint8 code = 0;

	memset(out, 0, sizeof(*out));
	/* RFC 4861 §6.1.1: the IP Hop Limit field has a value of 255 */
	if (hop_limit != 255)
		return NFD_RA_RS_BAD_HOP_LIMIT;
	/* RFC 4861 §6.1.1: ICMP Checksum is valid */
	if (!checksum_ok)
		return NFD_RA_RS_BAD_CHECKSUM;
	/* RFC 4291 §2.7: a multicast address is never a source */
	if (src->s6_addr[0] == 0xff)
		return NFD_RA_RS_BAD_SOURCE;
	out->src_unspecified = IN6_IS_ADDR_UNSPECIFIED(src);
	nfd_reader_init(&r, icmp, len);
	if (!nfd_reader_u8(&r, &type) || type != ICMP6_RS)
		return NFD_RA_RS_BAD_TYPE;
	/* RFC 4861 §6.1.1: ICMP Code is 0 */
	if (!nfd_reader_u8(&r, &code))
		return NFD_RA_RS_TOO_SHORT;
	if (code != 0)
		return NFD_RA_RS_BAD_CODE;
	/* RFC 4861 §6.1.1: ICMP length (derived from the IP length) is 8 or more octets;
	 * §4.1: type, code, checksum, 4 reserved octets (ignored), then options */
	if (!nfd_reader_skip(&r, 6))
		return NFD_RA_RS_TOO_SHORT;
	while (r.rem > 0) {
		const guint8 *opt = NULL;
		gsize opt_len = 0;

		/* RFC 4861 §6.1.1: all included options have a length that is greater than zero;
		 * §4.6: the length is in units of 8 octets, including type and length */
		if (!nfd_reader_nd_option(&r, &opt, &opt_len))
			return NFD_RA_RS_BAD_OPTION;
		/* RFC 4861 §4.6.1: for Ethernet the address is the first 6 octets (RFC 2464 §6)
		 * of an option of 8 or more; §6.1.1: unrecognised options are ignored */
		if (opt[0] == OPT_SLLA && !out->has_slla) {
			memcpy(out->slla, opt + 2, 6);
			out->has_slla = TRUE;
		}
	}
	/* RFC 4861 §6.1.1: if the source is the unspecified address, there is no SLLA option */
	if (out->src_unspecified && out->has_slla)
		return NFD_RA_RS_SLLA_FROM_UNSPECIFIED;
	return NFD_RA_RS_OK;
}

const gchar *
nfd_ra_rs_status_to_string(NfdRaRsStatus status)
{
	switch (status) {
	case NFD_RA_RS_OK:
		return "ok";
	case NFD_RA_RS_BAD_HOP_LIMIT:
		return "hop limit is not 255";
	case NFD_RA_RS_BAD_CHECKSUM:
		return "bad ICMPv6 checksum";
	case NFD_RA_RS_BAD_TYPE:
		return "not a router solicitation";
	case NFD_RA_RS_BAD_CODE:
		return "ICMPv6 code is not 0";
	case NFD_RA_RS_TOO_SHORT:
		return "shorter than 8 octets";
	case NFD_RA_RS_BAD_OPTION:
		return "option of length 0 or past the end";
	case NFD_RA_RS_SLLA_FROM_UNSPECIFIED:
		return "source link-layer option from the unspecified address";
	case NFD_RA_RS_BAD_SOURCE:
		return "multicast source address";
	}
	return "unknown";
}

gboolean
nfd_ra_rs_mac_ok(const NfdRaRs *rs,
		 const guint8 *packet_mac,
		 const guint8 *binding_mac,
		 gboolean macspoof)
{
	const guint8 *claimed = rs->has_slla ? rs->slla : packet_mac;

	/* the original derived the MAC from an EUI-64 source (original.md §9.1 bug 5); the SLLA
	 * or the frame's own source MAC works for ::, RFC 7217 and temporary sources alike */
	if (macspoof)
		return TRUE;
	if (claimed == NULL || binding_mac == NULL)
		return FALSE;
	if (packet_mac != NULL && memcmp(packet_mac, binding_mac, 6) != 0)
		return FALSE;
	return memcmp(claimed, binding_mac, 6) == 0;
}

void
nfd_ra_multicast_dest(struct in6_addr *dst, guint8 *dst_mac)
{
	/* RFC 4861 §6.2.6: all-nodes; RFC 2464 §7: 33:33 + the low 32 bits of the group */
	static const guint8 all_nodes[16] = {0xff, 0x02, [15] = 0x01};
	static const guint8 all_nodes_mac[6] = {0x33, 0x33, 0x00, 0x00, 0x00, 0x01};

	memcpy(dst->s6_addr, all_nodes, 16);
	memcpy(dst_mac, all_nodes_mac, 6);
}

gboolean
nfd_ra_rs_reply_dest(const NfdRaRs *rs,
		     const struct in6_addr *src,
		     const guint8 *packet_mac,
		     struct in6_addr *dst,
		     guint8 *dst_mac)
{
	const guint8 *mac = rs->has_slla ? rs->slla : packet_mac;

	/* RFC 4861 §6.2.6 allows, RFC 7772 §5.1 recommends, unicast to the soliciting host;
	 * from :: (no usable source) the reply goes to all-nodes */
	if (rs->src_unspecified || mac == NULL) {
		nfd_ra_multicast_dest(dst, dst_mac);
		return FALSE;
	}
	*dst = *src;
	memcpy(dst_mac, mac, 6);
	return TRUE;
}

void
nfd_ra_params_from_binding(NfdRaParams *p,
			   const NfdRaConfig *cfg,
			   const NfdBinding *binding,
			   NfdRaFarewell farewell)
{
	const gchar *value;

	memset(p, 0, sizeof(*p));
	p->router_mac = nfd_binding_get_router_mac(binding);
	p->farewell = farewell;
	/* per-binding override of M/O (README): RA_MODE=slaac|slaac+dhcpv6|dhcpv6 */
	if (!nfd_ra_mode_parse(nfd_binding_get_value(binding, "RA_MODE"), &p->mode))
		p->mode = cfg->mode;
	p->has_prefix = nfd_binding_get_subnet6(binding, &p->prefix, &p->prefix_len);
	/* RFC 6275 §7.2: GATEWAY6 goes in the PIO with the R flag when it is in the prefix */
	p->has_router_addr = p->has_prefix && nfd_binding_get_gateway6(binding, &p->router_addr) &&
			     nfd_proto_ip6_in_prefix(&p->router_addr, &p->prefix, p->prefix_len);
	p->mtu = nfd_binding_get_mtu(binding);
	/* original.md §9.1 bug 9: PRIVATE now also means "no default route" in RAs */
	p->no_default_route = nfd_binding_get_private(binding);
	/* RFC 8781: the binding's PREF64, else the config's (a bad key was warned about) */
	value = nfd_binding_get_value(binding, "PREF64");
	p->has_pref64 = value != NULL && value[0] != '\0' &&
			nfd_ra_pref64_parse(value, &p->pref64, &p->pref64_len, NULL);
	if (!p->has_pref64 && cfg->has_pref64) {
		p->has_pref64 = TRUE;
		p->pref64 = cfg->pref64;
		p->pref64_len = cfg->pref64_len;
	}
	/* RFC 8910: the binding's CAPTIVE_PORTAL, else the config's */
	value = nfd_binding_get_value(binding, "CAPTIVE_PORTAL");
	if (value != NULL && value[0] != '\0' && nfd_ra_captive_portal_check(value, NULL))
		p->captive_portal = value;
	else if (cfg->captive_portal[0] != '\0')
		p->captive_portal = cfg->captive_portal;
}

static void
write_prefix(NfdWriter *w, const struct in6_addr *prefix, guint len, guint nbytes)
{
	guint8 p[16] = {0};

	/* RFC 4861 §4.6.2 / RFC 4191 §2.3: bits after the prefix length are zero */
	for (guint b = 0; b < nbytes; b++) {
		guint bit0 = b * 8;
		guint8 mask = bit0 >= len
				  ? 0
				  : (bit0 + 8 <= len ? 0xff : (guint8)(0xff << (8 - (len - bit0))));
		p[b] = prefix->s6_addr[b] & mask;
	}
	nfd_writer_bytes(w, p, nbytes);
}

static void
write_pio(NfdWriter *w,
	  const struct in6_addr *prefix,
	  guint len,
	  guint8 flags,
	  guint32 valid,
	  guint32 preferred,
	  gboolean full_address)
{
	nfd_writer_u8(w, OPT_PIO);
	nfd_writer_u8(w, 4);
	nfd_writer_u8(w, (guint8)len);
	nfd_writer_u8(w, flags);
	/* RFC 4861 §6.2.5 / RFC 9096: a prefix taken away is advertised with lifetime 0 */
	nfd_writer_u32(w, valid);
	nfd_writer_u32(w, preferred);
	nfd_writer_u32(w, 0);
	/* RFC 6275 §7.2: with the R flag the prefix field carries the router's full address */
	if (full_address)
		nfd_writer_bytes(w, prefix->s6_addr, 16);
	else
		write_prefix(w, prefix, len, 16);
}

static void
write_pref64(NfdWriter *w, const NfdRaConfig *cfg, const NfdRaParams *params, gboolean removed)
{
	/* RFC 8781 §4: the Prefix Length Code of 96, 64, 56, 48, 40 and 32 */
	guint8 plc = params->pref64_len == 96 ? 0 : (guint8)((64 - params->pref64_len) / 8 + 1);
	/* RFC 8781 §4.1: the lifetime in units of 8 seconds, by default 3 * MaxRtrAdvInterval
	 * rounded up, at most 8191 (13 bits); 0 = stop using the prefix */
	guint scaled = removed ? 0 : MIN(8191u, (3u * cfg->max_interval + 7) / 8);

	nfd_writer_u8(w, OPT_PREF64);
	nfd_writer_u8(w, 2);
	nfd_writer_u16(w, (guint16)(scaled << 3 | plc));
	/* RFC 8781 §4: the highest 96 bits of the prefix */
	write_prefix(w, &params->pref64, params->pref64_len, 12);
}

static void
write_captive_portal(NfdWriter *w, const gchar *uri)
{
	gsize len = strlen(uri);
	gsize total = captive_portal_option_len(uri);
	guint8 *pad;

	nfd_writer_u8(w, OPT_CAPTIVE_PORTAL);
	nfd_writer_u8(w, (guint8)(total / 8));
	nfd_writer_bytes(w, uri, len);
	pad = nfd_writer_reserve(w, total - 2 - len);
	if (pad != NULL)
		memset(pad, 0, total - 2 - len);
}

gssize
nfd_ra_build(const NfdRaConfig *cfg, const NfdRaParams *params, guint8 *buf, gsize cap)
{
	NfdWriter w;
	gboolean removed = params->farewell == NFD_RA_FAREWELL_REMOVED;
	guint16 lifetime = (guint16)cfg->router_lifetime;
	guint8 flags = 0;
	guint mtu = params->mtu != 0 ? params->mtu : cfg->mtu;

	if (params->farewell != NFD_RA_FAREWELL_NONE || params->no_default_route)
		lifetime = 0;
	/* RFC 4861 §4.2: M and O flags; see nfd-ra-proto.h for the modes */
	if (params->mode == NFD_RA_MODE_DHCPV6)
		flags |= 0x80;
	if (params->mode != NFD_RA_MODE_SLAAC)
		flags |= 0x40;
	/* RFC 4191 §2.2: Prf in bits 3-4; a router lifetime of 0 must advertise medium (00) */
	if (lifetime != 0)
		flags |= (guint8)(cfg->preference << 3);

	nfd_writer_init(&w, buf, MIN(cap, (gsize)NFD_RA_MAX_LEN));
	/* RFC 4861 §4.2: type, code, checksum (the core fills it), cur hop limit 0
	 * (unspecified), flags, router lifetime, reachable time 0, retrans timer 0 */
	nfd_writer_u8(&w, ICMP6_RA);
	nfd_writer_u8(&w, 0);
	nfd_writer_u16(&w, 0);
	nfd_writer_u8(&w, 0);
	nfd_writer_u8(&w, flags);
	nfd_writer_u16(&w, lifetime);
	nfd_writer_u32(&w, 0);
	nfd_writer_u32(&w, 0);

	/* RFC 4861 §4.6.1: Source Link-Layer Address, so hosts need no NS for the router */
	nfd_writer_u8(&w, OPT_SLLA);
	nfd_writer_u8(&w, 1);
	nfd_writer_bytes(&w, params->router_mac, 6);

	/* RFC 4861 §4.6.4: MTU; RFC 8200 §5: never below 1280 (a binding's smaller MTU is for
	 * IPv4 only, nfd_ra_binding_check() warns) */
	if (mtu >= NFD_RA_MIN_MTU) {
		nfd_writer_u8(&w, OPT_MTU);
		nfd_writer_u8(&w, 1);
		nfd_writer_u16(&w, 0);
		nfd_writer_u32(&w, mtu);
	}

	/* RFC 4861 §4.6.2: Prefix Information; L always (the tap is the VM's link),
	 * A unless addresses come from stateful DHCPv6 (RFC 4862 §5.5.3) */
	if (params->has_prefix) {
		gboolean r = params->has_router_addr;

		write_pio(&w,
			  r ? &params->router_addr : &params->prefix,
			  params->prefix_len,
			  (guint8)(0x80 | (params->mode != NFD_RA_MODE_DHCPV6 ? 0x40 : 0) |
				   (r ? 0x20 : 0)),
			  removed ? 0 : cfg->valid_lifetime,
			  removed ? 0 : cfg->preferred_lifetime,
			  r);
	}
	/* RFC 9096 §3.5: a prefix the VM lost, deprecated with lifetimes 0 */
	if (params->has_old_prefix)
		write_pio(&w, &params->old_prefix, params->old_prefix_len, 0xc0, 0, 0, FALSE);

	/* RFC 4191 §2.3: Route Information, length 1, 2 or 3 by prefix length */
	for (guint i = 0; i < cfg->n_routes; i++) {
		const NfdRaRoute *rt = &cfg->routes[i];
		guint8 olen = rt->len == 0 ? 1 : (rt->len <= 64 ? 2 : 3);

		nfd_writer_u8(&w, OPT_RIO);
		nfd_writer_u8(&w, olen);
		nfd_writer_u8(&w, rt->len);
		nfd_writer_u8(&w, (guint8)(rt->pref << 3));
		nfd_writer_u32(&w,
			       params->farewell != NFD_RA_FAREWELL_NONE ? 0 : cfg->route_lifetime);
		write_prefix(&w, &rt->prefix, rt->len, (olen - 1) * 8u);
	}

	/* RFC 8106 §5.1: RDNSS, length 1 + 2 * addresses; lifetime 0 = stop using them */
	if (cfg->n_rdnss > 0) {
		nfd_writer_u8(&w, OPT_RDNSS);
		nfd_writer_u8(&w, (guint8)(1 + 2 * cfg->n_rdnss));
		nfd_writer_u16(&w, 0);
		nfd_writer_u32(&w, removed ? 0 : cfg->rdnss_lifetime);
		for (guint i = 0; i < cfg->n_rdnss; i++)
			nfd_writer_bytes(&w, cfg->rdnss[i].s6_addr, 16);
	}

	/* RFC 8106 §5.2: DNSSL, names uncompressed, zero padded to a multiple of 8 octets */
	if (cfg->dnssl_len > 0) {
		gsize body = 8 + cfg->dnssl_len;
		gsize padded = (body + 7) / 8 * 8;
		guint8 *pad;

		nfd_writer_u8(&w, OPT_DNSSL);
		nfd_writer_u8(&w, (guint8)(padded / 8));
		nfd_writer_u16(&w, 0);
		nfd_writer_u32(&w, removed ? 0 : cfg->dnssl_lifetime);
		nfd_writer_bytes(&w, cfg->dnssl, cfg->dnssl_len);
		pad = nfd_writer_reserve(&w, padded - body);
		if (pad != NULL)
			memset(pad, 0, padded - body);
	}
	if (params->has_pref64)
		write_pref64(&w, cfg, params, removed);
	/* RFC 8910 §2.3: last, and only where it fits (a binding's long URI after a config full
	 * of options; the config's own always fits, nfd_ra_config_validate()) */
	if (params->captive_portal != NULL && !removed &&
	    captive_portal_option_len(params->captive_portal) <= w.cap - w.len)
		write_captive_portal(&w, params->captive_portal);
	if (w.overflow)
		return -1;
	return (gssize)w.len;
}

NfdRaBindingProblem
nfd_ra_binding_check(const NfdRaConfig *cfg, const NfdBinding *binding)
{
	NfdRaBindingProblem problems = NFD_RA_BINDING_OK;
	const gchar *pref64 = nfd_binding_get_value(binding, "PREF64");
	const gchar *portal = nfd_binding_get_value(binding, "CAPTIVE_PORTAL");
	guint mtu = nfd_binding_get_mtu(binding);
	struct in6_addr prefix;
	guint8 len = 0;
	NfdRaParams p;

	if (mtu != 0 && mtu < NFD_RA_MIN_MTU)
		problems |= NFD_RA_BINDING_MTU_TOO_SMALL;
	if (pref64 != NULL && pref64[0] != '\0' &&
	    !nfd_ra_pref64_parse(pref64, &prefix, &len, NULL))
		problems |= NFD_RA_BINDING_BAD_PREF64;
	if (portal != NULL && portal[0] != '\0' && !nfd_ra_captive_portal_check(portal, NULL))
		problems |= NFD_RA_BINDING_BAD_CAPTIVE_PORTAL;
	/* the largest RA of this binding (with a deprecated prefix): does the URI fit? */
	nfd_ra_params_from_binding(&p, cfg, binding, NFD_RA_FAREWELL_NONE);
	p.has_old_prefix = TRUE;
	if (!captive_portal_fits(cfg, &p, p.captive_portal))
		problems |= NFD_RA_BINDING_PORTAL_DOES_NOT_FIT;
	return problems;
}
