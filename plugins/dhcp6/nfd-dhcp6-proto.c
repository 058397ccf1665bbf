/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pure DHCPv6 server logic (RFC 8415): message parsing and validation, the decision what to
 * offer from a binding, and building the Advertise/Reply.  See nfd-dhcp6-proto.h.
 *
 * One pass over the top-level options records where each interesting option is (pointers into
 * the packet, never copies); IA options are walked again while the reply is written.  Every
 * read goes through NfdReader, every write through NfdWriter into the caller's buffer, so a
 * truncated or hostile message can only make us drop it.
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-dhcp6-proto.h"
#include "nfd-proto.h"

/* more IA options than this in one message are ignored (no real client sends more than 2) */
#define NFD_DHCP6_IA_MAX 8

typedef struct {
	guint16 code;
	guint32 iaid;
	const guint8 *opts; /* the IA's own options, after IAID/T1/T2 */
	gsize opts_len;
} NfdDhcp6Ia;

typedef struct {
	guint8 type;
	guint32 xid;
	const guint8 *client_id;
	gsize client_id_len;
	const guint8 *server_id;
	gsize server_id_len;
	const guint8 *oro;
	gsize oro_len;
	gboolean has_oro;
	gboolean rapid_commit;
	NfdDhcp6Ia ia[NFD_DHCP6_IA_MAX];
	guint n_ia;
	guint n_ia_seen;
} NfdDhcp6Msg;

typedef enum {
	IA_MODE_OFFER,	/* Solicit answered by an Advertise: RFC 8415 §18.3.1, §18.3.9 */
	IA_MODE_COMMIT, /* Request, Solicit with Rapid Commit: RFC 8415 §18.3.1, §18.3.2 */
	IA_MODE_EXTEND, /* Renew, Rebind: RFC 8415 §18.3.4, §18.3.5 */
} IaMode;

/* ---- parsing --------------------------------------------------------------------------- */

static gboolean
parse_message(const guint8 *data, gsize len, NfdDhcp6Msg *m)
{
	NfdReader r;
	guint8 xid[3];
	const guint8 *p;

	memset(m, 0, sizeof(*m));
	nfd_reader_init(&r, data, len);
	/* RFC 8415 §8: msg-type (1 octet), transaction-id (3 octets), options */
	if (!nfd_reader_u8(&r, &m->type) || !nfd_reader_bytes(&r, &p, 3))
		return FALSE;
	memcpy(xid, p, 3);
	m->xid = ((guint32)xid[0] << 16) | ((guint32)xid[1] << 8) | xid[2];

	while (r.rem > 0) {
		guint16 code, olen;
		const guint8 *val;

		/* RFC 8415 §21.1: option-code (2), option-len (2), option-data */
		if (!nfd_reader_u16(&r, &code) || !nfd_reader_u16(&r, &olen) ||
		    !nfd_reader_bytes(&r, &val, olen))
			return FALSE;
		switch (code) {
		case NFD_DHCP6_OPT_CLIENTID:
			/* RFC 8415 §11.1: type code plus 1..128 octets; one instance only */
			if (m->client_id != NULL || olen < 3 || olen > NFD_DHCP6_DUID_MAX)
				return FALSE;
			m->client_id = val;
			m->client_id_len = olen;
			break;
		case NFD_DHCP6_OPT_SERVERID:
			if (m->server_id != NULL || olen < 3 || olen > NFD_DHCP6_DUID_MAX)
				return FALSE;
			m->server_id = val;
			m->server_id_len = olen;
			break;
		case NFD_DHCP6_OPT_ORO:
			/* RFC 8415 §21.7: a list of 2-octet option codes */
			if (m->has_oro || (olen % 2) != 0)
				return FALSE;
			m->has_oro = TRUE;
			m->oro = val;
			m->oro_len = olen;
			break;
		case NFD_DHCP6_OPT_RAPID_COMMIT:
			/* RFC 8415 §21.14: option-len 0 */
			if (olen != 0)
				return FALSE;
			m->rapid_commit = TRUE;
			break;
		case NFD_DHCP6_OPT_IA_NA:
		case NFD_DHCP6_OPT_IA_PD:
		case NFD_DHCP6_OPT_IA_TA: {
			NfdReader ir;
			NfdDhcp6Ia *ia;
			guint32 iaid, t1 = 0, t2 = 0;

			nfd_reader_init(&ir, val, olen);
			/* RFC 8415 §21.4 IA_NA and §21.21 IA_PD: IAID, T1, T2; §21.5 IA_TA: IAID */
			if (!nfd_reader_u32(&ir, &iaid))
				return FALSE;
			if (code != NFD_DHCP6_OPT_IA_TA &&
			    (!nfd_reader_u32(&ir, &t1) || !nfd_reader_u32(&ir, &t2)))
				return FALSE;
			m->n_ia_seen++;
			if (m->n_ia >= NFD_DHCP6_IA_MAX)
				break;
			ia = &m->ia[m->n_ia++];
			ia->code = code;
			ia->iaid = iaid;
			ia->opts = ir.p;
			ia->opts_len = ir.rem;
			break;
		}
		default:
			/* RFC 8415 §16: options we do not know or need are ignored */
			break;
		}
	}
	return TRUE;
}

