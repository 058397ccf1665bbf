/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DHCPv4 protocol for one tap: parse a BOOTREQUEST (RFC 2131 §2, RFC 2132, with option
 * overload and RFC 3396 concatenation), decide OFFER/ACK/NAK/silence from the client's state
 * (RFC 2131 §4.3) against the tap's binding, and build the reply: options in the order of the
 * client's Parameter Request List plus an always-sent set, long options split (RFC 3396), the
 * file/sname fields overloaded when the options field is full (RFC 2132 §9.3), and, when even
 * that does not fit the client's maximum message size (RFC 2132 §9.10), the least important
 * options left out.  What real guests need beyond that (issue 10): option 121 ordered so that
 * each next hop is reachable when its route is installed (RFC 3442 §3), option 3 withheld
 * beside a requested 121, options 61 and 82 always echoed (RFC 6842, RFC 3046 §2.2), the
 * Client FQDN answer (RFC 4702), IPv6-Only Preferred (RFC 8925) and the captive-portal URI
 * (RFC 8910).  The reply's addressing follows RFC 2131 §4.1.
 *
 * Per packet everything lives on the stack or in the caller's buffer: no allocation, no GError.
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-dhcp4-proto.h"
#include "nfd-proto.h"
#include "nfd-reply.h"

#define DHCP_MAGIC 0x63825363u
#define DHCP_BROADCAST_FLAG 0x8000

/* RFC 2132 option codes */
enum {
	OPT_PAD = 0,
	OPT_SUBNET_MASK = 1,
	OPT_ROUTER = 3,
	OPT_DNS = 6,
	OPT_HOSTNAME = 12,
	OPT_DOMAIN = 15,
	OPT_MTU = 26,
	OPT_BROADCAST = 28,
	OPT_NTP = 42,
	OPT_REQUESTED_IP = 50,
	OPT_LEASE_TIME = 51,
	OPT_OVERLOAD = 52,
	OPT_MESSAGE_TYPE = 53,
	OPT_SERVER_ID = 54,
	OPT_PRL = 55,
	OPT_MAX_SIZE = 57,
	OPT_T1 = 58,
	OPT_T2 = 59,
	OPT_VENDOR_CLASS = 60,
	OPT_CLIENT_ID = 61,
	OPT_TFTP_SERVER = 66,
	OPT_BOOT_FILE = 67,
	OPT_CLIENT_FQDN = 81,
	OPT_AGENT_INFO = 82,
	OPT_IPV6_ONLY_PREFERRED = 108,
	OPT_CAPTIVE_PORTAL = 114,
	OPT_DOMAIN_SEARCH = 119,
	OPT_CLASSLESS_ROUTES = 121,
	OPT_MS_CLASSLESS_ROUTES = 249,
	OPT_END = 255,
};

/* offsets in the BOOTP header (RFC 2131 §2, figure 1) */
enum {
	OFF_OP = 0,
	OFF_HTYPE = 1,
	OFF_HLEN = 2,
	OFF_XID = 4,
	OFF_FLAGS = 10,
	OFF_CIADDR = 12,
	OFF_YIADDR = 16,
	OFF_SIADDR = 20,
	OFF_GIADDR = 24,
	OFF_CHADDR = 28,
	OFF_SNAME = 44,
	OFF_FILE = 108,
	OFF_COOKIE = 236,
};

/* one option of the request, concatenated over all its instances (RFC 3396 §6) */
typedef struct {
	guint8 data[255];
	guint16 len;
	gboolean seen;
} NfdDhcp4Acc;

typedef enum {
	ACC_MESSAGE_TYPE,
	ACC_REQUESTED_IP,
	ACC_SERVER_ID,
	ACC_PRL,
	ACC_MAX_SIZE,
	ACC_CLIENT_ID,
	ACC_AGENT_INFO,
	ACC_CLIENT_FQDN,
	ACC_OVERLOAD,
	ACC_VENDOR_CLASS,
	ACC_LAST,
} NfdDhcp4AccId;

typedef struct {
	const guint8 *msg;
	guint32 xid;
	guint16 flags;
	struct in_addr ciaddr;
	struct in_addr giaddr;
	const guint8 *chaddr;
	NfdDhcp4Acc acc[ACC_LAST];
} NfdDhcp4Request;

static gint
acc_for_code(guint8 code)
{
	switch (code) {
	case OPT_MESSAGE_TYPE:
		return ACC_MESSAGE_TYPE;
	case OPT_REQUESTED_IP:
		return ACC_REQUESTED_IP;
	case OPT_SERVER_ID:
		return ACC_SERVER_ID;
	case OPT_PRL:
		return ACC_PRL;
	case OPT_MAX_SIZE:
		return ACC_MAX_SIZE;
	case OPT_CLIENT_ID:
		return ACC_CLIENT_ID;
	case OPT_AGENT_INFO:
		return ACC_AGENT_INFO;
	case OPT_CLIENT_FQDN:
		return ACC_CLIENT_FQDN;
	case OPT_OVERLOAD:
		return ACC_OVERLOAD;
	case OPT_VENDOR_CLASS:
		return ACC_VENDOR_CLASS;
	default:
		return -1;
	}
}

/* scan one option area; a truncated option or an over-long concatenation is malformed */
static gboolean
scan_options(NfdDhcp4Request *req, const guint8 *p, gsize n, gboolean main_area)
{
	NfdReader r;

	nfd_reader_init(&r, p, n);
	while (r.rem > 0) {
		guint8 code = 0;
		guint8 olen = 0;
		const guint8 *data = NULL;
		gint id;

		nfd_reader_u8(&r, &code);
		/* RFC 2132 §3.1: pad */
		if (code == OPT_PAD)
			continue;
		/* RFC 2132 §3.2: end */
		if (code == OPT_END)
			return TRUE;
		if (!nfd_reader_u8(&r, &olen) || !nfd_reader_bytes(&r, &data, olen))
			return FALSE;
		/* RFC 2132 §9.3: option overload is only meaningful in the options field */
		if (code == OPT_OVERLOAD && !main_area)
			continue;
		id = acc_for_code(code);
		if (id < 0)
			continue;
		/* RFC 3396 §6: instances of one code are concatenated in order */
		if (olen > sizeof(req->acc[id].data) - req->acc[id].len)
			return FALSE;
		memcpy(req->acc[id].data + req->acc[id].len, data, olen);
		req->acc[id].len += olen;
		req->acc[id].seen = TRUE;
	}
	/* a missing end option is tolerated, as by every peer */
	return TRUE;
}

