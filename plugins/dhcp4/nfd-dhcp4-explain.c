/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `nfdhcpctl explain TAP dhcp4` needs from the DHCPv4 plugin, pure code: the DISCOVER a
 * guest sends (RFC 2131 §4.4.1: from 0.0.0.0 to the broadcast address, its MAC in chaddr, its
 * parameter request list), and a decoder that shows a DHCP message field by field and option
 * by option (RFC 2131 §2, RFC 2132), with option overload (RFC 2132 §9.3) and RFC 3396
 * concatenation, so that a long option split by the server reads as one.  The decoder checks
 * every length: it decodes the plugin's own replies, but is fuzzed like a parser
 * (fuzz-dhcp4.c feeds it every input).
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-dhcp4-proto.h"
#include "nfd-proto.h"

#define OPT_PAD 0
#define OPT_OVERLOAD 52
#define OPT_END 255
#define DHCP_MAGIC 0x63825363u
#define OFF_SNAME 44
#define OFF_FILE 108

/* RFC 2131 §4.4.1 and a client's usual request list (udhcpc's and dhclient's) */
static const guint8 default_prl[] = {1, 3, 6, 12, 15, 26, 28, 42, 51, 54, 58, 59, 119, 121};

gsize
nfd_dhcp4_explain_discover(guint8 *buf,
			   gsize cap,
			   const guint8 *mac,
			   const guint8 *prl,
			   gsize n_prl,
			   guint32 xid)
{
	NfdWriter w;

	if (prl == NULL || n_prl == 0) {
		prl = default_prl;
		n_prl = sizeof(default_prl);
	}
	n_prl = MIN(n_prl, 255);
	nfd_writer_init(&w, buf, cap);
	/* RFC 2131 §2: op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr */
	nfd_writer_u8(&w, 1);
	nfd_writer_u8(&w, 1);
	nfd_writer_u8(&w, 6);
	nfd_writer_u8(&w, 0);
	nfd_writer_u32(&w, xid);
	nfd_writer_u16(&w, 0);
	nfd_writer_u16(&w, 0);
	for (guint i = 0; i < 4; i++)
		nfd_writer_u32(&w, 0);
	nfd_writer_bytes(&w, mac, 6);
	/* chaddr padding, sname, file */
	for (guint i = 0; i < 10 + 64 + 128; i++)
		nfd_writer_u8(&w, 0);
	nfd_writer_u32(&w, DHCP_MAGIC);
	/* 53 DISCOVER; 61 client identifier: type 1 (Ethernet) and the MAC (RFC 2132 §9.14) */
	nfd_writer_u8(&w, 53);
	nfd_writer_u8(&w, 1);
	nfd_writer_u8(&w, NFD_DHCP4_DISCOVER);
	nfd_writer_u8(&w, 61);
	nfd_writer_u8(&w, 7);
	nfd_writer_u8(&w, 1);
	nfd_writer_bytes(&w, mac, 6);
	nfd_writer_u8(&w, 55);
	nfd_writer_u8(&w, (guint8)n_prl);
	nfd_writer_bytes(&w, prl, n_prl);
	nfd_writer_u8(&w, OPT_END);
	return w.overflow ? 0 : w.len;
}

/* ---- the decoder ---- */

typedef enum {
	KIND_HEX,
	KIND_IP,
	KIND_IP_LIST,
	KIND_U8,
	KIND_U16,
	KIND_U32_SECONDS,
	KIND_TEXT,
	KIND_CODES,
	KIND_MESSAGE_TYPE,
	KIND_DOMAINS,
	KIND_ROUTES,
	KIND_FQDN,
} NfdDhcp4Kind;