static gboolean
oro_has(const NfdDhcp6Msg *m, guint16 code)
{
	for (gsize i = 0; i + 1 < m->oro_len; i += 2) {
		if ((guint16)((m->oro[i] << 8) | m->oro[i + 1]) == code)
			return TRUE;
	}
	return FALSE;
}

/* RFC 8415 §18.3: with an ORO, send what it names (and we have); a client that sends none
 * (which §18.2 forbids but happens) gets the DNS options, which is all it can be meant to ask */
static gboolean
want_option(const NfdDhcp6Msg *m, guint16 code)
{
	if (m->has_oro)
		return oro_has(m, code);
	return code == NFD_DHCP6_OPT_DNS_SERVERS || code == NFD_DHCP6_OPT_DOMAIN_LIST;
}

/* ---- the lease from a binding ---------------------------------------------------------- */

static gboolean
parse_prefix6(const gchar *str, struct in6_addr *addr, guint *plen)
{
	gchar buf[INET6_ADDRSTRLEN + 8];
	const gchar *slash = strchr(str, '/');
	gsize alen;
	guint64 v = 0;
	struct in6_addr masked;

	if (slash == NULL)
		return FALSE;
	alen = (gsize)(slash - str);
	if (alen == 0 || alen >= INET6_ADDRSTRLEN)
		return FALSE;
	memcpy(buf, str, alen);
	buf[alen] = '\0';
	if (inet_pton(AF_INET6, buf, addr) != 1)
		return FALSE;
	if (!g_ascii_string_to_unsigned(slash + 1, 10, 1, 128, &v, NULL))
		return FALSE;
	*plen = (guint)v;
	/* host bits must be zero, or the prefix is ambiguous */
	memset(&masked, 0, sizeof(masked));
	for (guint i = 0; i < 16; i++) {
		guint bits = *plen > i * 8 ? MIN(8u, *plen - i * 8) : 0;
		masked.s6_addr[i] = addr->s6_addr[i] & (guint8)(0xff00 >> bits);
	}
	return memcmp(&masked, addr, sizeof(masked)) == 0;
}

/**
 * nfd_dhcp6_captive_portal_is_valid:
 * @uri: a captive-portal URI, not necessarily NUL-terminated
 * @len: its length
 *
 * RFC 8910 §2: the URI of the Captive Portal API (RFC 8908 §2: an https URI), or
 * "urn:ietf:params:capport:unrestricted" for a network without a captive portal.  Checked
 * without allocating, so that the binding's CAPTIVE_PORTAL can be checked per packet: 1 to 255
 * printable ASCII characters, no spaces, and either that URN or "https://" and a host.
 *
 * Returns: whether @uri may be sent
 */
gboolean
nfd_dhcp6_captive_portal_is_valid(const gchar *uri, gsize len)
{
	return nfd_proto_captive_portal_valid(uri, len);
}

/**
 * nfd_dhcp6_lease_from_binding:
 * @cfg: the server configuration, for the captive-portal URI a binding does not override
 *
 * Reads SUBNET6, IP6 (wins), EUI64, PREFIX6, MAC, MACSPOOF, HOSTNAME and CAPTIVE_PORTAL.  An
 * unparsable IP6, PREFIX6 or CAPTIVE_PORTAL counts as absent and is flagged for the caller to
 * warn about.
 *
 * Returns: FALSE if the binding carries no IPv6 information at all
 */
gboolean
nfd_dhcp6_lease_from_binding(const NfdDhcp6Config *cfg,
			     const NfdBinding *binding,
			     NfdDhcp6Lease *lease)
{
	const gchar *ip6 = nfd_binding_get_value(binding, "IP6");
	const gchar *prefix6 = nfd_binding_get_value(binding, "PREFIX6");
	const gchar *portal = nfd_binding_get_value(binding, "CAPTIVE_PORTAL");

	memset(lease, 0, sizeof(*lease));
	lease->mac = nfd_binding_get_mac(binding);
	lease->macspoof = nfd_binding_get_macspoof(binding);
	lease->hostname = nfd_binding_get_hostname(binding);
	lease->has_subnet = nfd_binding_get_subnet6(binding, &lease->subnet, &lease->subnet_len);
	if (ip6 != NULL) {
		lease->has_addr = inet_pton(AF_INET6, ip6, &lease->addr) == 1;
		lease->bad_ip6 = !lease->has_addr;
	}
	if (!lease->has_addr)
		lease->has_addr = nfd_binding_get_eui64(binding, &lease->addr);
	/* neither IP6 nor EUI64: the address SLAAC would form, SUBNET6 plus the modified EUI-64 of
	 * MAC (RFC 4291 §2.5.1, appendix A), as the ndp and ra plugins assume (original.md §6.4);
	 * the interface identifier takes 64 bits, so SUBNET6 must not be longer than /64 */
	if (!lease->has_addr && lease->has_subnet && lease->subnet_len <= 64 &&
	    lease->mac != NULL) {
		nfd_proto_mac_to_eui64(lease->mac, &lease->subnet, &lease->addr);
		lease->has_addr = TRUE;
	}
	if (prefix6 != NULL) {
		lease->has_prefix = parse_prefix6(prefix6, &lease->prefix, &lease->prefix_len);
		lease->bad_prefix6 = !lease->has_prefix;
	}
	/* RFC 8910: the binding's CAPTIVE_PORTAL overrides [dhcp6] captive-portal for its tap */
	if (portal != NULL && nfd_dhcp6_captive_portal_is_valid(portal, strlen(portal))) {
		lease->captive_portal = portal;
		lease->captive_portal_len = strlen(portal);
	} else {
		lease->bad_captive_portal = portal != NULL;
		lease->captive_portal = cfg->captive_portal;
		lease->captive_portal_len = cfg->captive_portal_len;
	}
	return lease->has_subnet || lease->has_addr || lease->has_prefix || ip6 != NULL ||
	       prefix6 != NULL;
}