static gboolean
acc_ip4(const NfdDhcp4Acc *acc, struct in_addr *out)
{
	if (!acc->seen || acc->len != 4)
		return FALSE;
	memcpy(out, acc->data, 4);
	return TRUE;
}

static NfdDhcp4Reason
parse_request(NfdDhcp4Request *req, const guint8 *msg, gsize len)
{
	NfdReader r;
	guint32 cookie = 0;
	guint8 overload;

	/* RFC 2131 §2: the fixed header plus the magic cookie (RFC 2132 §2) */
	if (msg == NULL || len < NFD_DHCP4_HEADER_LEN)
		return NFD_DHCP4_REASON_MALFORMED;
	if (msg[OFF_OP] != 1)
		return NFD_DHCP4_REASON_MALFORMED;
	/* RFC 1700 hardware type 1, Ethernet: a tap only carries Ethernet */
	if (msg[OFF_HTYPE] != 1 || msg[OFF_HLEN] != 6)
		return NFD_DHCP4_REASON_NOT_ETHERNET;
	req->msg = msg;
	nfd_reader_init(&r, msg + OFF_XID, 4);
	nfd_reader_u32(&r, &req->xid);
	req->flags = (guint16)((msg[OFF_FLAGS] << 8) | msg[OFF_FLAGS + 1]);
	memcpy(&req->ciaddr, msg + OFF_CIADDR, 4);
	memcpy(&req->giaddr, msg + OFF_GIADDR, 4);
	req->chaddr = msg + OFF_CHADDR;
	nfd_reader_init(&r, msg + OFF_COOKIE, 4);
	nfd_reader_u32(&r, &cookie);
	if (cookie != DHCP_MAGIC)
		return NFD_DHCP4_REASON_BOOTP;
	if (!scan_options(req, msg + NFD_DHCP4_HEADER_LEN, len - NFD_DHCP4_HEADER_LEN, TRUE))
		return NFD_DHCP4_REASON_MALFORMED;
	/* RFC 2132 §9.3 and RFC 3396 §6: options field, then file, then sname */
	if (req->acc[ACC_OVERLOAD].seen) {
		if (req->acc[ACC_OVERLOAD].len != 1)
			return NFD_DHCP4_REASON_MALFORMED;
		overload = req->acc[ACC_OVERLOAD].data[0];
		if (overload < 1 || overload > 3)
			return NFD_DHCP4_REASON_MALFORMED;
		if ((overload & 1) != 0 && !scan_options(req, msg + OFF_FILE, 128, FALSE))
			return NFD_DHCP4_REASON_MALFORMED;
		if ((overload & 2) != 0 && !scan_options(req, msg + OFF_SNAME, 64, FALSE))
			return NFD_DHCP4_REASON_MALFORMED;
	}
	/* RFC 2132 §9.6: without a message type this is plain BOOTP, which we do not serve */
	if (!req->acc[ACC_MESSAGE_TYPE].seen)
		return NFD_DHCP4_REASON_BOOTP;
	if (req->acc[ACC_MESSAGE_TYPE].len != 1)
		return NFD_DHCP4_REASON_MALFORMED;
	if (req->acc[ACC_REQUESTED_IP].seen && req->acc[ACC_REQUESTED_IP].len != 4)
		return NFD_DHCP4_REASON_MALFORMED;
	if (req->acc[ACC_SERVER_ID].seen && req->acc[ACC_SERVER_ID].len != 4)
		return NFD_DHCP4_REASON_MALFORMED;
	return NFD_DHCP4_REASON_REPLY;
}

/* ---- reply building ---- */

typedef struct {
	guint8 code;
	/* higher is more important; 255 is never left out */
	guint8 prio;
	gboolean on;
	/* when this option is left out, the (withheld) option with this code goes in instead */
	guint8 revives;
	const guint8 *data;
	gsize len;
} NfdDhcp4Cand;

typedef struct {
	gsize pos;
	gsize end;
} NfdDhcp4Area;

/* first fit: an option that fits one instance does not straddle areas if it can be helped, so
 * clients without RFC 3396 support still read it whole */
static gboolean
pack_one(guint8 *buf, NfdDhcp4Area *areas, guint n_areas, const NfdDhcp4Cand *c)
{
	gsize left = c->len;
	const guint8 *p = c->data;
	gsize room = 0;

	if (left <= 255) {
		for (guint a = 0; a < n_areas; a++) {
			/* one octet stays free for the area's end option */
			if (areas[a].end - areas[a].pos >= left + 3) {
				buf[areas[a].pos] = c->code;
				buf[areas[a].pos + 1] = (guint8)left;
				memcpy(buf + areas[a].pos + 2, p, left);
				areas[a].pos += left + 2;
				return TRUE;
			}
		}
	}
	/* check first, so that a failed split leaves nothing half-written behind */
	for (guint a = 0; a < n_areas; a++) {
		gsize free_ = areas[a].end - areas[a].pos;
		while (free_ >= 4) {
			gsize chunk = MIN(255, free_ - 3);
			room += chunk;
			free_ -= chunk + 2;
		}
	}
	if (room < left)
		return FALSE;
	/* RFC 3396 §5: split into several instances of the same code, in area order */
	for (guint a = 0; a < n_areas && left > 0; a++) {
		while (left > 0 && areas[a].end - areas[a].pos >= 4) {
			gsize chunk = MIN(MIN(left, 255), areas[a].end - areas[a].pos - 3);
			buf[areas[a].pos] = c->code;
			buf[areas[a].pos + 1] = (guint8)chunk;
			memcpy(buf + areas[a].pos + 2, p, chunk);
			areas[a].pos += chunk + 2;
			p += chunk;
			left -= chunk;
		}
	}
	return left == 0;
}