static const struct {
	guint8 code;
	const gchar *name;
	NfdDhcp4Kind kind;
} known[] = {
    {1, "subnet-mask", KIND_IP},
    {3, "router", KIND_IP_LIST},
    {6, "domain-name-servers", KIND_IP_LIST},
    {12, "host-name", KIND_TEXT},
    {15, "domain-name", KIND_TEXT},
    {26, "interface-mtu", KIND_U16},
    {28, "broadcast-address", KIND_IP},
    {42, "ntp-servers", KIND_IP_LIST},
    {50, "requested-address", KIND_IP},
    {51, "lease-time", KIND_U32_SECONDS},
    {52, "overload", KIND_U8},
    {53, "message-type", KIND_MESSAGE_TYPE},
    {54, "server-identifier", KIND_IP},
    {55, "parameter-request-list", KIND_CODES},
    {57, "maximum-message-size", KIND_U16},
    {58, "renewal-time", KIND_U32_SECONDS},
    {59, "rebinding-time", KIND_U32_SECONDS},
    {60, "vendor-class", KIND_TEXT},
    {61, "client-identifier", KIND_HEX},
    {66, "tftp-server-name", KIND_TEXT},
    {67, "bootfile-name", KIND_TEXT},
    {81, "client-fqdn", KIND_FQDN},
    {82, "relay-agent-information", KIND_HEX},
    {108, "ipv6-only-preferred", KIND_U32_SECONDS},
    {114, "captive-portal", KIND_TEXT},
    {119, "domain-search", KIND_DOMAINS},
    {121, "classless-static-routes", KIND_ROUTES},
    {249, "ms-classless-static-routes", KIND_ROUTES},
};

static void
append_hex(GString *out, const guint8 *p, gsize n)
{
	for (gsize i = 0; i < n; i++)
		g_string_append_printf(out, "%s%02x", i > 0 ? ":" : "", p[i]);
}

static void
append_ip(GString *out, const guint8 *p)
{
	gchar buf[INET_ADDRSTRLEN];

	g_string_append(out, inet_ntop(AF_INET, p, buf, sizeof(buf)));
}

/* RFC 3442 §3: width, the significant octets of the destination, the router */
static gboolean
append_routes(GString *out, const guint8 *p, gsize n)
{
	NfdReader r;

	nfd_reader_init(&r, p, n);
	while (r.rem > 0) {
		guint8 width = 0;
		guint8 dest[4] = {0};
		const guint8 *sig = NULL;
		const guint8 *gw = NULL;
		gsize n_sig;

		nfd_reader_u8(&r, &width);
		n_sig = (width + 7u) / 8u;
		if (width > 32 || !nfd_reader_bytes(&r, &sig, n_sig) ||
		    !nfd_reader_bytes(&r, &gw, 4))
			return FALSE;
		memcpy(dest, sig, n_sig);
		if (out->len > 0)
			g_string_append(out, ", ");
		append_ip(out, dest);
		g_string_append_printf(out, "/%u via ", width);
		append_ip(out, gw);
	}
	return TRUE;
}

/* RFC 4702 §2: flags, two obsolete RCODEs, the name: wire form (RFC 1035 §3.1, without the
 * root label for a partial name, §2.3) with the E flag, else ASCII.  A server may echo the
 * client's own bytes (§4), so a name that is neither is shown in hex, not refused. */
static gboolean
append_fqdn(GString *out, const guint8 *p, gsize n)
{
	gsize pos = 3;
	gsize mark;

	if (n < 3)
		return FALSE;
	g_string_append_printf(out, "flags 0x%02x, ", p[0]);
	if ((p[0] & NFD_DHCP4_FQDN_E) == 0) {
		for (gsize i = 3; i < n; i++)
			g_string_append_c(out, p[i] >= 0x20 && p[i] < 0x7f ? (gchar)p[i] : '?');
		return TRUE;
	}
	mark = out->len;
	while (pos < n && p[pos] != 0 && p[pos] <= 63 && pos + 1 + p[pos] <= n) {
		if (pos > 3)
			g_string_append_c(out, '.');
		for (guint i = 0; i < p[pos]; i++) {
			guint8 c = p[pos + 1 + i];
			g_string_append_c(out, c > 0x20 && c < 0x7f ? (gchar)c : '?');
		}
		pos += 1u + p[pos];
	}
	if (pos == n) {
		g_string_append(out, " (partial)");
		return TRUE;
	}
	if (p[pos] == 0 && pos + 1 == n)
		return TRUE;
	g_string_truncate(out, mark);
	g_string_append(out, "name bytes ");
	append_hex(out, p + 3, n - 3);
	return TRUE;
}