/* ---- building -------------------------------------------------------------------------- */

static gsize
opt_begin(NfdWriter *w, guint16 code)
{
	gsize at = w->len;
	nfd_writer_u16(w, code);
	nfd_writer_u16(w, 0);
	return at;
}

static void
opt_end(NfdWriter *w, gsize at)
{
	gsize olen;

	if (w->overflow)
		return;
	olen = w->len - at - 4;
	if (olen > G_MAXUINT16) {
		w->overflow = TRUE;
		return;
	}
	w->buf[at + 2] = (guint8)(olen >> 8);
	w->buf[at + 3] = (guint8)olen;
}

/* RFC 8415 §21.13 */
static void
write_status(NfdWriter *w, guint16 status, const gchar *message)
{
	gsize at = opt_begin(w, NFD_DHCP6_OPT_STATUS_CODE);
	nfd_writer_u16(w, status);
	nfd_writer_bytes(w, message, strlen(message));
	opt_end(w, at);
}

/* RFC 8415 §21.6 */
static void
write_iaaddr(NfdWriter *w, const guint8 *addr, guint32 preferred, guint32 valid)
{
	gsize at = opt_begin(w, NFD_DHCP6_OPT_IAADDR);
	nfd_writer_bytes(w, addr, 16);
	nfd_writer_u32(w, preferred);
	nfd_writer_u32(w, valid);
	opt_end(w, at);
}

/* RFC 8415 §21.22 */
static void
write_iaprefix(NfdWriter *w, const guint8 *prefix, guint8 plen, guint32 preferred, guint32 valid)
{
	gsize at = opt_begin(w, NFD_DHCP6_OPT_IAPREFIX);
	nfd_writer_u32(w, preferred);
	nfd_writer_u32(w, valid);
	nfd_writer_u8(w, plen);
	nfd_writer_bytes(w, prefix, 16);
	opt_end(w, at);
}

/* the addresses (IAADDR) or prefixes (IAPREFIX) the client names in an IA, other than the
 * binding's, come back with lifetimes 0 so that it stops using them (RFC 8415 §18.3.4, §18.3.5,
 * and see write_ia() for Request).  An all-zero address or prefix is a hint of nothing but a
 * length (§18.2.1, §21.22), not a lease, and is not echoed.  Returns how many were written. */
static guint
write_foreign_zero(NfdWriter *w, const NfdDhcp6Ia *ia, const NfdDhcp6Lease *lease)
{
	static const guint8 unspecified[16] = {0};
	NfdReader r;
	guint n = 0;

	nfd_reader_init(&r, ia->opts, ia->opts_len);
	while (r.rem >= 4) {
		guint16 code, olen;
		const guint8 *val;

		if (!nfd_reader_u16(&r, &code) || !nfd_reader_u16(&r, &olen) ||
		    !nfd_reader_bytes(&r, &val, olen))
			break;
		if (ia->code != NFD_DHCP6_OPT_IA_PD && code == NFD_DHCP6_OPT_IAADDR && olen >= 24) {
			if (memcmp(val, unspecified, 16) == 0 ||
			    (lease->has_addr && memcmp(val, lease->addr.s6_addr, 16) == 0))
				continue;
			write_iaaddr(w, val, 0, 0);
			n++;
		} else if (ia->code == NFD_DHCP6_OPT_IA_PD && code == NFD_DHCP6_OPT_IAPREFIX &&
			   olen >= 25) {
			if (memcmp(val + 9, unspecified, 16) == 0 ||
			    (lease->has_prefix && val[8] == lease->prefix_len &&
			     memcmp(val + 9, lease->prefix.s6_addr, 16) == 0))
				continue;
			write_iaprefix(w, val + 9, val[8], 0, 0);
			n++;
		}
	}
	return n;
}

/*
 * One IA of the Advertise or Reply.  The first IA_NA gets the binding's address, the first
 * IA_PD its prefix; what else the client named in the IA comes back with lifetimes 0:
 *
 * - Renew, Rebind (RFC 8415 §18.3.4, §18.3.5): always, so that a lease withdrawn from the
 *   binding is dropped at the next Renew.  An IA that names nothing and has nothing bound gets
 *   NoAddrsAvail / NoPrefixAvail: the binding is the lease, so this server creates bindings from
 *   Renew and Rebind messages (an IA that names nothing gets the binding's lease), and those
 *   sections give such a server that status when it has nothing to assign.  NoBinding is for a
 *   server that does not create them; it sends the client back to Request (§18.2.10.1), dhcpcd at
 *   every T1.  An IA whose leases were all withdrawn carries them and no status: a status would
 *   make dhclient ignore the lifetimes 0 and keep them until their valid lifetime ends.
 * - Request, Solicit with Rapid Commit (§18.3.2): beside the binding's lease only.  §18.3.2
 *   has a server answer addresses that are not appropriate for the link with NotOnLink in the
 *   IA, which makes dhclient and dhcpcd start over with a Solicit; the binding names the one
 *   address the client may use, so it gets that address at once and the other one with
 *   lifetimes 0, as §18.3.4 does for Renew (and dhcpcd's dhcp6.c expects).  With nothing to
 *   assign, the IA carries NoAddrsAvail / NoPrefixAvail and no address (§18.3.2).
 * - Advertise (§18.3.9): the binding's lease or NoAddrsAvail / NoPrefixAvail, nothing else.
 */