/* try to place every enabled option; returns the message length or 0 */
static gsize
pack_all(guint8 *buf, gsize limit, const NfdDhcp4Cand *cands, guint n, gboolean overload)
{
	NfdDhcp4Area areas[3];
	guint n_areas = 1;
	guint8 used = 0;
	gsize len;

	areas[0].pos = NFD_DHCP4_HEADER_LEN + (overload ? 3 : 0);
	areas[0].end = limit;
	if (overload) {
		/* RFC 2132 §9.3: file (value 1) is used before sname (value 2) */
		areas[1].pos = OFF_FILE;
		areas[1].end = OFF_COOKIE;
		areas[2].pos = OFF_SNAME;
		areas[2].end = OFF_FILE;
		n_areas = 3;
		memset(buf + OFF_SNAME, 0, OFF_COOKIE - OFF_SNAME);
	}
	if (areas[0].pos + 1 > limit)
		return 0;
	for (guint i = 0; i < n; i++) {
		if (cands[i].on && !pack_one(buf, areas, n_areas, &cands[i]))
			return 0;
	}
	if (overload) {
		if (areas[1].pos > OFF_FILE) {
			buf[areas[1].pos] = OPT_END;
			used |= 1;
		}
		if (areas[2].pos > OFF_SNAME) {
			buf[areas[2].pos] = OPT_END;
			used |= 2;
		}
		if (used == 0)
			return 0;
		buf[NFD_DHCP4_HEADER_LEN] = OPT_OVERLOAD;
		buf[NFD_DHCP4_HEADER_LEN + 1] = 1;
		buf[NFD_DHCP4_HEADER_LEN + 2] = used;
	}
	buf[areas[0].pos] = OPT_END;
	len = areas[0].pos + 1;
	/* RFC 1542 §3.2.1: pad to the 300-octet BOOTP minimum */
	if (len < NFD_DHCP4_BOOTP_MIN && limit >= NFD_DHCP4_BOOTP_MIN) {
		memset(buf + len, 0, NFD_DHCP4_BOOTP_MIN - len);
		len = NFD_DHCP4_BOOTP_MIN;
	}
	return len;
}

/* fit the options, leaving out the least important ones until they fit */
static gsize
pack_trimmed(guint8 *buf, gsize limit, NfdDhcp4Cand *cands, guint n, guint *n_trimmed)
{
	for (;;) {
		gsize len = pack_all(buf, limit, cands, n, FALSE);
		gint victim = -1;

		if (len == 0)
			len = pack_all(buf, limit, cands, n, TRUE);
		if (len > 0)
			return len;
		for (guint i = 0; i < n; i++) {
			if (cands[i].on && cands[i].prio < 255 &&
			    (victim < 0 || cands[i].prio <= cands[victim].prio))
				victim = (gint)i;
		}
		if (victim < 0)
			return 0;
		cands[victim].on = FALSE;
		(*n_trimmed)++;
		for (guint i = 0; cands[victim].revives != 0 && i < n; i++) {
			if (cands[i].code == cands[victim].revives)
				cands[i].on = TRUE;
		}
	}
}

static void
put_u32(guint8 *p, guint32 v)
{
	p[0] = (guint8)(v >> 24);
	p[1] = (guint8)(v >> 16);
	p[2] = (guint8)(v >> 8);
	p[3] = (guint8)v;
}

static gsize
encode_route(guint8 *p, const NfdDhcp4Route *r)
{
	/* RFC 3442 §2: width, the significant octets of the destination, the router */
	guint sig = (r->prefix_len + 7u) / 8u;

	p[0] = r->prefix_len;
	memcpy(p + 1, &r->dest, sig);
	memcpy(p + 1 + sig, &r->gateway, 4);
	return 1 + sig + 4;
}

static gboolean
server_identifier(const NfdDhcp4Config *cfg,
		  const NfdBinding *b,
		  const struct in_addr *ip,
		  struct in_addr *out)
{
	struct in_addr net;
	guint plen = 0;

	if (cfg->server_on_link) {
		if (nfd_binding_get_gateway4(b, out))
			return TRUE;
		/* the first host of SUBNET, unless that is the VM itself (original §9.1 bug 11) */
		if (nfd_binding_get_subnet4(b, &net, &plen) && plen <= 30) {
			out->s_addr = htonl(ntohl(net.s_addr) + 1);
			if (out->s_addr != ip->s_addr)
				return TRUE;
		}
	}
	if (cfg->has_server_ip) {
		*out = cfg->server_ip;
		return TRUE;
	}
	return FALSE;
}

static gboolean
cand_in_prl(const NfdDhcp4Request *req, guint8 code)
{
	const NfdDhcp4Acc *prl = &req->acc[ACC_PRL];

	return prl->seen && memchr(prl->data, code, prl->len) != NULL;
}

/* the options of OFFER/ACK/NAK, in wire order, built on the caller's stack */
typedef struct {
	guint8 type;
	guint8 sid[4];
	guint8 mask[4];
	guint8 router[4];
	guint8 dns[NFD_DHCP4_MAX_ADDRS * 4];
	guint8 ntp[NFD_DHCP4_MAX_ADDRS * 4];
	guint8 bcast[4];
	guint8 mtu[2];
	guint8 lease[4];
	guint8 t1[4];
	guint8 t2[4];
	guint8 v6only[4];
	/* flags, RCODE1, RCODE2, the name: one instance at most */
	guint8 fqdn[255];
	/* the on-link host route, the config and binding routes, the default route */
	guint8 routes[(2 + NFD_DHCP4_MAX_ROUTES + NFD_DHCP4_MAX_BINDING_ROUTES) * 9];
	NfdDhcp4Cand cands[32];
	guint n;
} NfdDhcp4Options;

static void
add(NfdDhcp4Options *o, guint8 code, guint8 prio, const void *data, gsize len)
{
	if (o->n >= G_N_ELEMENTS(o->cands) || len == 0)
		return;
	o->cands[o->n].code = code;
	o->cands[o->n].prio = prio;
	o->cands[o->n].on = TRUE;
	o->cands[o->n].revives = 0;
	o->cands[o->n].data = data;
	o->cands[o->n].len = len;
	o->n++;
}

static NfdDhcp4Cand *
find_cand(NfdDhcp4Options *o, guint8 code)
{
	for (guint i = 0; i < o->n; i++) {
		if (o->cands[i].code == code)
			return &o->cands[i];
	}
	return NULL;
}

/* the config routes, then the usable entries of the binding's ROUTES key */
static guint
gather_routes(const NfdDhcp4Config *cfg, const NfdBinding *b, NfdDhcp4Route *list, guint *bad)
{
	const gchar *extra = nfd_binding_get_value(b, "ROUTES");
	guint n = cfg->n_routes;
	guint n_extra = 0;

	memcpy(list, cfg->routes, n * sizeof(NfdDhcp4Route));
	while (extra != NULL && *extra != '\0') {
		const gchar *comma = strchr(extra, ',');
		gsize len = comma != NULL ? (gsize)(comma - extra) : strlen(extra);

		if (n_extra < NFD_DHCP4_MAX_BINDING_ROUTES &&
		    nfd_dhcp4_route_parse(extra, len, &list[n])) {
			n++;
			n_extra++;
		} else {
			*bad |= NFD_DHCP4_BAD_ROUTES;
		}
		extra = comma != NULL ? comma + 1 : extra + len;
	}
	return n;
}