static gboolean
append_value(GString *out, NfdDhcp4Kind kind, const guint8 *p, gsize n)
{
	switch (kind) {
	case KIND_IP:
		if (n != 4)
			return FALSE;
		append_ip(out, p);
		return TRUE;
	case KIND_IP_LIST:
		if (n == 0 || n % 4 != 0)
			return FALSE;
		for (gsize i = 0; i < n; i += 4) {
			if (i > 0)
				g_string_append(out, ", ");
			append_ip(out, p + i);
		}
		return TRUE;
	case KIND_U8:
		if (n != 1)
			return FALSE;
		g_string_append_printf(out, "%u", p[0]);
		return TRUE;
	case KIND_U16:
		if (n != 2)
			return FALSE;
		g_string_append_printf(out, "%u", (guint)(p[0] << 8 | p[1]));
		return TRUE;
	case KIND_U32_SECONDS:
		if (n != 4)
			return FALSE;
		g_string_append_printf(out,
				       "%u",
				       (guint32)p[0] << 24 | (guint32)p[1] << 16 |
					   (guint32)p[2] << 8 | p[3]);
		return TRUE;
	case KIND_TEXT:
		g_string_append_len(out, (const gchar *)p, (gssize)n);
		return TRUE;
	case KIND_CODES:
		for (gsize i = 0; i < n; i++)
			g_string_append_printf(out, "%s%u", i > 0 ? "," : "", p[i]);
		return TRUE;
	case KIND_MESSAGE_TYPE:
		if (n != 1)
			return FALSE;
		g_string_append(out, nfd_dhcp4_message_type_to_string(p[0]));
		return TRUE;
	case KIND_DOMAINS:
		return nfd_proto_dns_decode_list(p, n, TRUE, out);
	case KIND_ROUTES:
		return append_routes(out, p, n);
	case KIND_FQDN:
		return append_fqdn(out, p, n);
	case KIND_HEX:
	default:
		append_hex(out, p, n);
		return TRUE;
	}
}

/* one option, its instances concatenated (RFC 3396 §6) */
typedef struct {
	guint8 code;
	GByteArray *data;
} NfdDhcp4Option;

static void
option_clear(gpointer data)
{
	NfdDhcp4Option *o = data;

	g_byte_array_unref(o->data);
}

/* the options of one area, into @opts in order of first appearance; FALSE when truncated */
static gboolean
collect(const guint8 *p, gsize n, GArray *opts, gint *overload)
{
	NfdReader r;

	nfd_reader_init(&r, p, n);
	while (r.rem > 0) {
		guint8 code = 0;
		guint8 len = 0;
		const guint8 *data = NULL;
		NfdDhcp4Option *o = NULL;

		nfd_reader_u8(&r, &code);
		if (code == OPT_PAD)
			continue;
		if (code == OPT_END)
			return TRUE;
		if (!nfd_reader_u8(&r, &len) || !nfd_reader_bytes(&r, &data, len))
			return FALSE;
		if (code == OPT_OVERLOAD && overload != NULL && len == 1)
			*overload = data[0];
		for (guint i = 0; i < opts->len; i++) {
			if (g_array_index(opts, NfdDhcp4Option, i).code == code)
				o = &g_array_index(opts, NfdDhcp4Option, i);
		}
		if (o == NULL) {
			NfdDhcp4Option fresh = {.code = code, .data = g_byte_array_new()};
			g_array_append_val(opts, fresh);
			o = &g_array_index(opts, NfdDhcp4Option, opts->len - 1);
		}
		g_byte_array_append(o->data, data, len);
	}
	return TRUE;
}