static void
write_ia(NfdWriter *w,
	 const NfdDhcp6Config *cfg,
	 const NfdDhcp6Lease *lease,
	 const NfdDhcp6Ia *ia,
	 IaMode mode,
	 gboolean *addr_given,
	 gboolean *prefix_given)
{
	gsize at = opt_begin(w, ia->code);
	gboolean is_pd = ia->code == NFD_DHCP6_OPT_IA_PD;
	gboolean ours = FALSE;
	guint n_zero = 0;

	nfd_writer_u32(w, ia->iaid);
	/* one address and one prefix per binding: only the first IA_NA / IA_PD gets it */
	if (ia->code == NFD_DHCP6_OPT_IA_NA && lease->has_addr && !*addr_given)
		ours = *addr_given = TRUE;
	else if (is_pd && lease->has_prefix && !*prefix_given)
		ours = *prefix_given = TRUE;

	if (ia->code != NFD_DHCP6_OPT_IA_TA) {
		/* RFC 8415 §21.4, §21.21: T1/T2, 0 when nothing is bound in the IA */
		nfd_writer_u32(w, ours ? cfg->t1 : 0);
		nfd_writer_u32(w, ours ? cfg->t2 : 0);
	}
	if (ours && is_pd)
		write_iaprefix(w,
			       lease->prefix.s6_addr,
			       (guint8)lease->prefix_len,
			       cfg->preferred_lifetime,
			       cfg->valid_lifetime);
	else if (ours)
		write_iaaddr(w, lease->addr.s6_addr, cfg->preferred_lifetime, cfg->valid_lifetime);
	if (mode == IA_MODE_EXTEND || (mode == IA_MODE_COMMIT && ours))
		n_zero = write_foreign_zero(w, ia, lease);

	/* RFC 8415 §18.3.2, §18.3.4, §18.3.5, §18.3.9 */
	if (!ours && n_zero == 0) {
		if (is_pd)
			write_status(w, NFD_DHCP6_STATUS_NO_PREFIX_AVAIL, "no prefix for this VM");
		else
			write_status(w, NFD_DHCP6_STATUS_NO_ADDRS_AVAIL, "no address for this VM");
	}
	opt_end(w, at);
}

static void
write_addr_list(NfdWriter *w, guint16 code, const struct in6_addr *list, guint n)
{
	gsize at = opt_begin(w, code);
	for (guint i = 0; i < n; i++)
		nfd_writer_bytes(w, list[i].s6_addr, 16);
	opt_end(w, at);
}

/* the configured search list, or HOSTNAME after its first dot (none for a dot-less name:
 * original.md §9.1 item 14) */
static void
write_domains(NfdWriter *w, const NfdDhcp6Config *cfg, const NfdDhcp6Lease *lease)
{
	gsize at;

	if (cfg->domains_set) {
		if (cfg->domains_wire_len == 0)
			return;
		at = opt_begin(w, NFD_DHCP6_OPT_DOMAIN_LIST);
		nfd_writer_bytes(w, cfg->domains_wire, cfg->domains_wire_len);
		opt_end(w, at);
		return;
	}
	if (lease->hostname != NULL) {
		const gchar *dot = strchr(lease->hostname, '.');
		const gchar *names[2] = {NULL, NULL};
		guint8 wire[NFD_DHCP6_DOMAINS_WIRE_MAX];
		gssize n;

		if (dot == NULL || dot[1] == '\0')
			return;
		names[0] = dot + 1;
		/* RFC 3646 §4: uncompressed RFC 1035 names */
		n = nfd_proto_dns_encode_list(names, FALSE, wire, sizeof(wire));
		if (n <= 0)
			return;
		at = opt_begin(w, NFD_DHCP6_OPT_DOMAIN_LIST);
		nfd_writer_bytes(w, wire, (gsize)n);
		opt_end(w, at);
	}
}