static gboolean
route_equal(const NfdDhcp4Route *a, const NfdDhcp4Route *b)
{
	return a->prefix_len == b->prefix_len && a->dest.s_addr == b->dest.s_addr &&
	       a->gateway.s_addr == b->gateway.s_addr;
}

/*
 * Option 121 (and 249).  RFC 3442 §3: a client that gets 121 ignores option 3, so the default
 * route is in here; and clients install the routes one by one in the order given (Debian's
 * dhclient-script hook does "ip route add" per route and drops the ones that fail), so every
 * next hop must be reachable when its route comes.  Hence the order:
 *   1. GATEWAY/32 via 0.0.0.0 when GATEWAY is outside SUBNET (a /32 binding, or SUBNET unset):
 *      the on-link host route without which "default via GATEWAY" is refused;
 *   2. the routes (config, then binding) with a 0.0.0.0 next hop: on-link networks;
 *   3. the config routes, then the binding's ROUTES, with a next hop;
 *   4. the default route via GATEWAY, unless the binding is PRIVATE.
 * A 0.0.0.0 router meaning "on this link" is what dhclient-script, dhcpcd, systemd-networkd
 * and udhcpc scripts all install as a device route.
 */
static gsize
collect_routes(const NfdDhcp4Config *cfg,
	       const NfdBinding *b,
	       gboolean private_,
	       guint8 *out,
	       guint *bad)
{
	NfdDhcp4Route list[NFD_DHCP4_MAX_ROUTES + NFD_DHCP4_MAX_BINDING_ROUTES];
	NfdDhcp4Route host = {.prefix_len = 32};
	NfdDhcp4Route def = {0};
	gboolean has_gw = nfd_binding_get_gateway4(b, &def.gateway);
	gboolean need_host = FALSE;
	struct in_addr net;
	guint plen = 0;
	gsize len = 0;
	guint n = gather_routes(cfg, b, list, bad);

	if (has_gw) {
		guint32 mask = 0;
		gboolean on_link = FALSE;

		if (nfd_binding_get_subnet4(b, &net, &plen)) {
			mask = plen == 0 ? 0 : htonl(0xffffffffu << (32 - plen));
			on_link = plen < 32 && (def.gateway.s_addr & mask) == net.s_addr;
		}
		/* needed by the default route, or by a route through GATEWAY (PRIVATE) */
		need_host = !on_link && !private_;
		for (guint i = 0; i < n && !on_link && !need_host; i++)
			need_host = list[i].gateway.s_addr == def.gateway.s_addr;
		host.dest = def.gateway;
	}
	if (need_host)
		len += encode_route(out + len, &host);
	for (guint i = 0; i < n; i++) {
		if (list[i].gateway.s_addr == 0 && !(need_host && route_equal(&list[i], &host)))
			len += encode_route(out + len, &list[i]);
	}
	for (guint i = 0; i < n; i++) {
		if (list[i].gateway.s_addr != 0)
			len += encode_route(out + len, &list[i]);
	}
	if (has_gw && !private_)
		len += encode_route(out + len, &def);
	return len;
}