static void
decode_option(const NfdDhcp4Option *o, NfdFields *out)
{
	g_autoptr(GString) value = g_string_new(NULL);
	g_autofree gchar *name = NULL;

	for (guint i = 0; i < G_N_ELEMENTS(known); i++) {
		if (known[i].code != o->code)
			continue;
		name = g_strdup_printf("option %u %s", o->code, known[i].name);
		if (!append_value(value, known[i].kind, o->data->data, o->data->len)) {
			g_string_truncate(value, 0);
			g_string_append(value, "malformed: ");
			append_hex(value, o->data->data, o->data->len);
		}
		nfd_fields_add(out, name, "%s", value->str);
		return;
	}
	name = g_strdup_printf("option %u", o->code);
	append_hex(value, o->data->data, o->data->len);
	nfd_fields_add(out, name, "%s", value->str);
}

/* a NUL-terminated or full field of @n bytes as text, if it holds any */
static void
decode_text_field(NfdFields *out, const gchar *name, const guint8 *p, gsize n)
{
	gsize len = 0;

	while (len < n && p[len] != '\0')
		len++;
	if (len > 0)
		nfd_fields_add(out, name, "%.*s", (gint)len, (const gchar *)p);
}

void
nfd_dhcp4_explain_decode(const guint8 *msg, gsize len, NfdFields *out)
{
	g_autoptr(GArray) opts = g_array_new(FALSE, TRUE, sizeof(NfdDhcp4Option));
	gint overload = 0;
	gchar mac[32];
	gboolean ok;

	g_array_set_clear_func(opts, option_clear);
	if (msg == NULL || len < NFD_DHCP4_HEADER_LEN) {
		nfd_fields_add(out, "dhcp", "truncated: %" G_GSIZE_FORMAT " bytes", len);
		return;
	}
	nfd_fields_add(out,
		       "op",
		       "%s",
		       msg[0] == 1   ? "BOOTREQUEST"
		       : msg[0] == 2 ? "BOOTREPLY"
				     : "?");
	nfd_fields_add(out, "xid", "0x%02x%02x%02x%02x", msg[4], msg[5], msg[6], msg[7]);
	nfd_fields_add(out, "flags", "%s", (msg[10] & 0x80) != 0 ? "broadcast" : "unicast");
	for (guint i = 0; i < 4; i++) {
		static const gchar *const names[] = {"ciaddr", "yiaddr", "siaddr", "giaddr"};
		gchar ip[INET_ADDRSTRLEN];
		nfd_fields_add(out,
			       names[i],
			       "%s",
			       inet_ntop(AF_INET, msg + 12 + 4 * i, ip, sizeof(ip)));
	}
	g_snprintf(mac,
		   sizeof(mac),
		   "%02x:%02x:%02x:%02x:%02x:%02x",
		   msg[28],
		   msg[29],
		   msg[30],
		   msg[31],
		   msg[32],
		   msg[33]);
	nfd_fields_add(out, "chaddr", "%s", mac);
	/* RFC 2131 §3: the magic cookie */
	if (memcmp(msg + 236, "\x63\x82\x53\x63", 4) != 0) {
		nfd_fields_add(out, "cookie", "missing: BOOTP, not DHCP");
		return;
	}
	ok = collect(msg + NFD_DHCP4_HEADER_LEN, len - NFD_DHCP4_HEADER_LEN, opts, &overload);
	/* RFC 2132 §9.3: the file field, then sname, carry options when overloaded */
	if (ok && (overload & 1) != 0)
		ok = collect(msg + OFF_FILE, 128, opts, NULL);
	if (ok && (overload & 2) != 0)
		ok = collect(msg + OFF_SNAME, 64, opts, NULL);
	if ((overload & 2) == 0)
		decode_text_field(out, "sname", msg + OFF_SNAME, 64);
	if ((overload & 1) == 0)
		decode_text_field(out, "file", msg + OFF_FILE, 128);
	for (guint i = 0; i < opts->len; i++)
		decode_option(&g_array_index(opts, NfdDhcp4Option, i), out);
	if (!ok)
		nfd_fields_add(out, "options", "truncated");
}