static void
write_config_options(NfdWriter *w,
		     const NfdDhcp6Config *cfg,
		     const NfdDhcp6Lease *lease,
		     const NfdDhcp6Msg *m)
{
	/* RFC 3646 §3 */
	if (cfg->n_dns > 0 && want_option(m, NFD_DHCP6_OPT_DNS_SERVERS))
		write_addr_list(w, NFD_DHCP6_OPT_DNS_SERVERS, cfg->dns, cfg->n_dns);
	/* RFC 3646 §4 */
	if (want_option(m, NFD_DHCP6_OPT_DOMAIN_LIST))
		write_domains(w, cfg, lease);
	/* RFC 4075 §4 */
	if (cfg->n_ntp > 0 && want_option(m, NFD_DHCP6_OPT_SNTP_SERVERS))
		write_addr_list(w, NFD_DHCP6_OPT_SNTP_SERVERS, cfg->ntp, cfg->n_ntp);
	/* RFC 5908 §4: one NTP_SUBOPTION_SRV_ADDR (1) per server */
	if (cfg->n_ntp > 0 && want_option(m, NFD_DHCP6_OPT_NTP_SERVER)) {
		gsize at = opt_begin(w, NFD_DHCP6_OPT_NTP_SERVER);
		for (guint i = 0; i < cfg->n_ntp; i++) {
			nfd_writer_u16(w, 1);
			nfd_writer_u16(w, 16);
			nfd_writer_bytes(w, cfg->ntp[i].s6_addr, 16);
		}
		opt_end(w, at);
	}
	/* RFC 8910 §2.2: the URI, not NUL-terminated, only when asked for (§2: a client that
	 * understands it puts it in its ORO) */
	if (lease->captive_portal_len > 0 && want_option(m, NFD_DHCP6_OPT_CAPTIVE_PORTAL)) {
		gsize at = opt_begin(w, NFD_DHCP6_OPT_CAPTIVE_PORTAL);
		nfd_writer_bytes(w, lease->captive_portal, lease->captive_portal_len);
		opt_end(w, at);
	}
}

/* RFC 8415 §18.3.3: is @addr appropriate for the link this binding is on? */
static gboolean
addr_on_link(const NfdDhcp6Lease *lease, const guint8 *addr)
{
	struct in6_addr a;

	memcpy(a.s6_addr, addr, 16);
	/* a delegated prefix is routed to the VM, not on-link, so PREFIX6 does not count */
	if (lease->has_subnet && nfd_proto_ip6_in_prefix(&a, &lease->subnet, lease->subnet_len))
		return TRUE;
	return lease->has_addr && memcmp(addr, lease->addr.s6_addr, 16) == 0;
}

/* the next IAADDR option (RFC 8415 §21.6, at least 24 bytes) among an IA's options, skipping
 * any other option; FALSE at the end or at a malformed option */
static gboolean
next_iaaddr(NfdReader *r, const guint8 **val)
{
	while (r->rem >= 4) {
		guint16 code, olen;

		if (!nfd_reader_u16(r, &code) || !nfd_reader_u16(r, &olen) ||
		    !nfd_reader_bytes(r, val, olen))
			return FALSE;
		if (code == NFD_DHCP6_OPT_IAADDR && olen >= 24)
			return TRUE;
	}
	return FALSE;
}

/* Confirm: Success if every address is on-link, NotOnLink if one is not, no reply if the
 * message names no address at all.  Returns the status or -1. */
static gint
confirm_status(const NfdDhcp6Msg *m, const NfdDhcp6Lease *lease)
{
	guint n_addr = 0;

	for (guint i = 0; i < m->n_ia; i++) {
		NfdReader r;
		const guint8 *val;

		if (m->ia[i].code == NFD_DHCP6_OPT_IA_PD)
			continue;
		nfd_reader_init(&r, m->ia[i].opts, m->ia[i].opts_len);
		while (next_iaaddr(&r, &val)) {
			n_addr++;
			if (!addr_on_link(lease, val))
				return NFD_DHCP6_STATUS_NOT_ON_LINK;
		}
	}
	return n_addr > 0 ? NFD_DHCP6_STATUS_SUCCESS : -1;
}

/* the first address of the first IA_NA/IA_TA in a Decline, for the log */
static gboolean
first_addr(const NfdDhcp6Msg *m, struct in6_addr *addr)
{
	for (guint i = 0; i < m->n_ia; i++) {
		NfdReader r;
		const guint8 *val;

		if (m->ia[i].code == NFD_DHCP6_OPT_IA_PD)
			continue;
		nfd_reader_init(&r, m->ia[i].opts, m->ia[i].opts_len);
		if (next_iaaddr(&r, &val)) {
			memcpy(addr->s6_addr, val, 16);
			return TRUE;
		}
	}
	return FALSE;
}

/* ---- validation ------------------------------------------------------------------------ */

static gboolean
server_id_is_ours(const NfdDhcp6Config *cfg, const NfdDhcp6Msg *m)
{
	return m->server_id_len == cfg->duid_len &&
	       memcmp(m->server_id, cfg->duid, cfg->duid_len) == 0;
}

static gboolean
is_client_message(guint8 type)
{
	switch (type) {
	case NFD_DHCP6_MSG_SOLICIT:
	case NFD_DHCP6_MSG_REQUEST:
	case NFD_DHCP6_MSG_CONFIRM:
	case NFD_DHCP6_MSG_RENEW:
	case NFD_DHCP6_MSG_REBIND:
	case NFD_DHCP6_MSG_RELEASE:
	case NFD_DHCP6_MSG_DECLINE:
	case NFD_DHCP6_MSG_INFORMATION_REQUEST:
		return TRUE;
	default:
		return FALSE;
	}
}