/* the binding's value of KEY (empty is unset), or NULL when there is none */
static const gchar *
binding_value(const NfdBinding *b, const gchar *key)
{
	const gchar *v = nfd_binding_get_value(b, key);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

/* V6ONLY_WAIT (RFC 8925 §3.1): the binding's IPV6_ONLY_PREFERRED overrides [dhcp4]
 * ipv6-only-preferred; 0 means no option 108 */
static guint32
v6only_wait(const NfdDhcp4Config *cfg, const NfdBinding *b, guint *bad)
{
	const gchar *v = binding_value(b, "IPV6_ONLY_PREFERRED");
	guint64 secs = 0;

	if (v == NULL)
		return cfg->v6only_wait;
	/* no GError: nothing is allocated per packet */
	if (!g_ascii_string_to_unsigned(v, 10, 0, G_MAXUINT32, &secs, NULL)) {
		*bad |= NFD_DHCP4_BAD_IPV6_ONLY_PREFERRED;
		return cfg->v6only_wait;
	}
	return (guint32)secs;
}

/* RFC 8910 §2: CAPTIVE_PORTAL overrides [dhcp4] captive-portal */
static const gchar *
captive_portal(const NfdDhcp4Config *cfg, const NfdBinding *b, guint *bad)
{
	const gchar *v = binding_value(b, "CAPTIVE_PORTAL");

	if (v == NULL)
		return cfg->captive_portal;
	if (!nfd_dhcp4_uri_usable(v)) {
		*bad |= NFD_DHCP4_BAD_CAPTIVE_PORTAL;
		return cfg->captive_portal;
	}
	return v;
}

/* append TEXT to NAME (capacity CAP) at *LEN; FALSE when it does not fit */
static gboolean
name_append(gchar *name, gsize cap, gsize *len, const gchar *text)
{
	gsize n = strlen(text);

	if (n >= cap - *len)
		return FALSE;
	memcpy(name + *len, text, n + 1);
	*len += n;
	return TRUE;
}

/*
 * RFC 4702: the answer to a Client FQDN option (81), in OUT (255 octets); 0 when none is due.
 * §2.1 flags: N=1, this server never updates DNS; S=0, which N=1 requires; O=1 when the client
 * set S, since the server MUST set O when its S differs from the client's; E as the client
 * sent it, since a server MUST use the client's encoding.  §2.2: a server sends 255 in the two
 * deprecated RCODE fields.  §4: the server sends its notion of the client's FQDN: HOSTNAME when
 * it has a dot (GRNET's HOSTNAME is the VM's FQDN), else HOSTNAME.domain when [dhcp4] domain
 * is set, else HOSTNAME as a partial name (§2.3: no root label); without a usable HOSTNAME the
 * client's own name is echoed, which §4 allows.
 */
static gsize
encode_fqdn(const NfdDhcp4Acc *acc, const gchar *hostname, const gchar *domain, guint8 *out)
{
	gchar name[256];
	const gchar *names[] = {name, NULL};
	gboolean partial = FALSE;
	gboolean ok = hostname != NULL;
	gsize len = 0;
	gssize n = -1;

	/* §2: flags and the two RCODEs at least; anything shorter is ignored */
	if (!acc->seen || acc->len < 3)
		return 0;
	out[0] = NFD_DHCP4_FQDN_N | (acc->data[0] & NFD_DHCP4_FQDN_E);
	if ((acc->data[0] & NFD_DHCP4_FQDN_S) != 0)
		out[0] |= NFD_DHCP4_FQDN_O;
	out[1] = 255;
	out[2] = 255;
	if (ok)
		ok = name_append(name, sizeof(name), &len, hostname);
	if (ok && strchr(hostname, '.') == NULL) {
		if (domain != NULL)
			ok = name_append(name, sizeof(name), &len, ".") &&
			     name_append(name, sizeof(name), &len, domain);
		else
			partial = TRUE;
	}
	if (ok && (acc->data[0] & NFD_DHCP4_FQDN_E) != 0) {
		/* RFC 1035 §3.1 labels, uncompressed; a partial name lacks the root label */
		n = nfd_proto_dns_encode_list(names, FALSE, out + 3, 252);
		if (n > 0 && partial)
			n--;
	} else if (ok && len <= 252) {
		/* §2.3.1: the deprecated ASCII form */
		memcpy(out + 3, name, len);
		n = (gssize)len;
	}
	if (n <= 0) {
		memcpy(out + 3, acc->data + 3, acc->len - 3);
		n = (gssize)(acc->len - 3);
	}
	return 3 + (gsize)n;
}

/* 1, 28, 3, 6, 26, 42: the link */
static void
add_link_options(const NfdDhcp4Config *cfg,
		 const NfdBinding *b,
		 gboolean private_,
		 NfdDhcp4Options *o,
		 NfdDhcp4Options *tmp)
{
	struct in_addr net;
	struct in_addr gw;
	guint plen = 0;
	guint mtu = nfd_binding_get_mtu(b);

	if (nfd_binding_get_subnet4(b, &net, &plen)) {
		guint32 m = plen == 0 ? 0 : 0xffffffffu << (32 - plen);
		/* RFC 2132 §3.3 */
		put_u32(o->mask, m);
		add(tmp, OPT_SUBNET_MASK, 240, o->mask, 4);
		/* RFC 2132 §5.3; meaningless on /31 and /32 */
		if (plen <= 30) {
			put_u32(o->bcast, ntohl(net.s_addr) | ~m);
			add(tmp, OPT_BROADCAST, 120, o->bcast, 4);
		}
	}
	/* RFC 2132 §3.5: no router for PRIVATE bindings */
	if (!private_ && nfd_binding_get_gateway4(b, &gw)) {
		memcpy(o->router, &gw, 4);
		add(tmp, OPT_ROUTER, 230, o->router, 4);
	}
	/* RFC 2132 §3.8: one option carrying every server (original §9.1 bug 8) */
	for (guint i = 0; i < cfg->n_nameservers; i++)
		memcpy(o->dns + 4 * i, &cfg->nameservers[i], 4);
	add(tmp, OPT_DNS, 200, o->dns, 4 * cfg->n_nameservers);
	/* RFC 2132 §5.1 */
	if (mtu == 0)
		mtu = cfg->mtu;
	if (mtu >= 68) {
		o->mtu[0] = (guint8)(mtu >> 8);
		o->mtu[1] = (guint8)mtu;
		add(tmp, OPT_MTU, 140, o->mtu, 2);
	}
	/* RFC 2132 §8.3 */
	for (guint i = 0; i < cfg->n_ntp_servers; i++)
		memcpy(o->ntp + 4 * i, &cfg->ntp_servers[i], 4);
	add(tmp, OPT_NTP, 50, o->ntp, 4 * cfg->n_ntp_servers);
}

/* 12, 15, 81, 119: names */
static void
add_name_options(const NfdDhcp4Config *cfg,
		 const NfdBinding *b,
		 const NfdDhcp4Request *req,
		 NfdDhcp4Options *o,
		 NfdDhcp4Options *tmp)
{
	const gchar *hostname = nfd_binding_get_hostname(b);
	const gchar *domain = cfg->domain;

	/* RFC 2132 §3.14 */
	if (hostname != NULL)
		add(tmp, OPT_HOSTNAME, 100, hostname, MIN(strlen(hostname), 255));
	/* RFC 2132 §3.17: a dot-less hostname gives no domain (original §9.1 bug 14) */
	if (domain == NULL && hostname != NULL && strchr(hostname, '.') != NULL)
		domain = strchr(hostname, '.') + 1;
	if (domain != NULL)
		add(tmp, OPT_DOMAIN, 110, domain, MIN(strlen(domain), 255));
	/* RFC 4702 §4: only in answer to a client that sent the option */
	add(tmp,
	    OPT_CLIENT_FQDN,
	    90,
	    o->fqdn,
	    encode_fqdn(&req->acc[ACC_CLIENT_FQDN], hostname, cfg->domain, o->fqdn));
	/* RFC 3397 §2 */
	add(tmp, OPT_DOMAIN_SEARCH, 80, cfg->search, cfg->search_len);
}

/* 51, 58, 59, 108, 121, 249, 114, 66, 67 */
static void
add_lease_options(const NfdDhcp4Config *cfg,
		  const NfdBinding *b,
		  const NfdDhcp4Request *req,
		  gboolean lease,
		  NfdDhcp4Options *o,
		  NfdDhcp4Options *tmp,
		  guint *bad)
{
	gsize routes_len;
	const gchar *portal = captive_portal(cfg, b, bad);
	guint32 wait = v6only_wait(cfg, b, bad);

	/* RFC 2131 §4.3.5: no lease times in the ACK to an INFORM */
	if (lease) {
		/* RFC 2132 §9.2, §9.11, §9.12 */
		put_u32(o->lease, cfg->lease_time);
		put_u32(o->t1, cfg->renewal_time);
		put_u32(o->t2, cfg->rebinding_time);
		add(tmp, OPT_LEASE_TIME, 250, o->lease, 4);
		add(tmp, OPT_T1, 150, o->t1, 4);
		add(tmp, OPT_T2, 150, o->t2, 4);
		/* RFC 8925 §3.3: only when the client lists 108 in its PRL.  The address stays
		 * in yiaddr: it is the binding's own, there is no pool to spare (Kea does the
		 * same for reservations); a client that honours 108 does not configure it */
		if (wait != 0 && cand_in_prl(req, OPT_IPV6_ONLY_PREFERRED)) {
			put_u32(o->v6only, wait);
			add(tmp, OPT_IPV6_ONLY_PREFERRED, 245, o->v6only, 4);
		}
	}
	routes_len = collect_routes(cfg, b, nfd_binding_get_private(b), o->routes, bad);
	add(tmp, OPT_CLASSLESS_ROUTES, 225, o->routes, routes_len);
	/* Microsoft's pre-standard code for RFC 3442, only when asked for */
	if (cand_in_prl(req, OPT_MS_CLASSLESS_ROUTES))
		add(tmp, OPT_MS_CLASSLESS_ROUTES, 10, o->routes, routes_len);
	/* RFC 8910 §2.1: the URI, no terminating NUL, at most 255 octets; only when asked for */
	if (portal != NULL && cand_in_prl(req, OPT_CAPTIVE_PORTAL))
		add(tmp, OPT_CAPTIVE_PORTAL, 40, portal, MIN(strlen(portal), 255));
	/* RFC 2132 §9.4, §9.5 */
	if (cfg->tftp_server != NULL)
		add(tmp, OPT_TFTP_SERVER, 60, cfg->tftp_server, MIN(strlen(cfg->tftp_server), 255));
	if (cfg->boot_file != NULL)
		add(tmp, OPT_BOOT_FILE, 60, cfg->boot_file, MIN(strlen(cfg->boot_file), 255));
}

/* RFC 2132 §9.8: the options the client asked for in its order, then the always-sent rest.
 * Each option code of ORDER has at most one place in ORDER; RANK maps a code to it (1-based),
 * and FIRST to its first candidate in TMP, so the PRL walk is one lookup per octet (it was a
 * scan of ORDER and TMP per octet: 3 % of a request's CPU at 50,000/s) */
static void
add_in_order(const NfdDhcp4Request *req, const NfdDhcp4Options *tmp, NfdDhcp4Options *o)
{
	static const guint8 order[] = {OPT_SUBNET_MASK,
				       OPT_ROUTER,
				       OPT_DNS,
				       OPT_HOSTNAME,
				       OPT_DOMAIN,
				       OPT_CLIENT_FQDN,
				       OPT_MTU,
				       OPT_BROADCAST,
				       OPT_NTP,
				       OPT_LEASE_TIME,
				       OPT_T1,
				       OPT_T2,
				       OPT_IPV6_ONLY_PREFERRED,
				       OPT_CAPTIVE_PORTAL,
				       OPT_DOMAIN_SEARCH,
				       OPT_CLASSLESS_ROUTES,
				       OPT_MS_CLASSLESS_ROUTES,
				       OPT_TFTP_SERVER,
				       OPT_BOOT_FILE};
	const NfdDhcp4Acc *prl = &req->acc[ACC_PRL];
	guint8 rank[256];
	guint first[G_N_ELEMENTS(order)];
	gboolean done[G_N_ELEMENTS(order)] = {FALSE};

	memset(rank, 0, sizeof(rank));
	for (guint k = 0; k < G_N_ELEMENTS(order); k++) {
		rank[order[k]] = (guint8)(k + 1);
		first[k] = tmp->n;
	}
	for (guint i = tmp->n; i-- > 0;) {
		guint8 r = rank[tmp->cands[i].code];
		if (r != 0)
			first[r - 1] = i;
	}
	for (guint j = 0; prl->seen && j < prl->len; j++) {
		guint8 r = rank[prl->data[j]];
		const NfdDhcp4Cand *c;

		if (r == 0 || done[r - 1] || first[r - 1] == tmp->n)
			continue;
		c = &tmp->cands[first[r - 1]];
		add(o, c->code, c->prio, c->data, c->len);
		done[r - 1] = TRUE;
	}
	for (guint k = 0; k < G_N_ELEMENTS(order); k++) {
		for (guint i = first[k]; !done[k] && i < tmp->n; i++) {
			const NfdDhcp4Cand *c = &tmp->cands[i];
			if (c->code == order[k])
				add(o, c->code, c->prio, c->data, c->len);
		}
	}
}

static void
build_options(const NfdDhcp4Config *cfg,
	      const NfdBinding *b,
	      const NfdDhcp4Request *req,
	      guint8 type,
	      const struct in_addr *sid,
	      NfdDhcp4Options *o,
	      guint *bad)
{
	gboolean lease =
	    type != NFD_DHCP4_ACK || req->acc[ACC_MESSAGE_TYPE].data[0] != NFD_DHCP4_INFORM;
	NfdDhcp4Options tmp;

	o->n = 0;
	o->type = type;
	memcpy(o->sid, sid, 4);
	/* RFC 2132 §9.6, §9.7: message type and server identifier in every reply */
	add(o, OPT_MESSAGE_TYPE, 255, &o->type, 1);
	add(o, OPT_SERVER_ID, 255, o->sid, 4);
	if (type != NFD_DHCP4_NAK) {
		NfdDhcp4Cand *routes;
		NfdDhcp4Cand *router;

		tmp.n = 0;
		add_link_options(cfg, b, nfd_binding_get_private(b), o, &tmp);
		add_name_options(cfg, b, req, o, &tmp);
		add_lease_options(cfg, b, req, lease, o, &tmp, bad);
		add_in_order(req, &tmp, o);
		/* RFC 3442 §3 (DHCP Client Behavior): a client that gets 121 MUST ignore option
		 * 3, and 121 carries the default route: a client that asked for 121 does not get
		 * option 3.  One that did not ask may not know 121, so it gets both.  Should 121
		 * be left out for room, option 3 goes back in. */
		routes = find_cand(o, OPT_CLASSLESS_ROUTES);
		router = find_cand(o, OPT_ROUTER);
		if (routes != NULL && router != NULL && cand_in_prl(req, OPT_CLASSLESS_ROUTES)) {
			router->on = FALSE;
			routes->revives = OPT_ROUTER;
		}
	}
	/* RFC 6842 §3: the client identifier MUST be echoed; never left out for room */
	if (req->acc[ACC_CLIENT_ID].seen)
		add(o,
		    OPT_CLIENT_ID,
		    255,
		    req->acc[ACC_CLIENT_ID].data,
		    req->acc[ACC_CLIENT_ID].len);
	/* RFC 3046 §2.2: relay agent information echoed in every reply to a message that
	 * carried it, relayed or not, last; never left out for room */
	if (req->acc[ACC_AGENT_INFO].seen)
		add(o,
		    OPT_AGENT_INFO,
		    255,
		    req->acc[ACC_AGENT_INFO].data,
		    req->acc[ACC_AGENT_INFO].len);
}

static const guint8 broadcast_mac[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static NfdVerdict
drop(NfdDhcp4Reply *out, NfdDhcp4Reason reason)
{
	out->reason = reason;
	out->len = 0;
	return NFD_VERDICT_DROP;
}

NfdVerdict
nfd_dhcp4_handle(const NfdDhcp4Config *cfg,
		 const NfdBinding *binding,
		 const guint8 *src_mac,
		 const guint8 *msg,
		 gsize len,
		 NfdDhcp4Reply *out)
{
	NfdDhcp4Request req;
	NfdDhcp4Options opts;
	NfdDhcp4Reason reason;
	const guint8 *mac;
	struct in_addr ip;
	struct in_addr sid;
	struct in_addr yiaddr = {0};
	struct in_addr ciaddr = {0};
	struct in_addr requested = {0};
	guint8 type;
	guint8 reply;
	gsize limit;
	guint16 flags;
	guint8 *buf = out->buf;

	out->len = 0;
	out->request_type = 0;
	out->reply_type = 0;
	out->xid = 0;
	out->requested.s_addr = 0;
	out->yiaddr.s_addr = 0;
	out->bad_binding_keys = 0;
	out->n_trimmed = 0;
	out->prl_len = 0;
	out->vendor_len = 0;
	memset(req.acc, 0, sizeof(req.acc));
	reason = parse_request(&req, msg, len);
	if (reason != NFD_DHCP4_REASON_REPLY)
		return drop(out, reason);
	type = req.acc[ACC_MESSAGE_TYPE].data[0];
	out->request_type = type;
	out->xid = req.xid;
	/* the client's fingerprint, for the operator (nfd_plugin_note_client()) */
	out->prl_len = (guint8)MIN(req.acc[ACC_PRL].len, sizeof(out->prl));
	memcpy(out->prl, req.acc[ACC_PRL].data, out->prl_len);
	out->vendor_len = (guint8)MIN(req.acc[ACC_VENDOR_CLASS].len, sizeof(out->vendor));
	memcpy(out->vendor, req.acc[ACC_VENDOR_CLASS].data, out->vendor_len);

	/* the binding is the lease: only its MAC may ask, unless MACSPOOF */
	mac = nfd_binding_get_mac(binding);
	if (!nfd_binding_get_macspoof(binding) && (mac == NULL || memcmp(mac, req.chaddr, 6) != 0))
		return drop(out, NFD_DHCP4_REASON_SPOOFED);
	if (!nfd_binding_get_ip4(binding, &ip))
		return drop(out, NFD_DHCP4_REASON_NO_IP);
	if (!server_identifier(cfg, binding, &ip, &sid))
		return drop(out, NFD_DHCP4_REASON_NO_SERVER_ID);

	switch (type) {
	case NFD_DHCP4_DISCOVER:
		/* RFC 2131 §4.3.1: the binding's address, whatever option 50 asks for */
		reply = NFD_DHCP4_OFFER;
		yiaddr = ip;
		break;
	case NFD_DHCP4_REQUEST:
		if (req.acc[ACC_SERVER_ID].seen) {
			struct in_addr theirs = {0};
			/* RFC 2131 §4.3.2 SELECTING: another server's offer was chosen */
			acc_ip4(&req.acc[ACC_SERVER_ID], &theirs);
			if (theirs.s_addr != sid.s_addr)
				return drop(out, NFD_DHCP4_REASON_FOREIGN_SERVER);
			/* SELECTING: 'requested IP address' MUST be filled in */
			if (!acc_ip4(&req.acc[ACC_REQUESTED_IP], &requested))
				requested = req.ciaddr;
		} else if (acc_ip4(&req.acc[ACC_REQUESTED_IP], &requested)) {
			/* RFC 2131 §4.3.2 INIT-REBOOT: NAK an address that is not the binding's */
		} else {
			/* RFC 2131 §4.3.2 RENEWING / REBINDING: ciaddr carries the address */
			requested = req.ciaddr;
			ciaddr = req.ciaddr;
		}
		out->requested = requested;
		if (requested.s_addr != ip.s_addr) {
			reply = NFD_DHCP4_NAK;
			ciaddr.s_addr = 0;
		} else {
			reply = NFD_DHCP4_ACK;
			yiaddr = ip;
		}
		break;
	case NFD_DHCP4_INFORM:
		/* RFC 2131 §4.3.5: configuration only, no yiaddr, sent to ciaddr */
		reply = NFD_DHCP4_ACK;
		ciaddr = req.ciaddr;
		break;
	case NFD_DHCP4_RELEASE:
		/* RFC 2131 §4.3.4: nothing to free, the binding is the lease */
		return drop(out, NFD_DHCP4_REASON_RELEASE);
	case NFD_DHCP4_DECLINE:
		/* RFC 2131 §4.3.3 / RFC 5227: an address conflict, an IPAM error here */
		return drop(out, NFD_DHCP4_REASON_DECLINE);
	default:
		return drop(out, NFD_DHCP4_REASON_UNSUPPORTED);
	}

	/* RFC 2132 §9.10: at most the client's maximum message size (IP datagram size) */
	limit = MIN(out->cap, NFD_REPLY_PAYLOAD_MAX);
	if (req.acc[ACC_MAX_SIZE].seen && req.acc[ACC_MAX_SIZE].len == 2) {
		guint max =
		    ((guint)req.acc[ACC_MAX_SIZE].data[0] << 8) | req.acc[ACC_MAX_SIZE].data[1];
		limit = MIN(limit, MAX(max, 576u) - 28u);
	} else {
		limit = MIN(limit, NFD_DHCP4_MIN_MESSAGE);
	}
	if (buf == NULL || limit < NFD_DHCP4_HEADER_LEN + 4)
		return drop(out, NFD_DHCP4_REASON_NO_ROOM);

	/* RFC 2131 §4.3.1 table 3: the reply's fixed fields */
	flags = req.flags;
	/* RFC 2131 §4.3.2: a NAK through a relay has the broadcast bit set */
	if (reply == NFD_DHCP4_NAK && req.giaddr.s_addr != 0)
		flags |= DHCP_BROADCAST_FLAG;
	memset(buf, 0, NFD_DHCP4_HEADER_LEN);
	buf[OFF_OP] = 2;
	buf[OFF_HTYPE] = 1;
	buf[OFF_HLEN] = 6;
	memcpy(buf + OFF_XID, msg + OFF_XID, 4);
	buf[OFF_FLAGS] = (guint8)(flags >> 8);
	buf[OFF_FLAGS + 1] = (guint8)flags;
	memcpy(buf + OFF_CIADDR, &ciaddr, 4);
	memcpy(buf + OFF_YIADDR, &yiaddr, 4);
	if (reply != NFD_DHCP4_NAK && cfg->has_next_server)
		memcpy(buf + OFF_SIADDR, &cfg->next_server, 4);
	memcpy(buf + OFF_GIADDR, &req.giaddr, 4);
	memcpy(buf + OFF_CHADDR, req.chaddr, 16);
	put_u32(buf + OFF_COOKIE, DHCP_MAGIC);

	build_options(cfg, binding, &req, reply, &sid, &opts, &out->bad_binding_keys);
	out->len = pack_trimmed(buf, limit, opts.cands, opts.n, &out->n_trimmed);
	if (out->len == 0)
		return drop(out, NFD_DHCP4_REASON_NO_ROOM);
	/* BOOTP's file field names the boot file, unless it carries options (RFC 2132 §9.5) */
	if (reply != NFD_DHCP4_NAK && cfg->boot_file != NULL &&
	    !(buf[NFD_DHCP4_HEADER_LEN] == OPT_OVERLOAD &&
	      (buf[NFD_DHCP4_HEADER_LEN + 2] & 1) != 0))
		memcpy(buf + OFF_FILE,
		       cfg->boot_file,
		       MIN(strlen(cfg->boot_file), NFD_DHCP4_MAX_BOOT_FILE));

	/* RFC 2131 §4.1: where the reply goes */
	out->src_ip = sid;
	out->dst_port = NFD_DHCP4_CLIENT_PORT;
	if (req.giaddr.s_addr != 0) {
		/* to the relay agent's server port; at L2 the relay is who sent the request */
		out->dst_ip = req.giaddr;
		out->dst_port = NFD_DHCP4_SERVER_PORT;
		memcpy(out->dst_mac, src_mac != NULL ? src_mac : req.chaddr, 6);
	} else if (reply == NFD_DHCP4_NAK) {
		out->dst_ip.s_addr = INADDR_BROADCAST;
		memcpy(out->dst_mac, broadcast_mac, 6);
	} else if (req.ciaddr.s_addr != 0) {
		out->dst_ip = req.ciaddr;
		memcpy(out->dst_mac, req.chaddr, 6);
	} else if ((req.flags & DHCP_BROADCAST_FLAG) != 0 || cfg->broadcast_replies ||
		   yiaddr.s_addr == 0) {
		out->dst_ip.s_addr = INADDR_BROADCAST;
		memcpy(out->dst_mac, broadcast_mac, 6);
	} else {
		out->dst_ip = yiaddr;
		memcpy(out->dst_mac, req.chaddr, 6);
	}
	out->reply_type = reply;
	out->yiaddr = yiaddr;
	out->reason = NFD_DHCP4_REASON_REPLY;
	return NFD_VERDICT_REPLY;
}

/* the plugin's counters (nfd_plugin_count()): one per reason, in NfdDhcp4Reason order */
const gchar *const nfd_dhcp4_counter_names[NFD_DHCP4_REASON_LAST + 1] = {
    [NFD_DHCP4_REASON_REPLY] = "reply",
    [NFD_DHCP4_REASON_MALFORMED] = "malformed",
    [NFD_DHCP4_REASON_NOT_ETHERNET] = "not_ethernet",
    [NFD_DHCP4_REASON_BOOTP] = "bootp",
    [NFD_DHCP4_REASON_SPOOFED] = "spoofed",
    [NFD_DHCP4_REASON_NO_IP] = "no_ip",
    [NFD_DHCP4_REASON_NO_SERVER_ID] = "no_server_id",
    [NFD_DHCP4_REASON_FOREIGN_SERVER] = "foreign_server",
    [NFD_DHCP4_REASON_RELEASE] = "release",
    [NFD_DHCP4_REASON_DECLINE] = "decline",
    [NFD_DHCP4_REASON_UNSUPPORTED] = "unsupported",
    [NFD_DHCP4_REASON_NO_ROOM] = "no_room",
    [NFD_DHCP4_REASON_LAST] = NULL,
};

/* SDK 1.1: the message types the plugin notes, code N for RFC 2132 §9.6 type N */
const gchar *const nfd_dhcp4_message_types[] =
    {"DISCOVER", "OFFER", "REQUEST", "DECLINE", "ACK", "NAK", "RELEASE", "INFORM", NULL};

const gchar *
nfd_dhcp4_reason_to_string(NfdDhcp4Reason reason)
{
	static const gchar *const names[] = {
	    [NFD_DHCP4_REASON_REPLY] = "reply",
	    [NFD_DHCP4_REASON_MALFORMED] = "malformed",
	    [NFD_DHCP4_REASON_NOT_ETHERNET] = "not ethernet",
	    [NFD_DHCP4_REASON_BOOTP] = "plain BOOTP (no DHCP message type)",
	    [NFD_DHCP4_REASON_SPOOFED] = "chaddr is not the binding's MAC",
	    [NFD_DHCP4_REASON_NO_IP] = "binding has no IP",
	    [NFD_DHCP4_REASON_NO_SERVER_ID] = "no server identifier",
	    [NFD_DHCP4_REASON_FOREIGN_SERVER] = "another server was selected",
	    [NFD_DHCP4_REASON_RELEASE] = "release",
	    [NFD_DHCP4_REASON_DECLINE] = "decline",
	    [NFD_DHCP4_REASON_UNSUPPORTED] = "unsupported message type",
	    [NFD_DHCP4_REASON_NO_ROOM] = "reply does not fit",
	};

	if ((guint)reason >= G_N_ELEMENTS(names))
		return "unknown";
	return names[reason];
}

const gchar *
nfd_dhcp4_message_type_to_string(guint8 type)
{
	static const gchar *const names[] = {"UNKNOWN",
					     "DISCOVER",
					     "OFFER",
					     "REQUEST",
					     "DECLINE",
					     "ACK",
					     "NAK",
					     "RELEASE",
					     "INFORM"};

	if (type >= G_N_ELEMENTS(names))
		return "UNKNOWN";
	return names[type];
}