/* RFC 8415 §16.2 - §16.12: which messages must carry or must not carry which identifiers */
static NfdDhcp6Drop
validate(const NfdDhcp6Config *cfg, const NfdDhcp6Msg *m)
{
	switch (m->type) {
	case NFD_DHCP6_MSG_SOLICIT: /* §16.2 */
	case NFD_DHCP6_MSG_CONFIRM: /* §16.5 */
	case NFD_DHCP6_MSG_REBIND:  /* §16.7 */
		if (m->client_id == NULL)
			return NFD_DHCP6_DROP_NO_CLIENT_ID;
		if (m->server_id != NULL)
			return NFD_DHCP6_DROP_UNEXPECTED_SERVER_ID;
		return NFD_DHCP6_DROP_NONE;
	case NFD_DHCP6_MSG_REQUEST: /* §16.4 */
	case NFD_DHCP6_MSG_RENEW:   /* §16.6 */
	case NFD_DHCP6_MSG_DECLINE: /* §16.8 */
	case NFD_DHCP6_MSG_RELEASE: /* §16.9 */
		if (m->client_id == NULL)
			return NFD_DHCP6_DROP_NO_CLIENT_ID;
		if (m->server_id == NULL)
			return NFD_DHCP6_DROP_NO_SERVER_ID;
		if (!server_id_is_ours(cfg, m))
			return NFD_DHCP6_DROP_OTHER_SERVER;
		return NFD_DHCP6_DROP_NONE;
	case NFD_DHCP6_MSG_INFORMATION_REQUEST: /* §16.12 */
		if (m->server_id != NULL && !server_id_is_ours(cfg, m))
			return NFD_DHCP6_DROP_OTHER_SERVER;
		if (m->n_ia_seen > 0)
			return NFD_DHCP6_DROP_IA_IN_INFORMATION_REQUEST;
		return NFD_DHCP6_DROP_NONE;
	default:
		/* §16.3, §16.10, §16.11: Advertise, Reply, Reconfigure are discarded; relay
		 * messages cannot come from a VM */
		return NFD_DHCP6_DROP_NOT_CLIENT_MESSAGE;
	}
}

/* the link-layer address inside a DUID-LLT or DUID-LL of hardware type 1 (Ethernet) */
static const guint8 *
duid_ethernet_mac(const guint8 *duid, gsize len)
{
	guint16 type, hw;

	if (len < 4)
		return NULL;
	type = (guint16)((duid[0] << 8) | duid[1]);
	hw = (guint16)((duid[2] << 8) | duid[3]);
	if (hw != 1)
		return NULL;
	/* RFC 8415 §11.2 DUID-LLT: type, hw type, time, address */
	if (type == NFD_DHCP6_DUID_LLT && len == 14)
		return duid + 8;
	/* RFC 8415 §11.4 DUID-LL: type, hw type, address */
	if (type == NFD_DHCP6_DUID_LL && len == 10)
		return duid + 4;
	return NULL;
}

/* ---- the handler ----------------------------------------------------------------------- */

static NfdVerdict
drop(NfdDhcp6Result *res, NfdDhcp6Drop why)
{
	res->drop = why;
	return NFD_VERDICT_DROP;
}

/* the guest may only speak for itself (original.md §9.2: no MAC check in 0.16) */
static gboolean
client_mac_ok(const NfdDhcp6Config *cfg,
	      const NfdDhcp6Lease *lease,
	      const guint8 *src_mac,
	      const NfdDhcp6Msg *m)
{
	const guint8 *duid_mac;

	if (lease->macspoof || lease->mac == NULL)
		return TRUE;
	if (src_mac == NULL || memcmp(src_mac, lease->mac, 6) != 0)
		return FALSE;
	duid_mac = cfg->duid_mac_check && m->client_id != NULL
		       ? duid_ethernet_mac(m->client_id, m->client_id_len)
		       : NULL;
	return duid_mac == NULL || memcmp(duid_mac, lease->mac, 6) == 0;
}

/*
 * What a valid message gets: the reply type in @res, the IA mode, and the top-level status
 * (or -1 for none).  Returns FALSE if it gets no reply (@res->drop says why).
 */
static gboolean
decide(const NfdDhcp6Config *cfg,
       const NfdDhcp6Msg *m,
       const NfdDhcp6Lease *lease,
       gboolean unicast,
       NfdDhcp6Result *res,
       IaMode *mode,
       gint *status)
{
	*mode = IA_MODE_COMMIT;
	*status = -1;
	res->reply_type = NFD_DHCP6_MSG_REPLY;
	if (unicast) {
		switch (m->type) {
		case NFD_DHCP6_MSG_SOLICIT:
		case NFD_DHCP6_MSG_CONFIRM:
		case NFD_DHCP6_MSG_REBIND:
		case NFD_DHCP6_MSG_INFORMATION_REQUEST:
			/* RFC 8415 §16: discarded when sent to a unicast address */
			res->drop = NFD_DHCP6_DROP_UNICAST;
			return FALSE;
		default:
			/* §18.4: this server never sends a Server Unicast option (§21.12), so a
			 * Request, Renew, Release or Decline sent to it by unicast is discarded and
			 * answered with UseMulticast; the client sends it again to ff02::1:2, where
			 * it is answered (§18.2.10) */
			*status = NFD_DHCP6_STATUS_USE_MULTICAST;
			return TRUE;
		}
	}
	switch (m->type) {
	case NFD_DHCP6_MSG_SOLICIT:
		/* RFC 8415 §18.3.1: a Reply, processed as a Request, only if the client asks for
		 * Rapid Commit and we allow it */
		if (!m->rapid_commit || !cfg->rapid_commit) {
			res->reply_type = NFD_DHCP6_MSG_ADVERTISE;
			*mode = IA_MODE_OFFER;
		}
		break;
	case NFD_DHCP6_MSG_RENEW:
	case NFD_DHCP6_MSG_REBIND:
		*mode = IA_MODE_EXTEND;
		break;
	case NFD_DHCP6_MSG_CONFIRM:
		*status = confirm_status(m, lease);
		if (*status < 0) {
			res->drop = NFD_DHCP6_DROP_NOTHING_TO_CONFIRM;
			return FALSE;
		}
		break;
	case NFD_DHCP6_MSG_DECLINE:
		/* RFC 8415 §18.3.8: the address is in use elsewhere; the binding stays as it is,
		 * the caller logs it for the operator */
		res->declined = first_addr(m, &res->declined_addr);
		*status = NFD_DHCP6_STATUS_SUCCESS;
		break;
	case NFD_DHCP6_MSG_RELEASE:
		/* RFC 8415 §18.3.7: nothing to free, the binding is the lease */
		*status = NFD_DHCP6_STATUS_SUCCESS;
		break;
	default:
		break;
	}
	return TRUE;
}

static const gchar *
status_message(gint status)
{
	switch (status) {
	case NFD_DHCP6_STATUS_SUCCESS:
		return "success";
	case NFD_DHCP6_STATUS_NOT_ON_LINK:
		return "not on link";
	default:
		return "use multicast";
	}
}

/* the body of the Advertise or Reply, after the Client and Server Identifiers */
static void
write_body(NfdWriter *w,
	   const NfdDhcp6Config *cfg,
	   const NfdDhcp6Msg *m,
	   const NfdDhcp6Lease *lease,
	   IaMode mode,
	   gint status,
	   NfdDhcp6Result *res)
{
	gboolean addr_given = FALSE, prefix_given = FALSE;
	gsize at;

	if (status >= 0) {
		/* Confirm (§18.3.3), Release (§18.3.7), Decline (§18.3.8), and UseMulticast
		 * (§18.4: "and no other options"): a status only */
		write_status(w, (guint16)status, status_message(status));
		res->status = status;
		return;
	}
	if (m->type == NFD_DHCP6_MSG_INFORMATION_REQUEST) {
		/* RFC 8415 §18.3.6 */
		write_config_options(w, cfg, lease, m);
		/* RFC 8415 §21.23: only in a Reply to an Information-request */
		at = opt_begin(w, NFD_DHCP6_OPT_INFORMATION_REFRESH_TIME);
		nfd_writer_u32(w, cfg->info_refresh_time);
		opt_end(w, at);
		return;
	}
	/* Solicit, Request, Renew, Rebind */
	for (guint i = 0; i < m->n_ia; i++)
		write_ia(w, cfg, lease, &m->ia[i], mode, &addr_given, &prefix_given);
	res->addr_assigned = addr_given;
	res->prefix_assigned = prefix_given;
	if (addr_given)
		res->addr = lease->addr;
	if (prefix_given)
		res->prefix = lease->prefix;
	if (res->reply_type == NFD_DHCP6_MSG_ADVERTISE && cfg->preference > 0) {
		/* RFC 8415 §18.3.9: the preference defaults to 0; §21.8: a client treats an
		 * Advertise without the option as preference 0, so 0 is not sent */
		at = opt_begin(w, NFD_DHCP6_OPT_PREFERENCE);
		nfd_writer_u8(w, cfg->preference);
		opt_end(w, at);
	}
	if (m->type == NFD_DHCP6_MSG_SOLICIT && res->reply_type == NFD_DHCP6_MSG_REPLY) {
		/* RFC 8415 §18.3.1, §21.14 */
		at = opt_begin(w, NFD_DHCP6_OPT_RAPID_COMMIT);
		opt_end(w, at);
	}
	write_config_options(w, cfg, lease, m);
}

/**
 * nfd_dhcp6_handle_message:
 * @cfg: the server configuration
 * @binding: the tap's binding
 * @src_mac: the Ethernet source of the request
 * @unicast: whether the request's IPv6 destination was a unicast address
 * @msg: the UDP payload (untrusted)
 * @len: its length
 * @out: where the reply's UDP payload goes
 * @cap: the size of @out
 * @out_len: (out): the reply's length, on NFD_VERDICT_REPLY
 * @res: (out): what happened, for logging
 *
 * Returns: NFD_VERDICT_ACCEPT if the binding has no IPv6 information (the packet is not ours
 * to answer), NFD_VERDICT_DROP for a message that gets no reply, else NFD_VERDICT_REPLY.
 */
NfdVerdict
nfd_dhcp6_handle_message(const NfdDhcp6Config *cfg,
			 const NfdBinding *binding,
			 const guint8 *src_mac,
			 gboolean unicast,
			 const guint8 *msg,
			 gsize len,
			 guint8 *out,
			 gsize cap,
			 gsize *out_len,
			 NfdDhcp6Result *res)
{
	NfdDhcp6Lease lease;
	NfdDhcp6Msg m;
	NfdDhcp6Drop why;
	NfdWriter w;
	IaMode mode;
	gint status;
	gsize at;

	memset(res, 0, sizeof(*res));
	res->status = -1;
	*out_len = 0;

	/* the issue: a bound guest whose binding lacks IPv6 gets no reply, its packet passes */
	if (!nfd_dhcp6_lease_from_binding(cfg, binding, &lease))
		return NFD_VERDICT_ACCEPT;
	res->bad_ip6 = lease.bad_ip6;
	res->bad_prefix6 = lease.bad_prefix6;
	res->bad_captive_portal = lease.bad_captive_portal;

	res->msg_type = len > 0 ? msg[0] : 0;
	/* §16.3, §16.10, §16.11: no server or relay messages; relay messages have another
	 * header (§9), so look at the type before parsing */
	if (len > 0 && !is_client_message(msg[0]))
		return drop(res, NFD_DHCP6_DROP_NOT_CLIENT_MESSAGE);
	if (!parse_message(msg, len, &m))
		return drop(res, NFD_DHCP6_DROP_MALFORMED);
	res->msg_type = m.type;
	res->xid = m.xid;

	if (!client_mac_ok(cfg, &lease, src_mac, &m))
		return drop(res, NFD_DHCP6_DROP_MAC_MISMATCH);
	why = validate(cfg, &m);
	if (why != NFD_DHCP6_DROP_NONE)
		return drop(res, why);
	if (!decide(cfg, &m, &lease, unicast, res, &mode, &status))
		return NFD_VERDICT_DROP;

	nfd_writer_init(&w, out, cap);
	nfd_writer_u8(&w, res->reply_type);
	nfd_writer_u8(&w, (guint8)(m.xid >> 16));
	nfd_writer_u8(&w, (guint8)(m.xid >> 8));
	nfd_writer_u8(&w, (guint8)m.xid);
	/* RFC 8415 §18.3: Client Identifier echoed if present, our Server Identifier always */
	if (m.client_id != NULL) {
		at = opt_begin(&w, NFD_DHCP6_OPT_CLIENTID);
		nfd_writer_bytes(&w, m.client_id, m.client_id_len);
		opt_end(&w, at);
	}
	at = opt_begin(&w, NFD_DHCP6_OPT_SERVERID);
	nfd_writer_bytes(&w, cfg->duid, cfg->duid_len);
	opt_end(&w, at);
	write_body(&w, cfg, &m, &lease, mode, status, res);
	if (w.overflow)
		return drop(res, NFD_DHCP6_DROP_REPLY_TOO_BIG);
	*out_len = w.len;
	return NFD_VERDICT_REPLY;
}

const gchar *
nfd_dhcp6_msg_type_to_string(guint8 msg_type)
{
	static const gchar *const names[] = {
	    [NFD_DHCP6_MSG_SOLICIT] = "SOLICIT",
	    [NFD_DHCP6_MSG_ADVERTISE] = "ADVERTISE",
	    [NFD_DHCP6_MSG_REQUEST] = "REQUEST",
	    [NFD_DHCP6_MSG_CONFIRM] = "CONFIRM",
	    [NFD_DHCP6_MSG_RENEW] = "RENEW",
	    [NFD_DHCP6_MSG_REBIND] = "REBIND",
	    [NFD_DHCP6_MSG_REPLY] = "REPLY",
	    [NFD_DHCP6_MSG_RELEASE] = "RELEASE",
	    [NFD_DHCP6_MSG_DECLINE] = "DECLINE",
	    [NFD_DHCP6_MSG_RECONFIGURE] = "RECONFIGURE",
	    [NFD_DHCP6_MSG_INFORMATION_REQUEST] = "INFORMATION-REQUEST",
	    [NFD_DHCP6_MSG_RELAY_FORW] = "RELAY-FORW",
	    [NFD_DHCP6_MSG_RELAY_REPL] = "RELAY-REPL",
	};
	if (msg_type < G_N_ELEMENTS(names) && names[msg_type] != NULL)
		return names[msg_type];
	return "UNKNOWN";
}

const gchar *
nfd_dhcp6_drop_to_string(NfdDhcp6Drop why)
{
	switch (why) {
	case NFD_DHCP6_DROP_NONE:
		return "none";
	case NFD_DHCP6_DROP_MALFORMED:
		return "malformed message";
	case NFD_DHCP6_DROP_NOT_CLIENT_MESSAGE:
		return "not a client message";
	case NFD_DHCP6_DROP_MAC_MISMATCH:
		return "client MAC does not match the binding";
	case NFD_DHCP6_DROP_NO_CLIENT_ID:
		return "no Client Identifier";
	case NFD_DHCP6_DROP_UNEXPECTED_SERVER_ID:
		return "Server Identifier not allowed in this message";
	case NFD_DHCP6_DROP_NO_SERVER_ID:
		return "no Server Identifier";
	case NFD_DHCP6_DROP_OTHER_SERVER:
		return "for another server";
	case NFD_DHCP6_DROP_IA_IN_INFORMATION_REQUEST:
		return "IA option in an Information-request";
	case NFD_DHCP6_DROP_NOTHING_TO_CONFIRM:
		return "Confirm without addresses";
	case NFD_DHCP6_DROP_REPLY_TOO_BIG:
		return "reply does not fit";
	case NFD_DHCP6_DROP_UNICAST:
		return "Solicit, Confirm, Rebind or Information-request sent to a unicast address";
	}
	return "unknown";
}
