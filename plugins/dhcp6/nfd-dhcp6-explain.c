/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `nfdhcpctl explain TAP dhcp6` needs from the dhcp6 plugin, pure code: the names of
 * what it handles and decides (per-tap statistics and events), the Solicit a guest sends
 * (RFC 8415 §18.2.1: its DUID-LL, an IA_NA, an Option Request), and a decoder that shows a
 * DHCPv6 message option by option, IAs with their addresses and prefixes and status codes
 * (RFC 8415 §21; RFC 3646, RFC 4075, RFC 5908, RFC 8910).  Every length is checked: it decodes
 * the plugin's own replies, and fuzz-dhcp6.c feeds it every input too.
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-dhcp6-explain.h"
#include "nfd-proto.h"

/* code N is RFC 8415 §7.3 message type N */
const gchar *const nfd_dhcp6_message_types[] = {"SOLICIT",
						"ADVERTISE",
						"REQUEST",
						"CONFIRM",
						"RENEW",
						"REBIND",
						"REPLY",
						"RELEASE",
						"DECLINE",
						"RECONFIGURE",
						"INFORMATION-REQUEST",
						"RELAY-FORW",
						"RELAY-REPL",
						NULL};

/* code N is NfdDhcp6Drop N - 1 ("reply" for none), then the plugin's own */
const gchar *const nfd_dhcp6_reasons[] = {"reply",
					  "malformed",
					  "not_client_message",
					  "mac_mismatch",
					  "no_client_id",
					  "unexpected_server_id",
					  "no_server_id",
					  "other_server",
					  "ia_in_information_request",
					  "nothing_to_confirm",
					  "reply_too_big",
					  "unicast",
					  "no_ipv6",
					  NULL};

/* what a Solicit asks for when the operator gives no list: DNS, search list, SNTP, NTP,
 * information refresh time, captive portal */
static const guint16 default_oro[] = {23, 24, 31, 56, 32, 103};

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
	guint16 len = (guint16)(w->len - at - 4);

	if (!w->overflow) {
		w->buf[at + 2] = (guint8)(len >> 8);
		w->buf[at + 3] = (guint8)len;
	}
}

gsize
nfd_dhcp6_explain_solicit(guint8 *buf,
			  gsize cap,
			  const guint8 *mac,
			  const guint8 *oro,
			  gsize n_oro,
			  guint32 xid)
{
	NfdWriter w;
	gsize at;

	nfd_writer_init(&w, buf, cap);
	nfd_writer_u8(&w, NFD_DHCP6_MSG_SOLICIT);
	nfd_writer_u8(&w, (guint8)(xid >> 16));
	nfd_writer_u8(&w, (guint8)(xid >> 8));
	nfd_writer_u8(&w, (guint8)xid);
	/* RFC 8415 §11.4: DUID-LL, hardware type 1 (Ethernet) */
	at = opt_begin(&w, NFD_DHCP6_OPT_CLIENTID);
	nfd_writer_u16(&w, NFD_DHCP6_DUID_LL);
	nfd_writer_u16(&w, 1);
	nfd_writer_bytes(&w, mac, 6);
	opt_end(&w, at);
	/* §21.9: the client's elapsed time, 0 for a first message */
	at = opt_begin(&w, NFD_DHCP6_OPT_ELAPSED_TIME);
	nfd_writer_u16(&w, 0);
	opt_end(&w, at);
	/* §21.4: one IA_NA, IAID 1, T1/T2 0 (the server's choice) */
	at = opt_begin(&w, NFD_DHCP6_OPT_IA_NA);
	nfd_writer_u32(&w, 1);
	nfd_writer_u32(&w, 0);
	nfd_writer_u32(&w, 0);
	opt_end(&w, at);
	/* §21.7 */
	at = opt_begin(&w, NFD_DHCP6_OPT_ORO);
	if (oro != NULL && n_oro > 0) {
		for (gsize i = 0; i < n_oro; i++)
			nfd_writer_u16(&w, oro[i]);
	} else {
		for (gsize i = 0; i < G_N_ELEMENTS(default_oro); i++)
			nfd_writer_u16(&w, default_oro[i]);
	}
	opt_end(&w, at);
	return w.overflow ? 0 : w.len;
}

/* ---- the decoder ---- */

static guint16
be16(const guint8 *p)
{
	return (guint16)(p[0] << 8 | p[1]);
}

static guint32
be32(const guint8 *p)
{
	return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

static void
append_hex(GString *out, const guint8 *p, gsize n)
{
	for (gsize i = 0; i < n; i++)
		g_string_append_printf(out, "%s%02x", i > 0 ? ":" : "", p[i]);
}

static void
add_hex(NfdFields *out, const gchar *name, const guint8 *p, gsize n)
{
	g_autoptr(GString) hex = g_string_new(NULL);

	append_hex(hex, p, n);
	nfd_fields_add(out, name, "%s", hex->str);
}

static gboolean
add_addresses(NfdFields *out, const gchar *name, const guint8 *p, gsize n)
{
	g_autoptr(GString) list = g_string_new(NULL);

	if (n == 0 || n % 16 != 0)
		return FALSE;
	for (gsize i = 0; i < n; i += 16) {
		gchar addr[INET6_ADDRSTRLEN];
		g_string_append_printf(list,
				       "%s%s",
				       i > 0 ? ", " : "",
				       inet_ntop(AF_INET6, p + i, addr, sizeof(addr)));
	}
	nfd_fields_add(out, name, "%s", list->str);
	return TRUE;
}

/* §21.13: a status code and its UTF-8 message */
static gboolean
add_status(NfdFields *out, const gchar *name, const guint8 *p, gsize n)
{
	static const gchar *const names[] = {"Success",
					     "UnspecFail",
					     "NoAddrsAvail",
					     "NoBinding",
					     "NotOnLink",
					     "UseMulticast",
					     "NoPrefixAvail"};
	guint16 code;

	if (n < 2)
		return FALSE;
	code = be16(p);
	nfd_fields_add(out,
		       name,
		       "%u %s: %.*s",
		       code,
		       code < G_N_ELEMENTS(names) ? names[code] : "?",
		       (gint)(n - 2),
		       (const gchar *)p + 2);
	return TRUE;
}

static void
decode_options(const guint8 *p, gsize n, const gchar *scope, NfdFields *out, guint depth);

/* §21.4, §21.21: IAID, T1, T2, then options; IA_TA (§21.5) has no T1/T2 */
static gboolean
decode_ia(guint16 code, const guint8 *p, gsize n, NfdFields *out, guint depth)
{
	const gchar *name = code == NFD_DHCP6_OPT_IA_NA	  ? "ia_na"
			    : code == NFD_DHCP6_OPT_IA_PD ? "ia_pd"
							  : "ia_ta";
	gsize head = code == NFD_DHCP6_OPT_IA_TA ? 4 : 12;

	if (n < head)
		return FALSE;
	if (head == 12)
		nfd_fields_add(out, name, "iaid %u t1 %u t2 %u", be32(p), be32(p + 4), be32(p + 8));
	else
		nfd_fields_add(out, name, "iaid %u", be32(p));
	decode_options(p + head, n - head, name, out, depth + 1);
	return TRUE;
}

static gboolean
decode_option(guint16 code,
	      const guint8 *p,
	      gsize n,
	      const gchar *scope,
	      NfdFields *out,
	      guint depth)
{
	gchar addr[INET6_ADDRSTRLEN];
	g_autofree gchar *name = NULL;
	g_autoptr(GString) text = NULL;

	switch (code) {
	case NFD_DHCP6_OPT_CLIENTID:
	case NFD_DHCP6_OPT_SERVERID:
		add_hex(out, code == NFD_DHCP6_OPT_CLIENTID ? "client-id" : "server-id", p, n);
		return TRUE;
	case NFD_DHCP6_OPT_IA_NA:
	case NFD_DHCP6_OPT_IA_TA:
	case NFD_DHCP6_OPT_IA_PD:
		return decode_ia(code, p, n, out, depth);
	case NFD_DHCP6_OPT_IAADDR:
		/* §21.6 */
		if (n < 24)
			return FALSE;
		name = g_strdup_printf("%s address", scope);
		nfd_fields_add(out,
			       name,
			       "%s preferred %u valid %u",
			       inet_ntop(AF_INET6, p, addr, sizeof(addr)),
			       be32(p + 16),
			       be32(p + 20));
		decode_options(p + 24, n - 24, name, out, depth + 1);
		return TRUE;
	case NFD_DHCP6_OPT_IAPREFIX: {
		/* §21.22: preferred, valid, length, prefix */
		if (n < 25 || p[8] > 128)
			return FALSE;
		name = g_strdup_printf("%s prefix", scope);
		nfd_fields_add(out,
			       name,
			       "%s/%u preferred %u valid %u",
			       inet_ntop(AF_INET6, p + 9, addr, sizeof(addr)),
			       p[8],
			       be32(p),
			       be32(p + 4));
		decode_options(p + 25, n - 25, name, out, depth + 1);
		return TRUE;
	}
	case NFD_DHCP6_OPT_ORO:
		if (n % 2 != 0)
			return FALSE;
		text = g_string_new(NULL);
		for (gsize i = 0; i < n; i += 2)
			g_string_append_printf(text, "%s%u", i > 0 ? "," : "", be16(p + i));
		nfd_fields_add(out, "option-request", "%s", text->str);
		return TRUE;
	case NFD_DHCP6_OPT_PREFERENCE:
		if (n != 1)
			return FALSE;
		nfd_fields_add(out, "preference", "%u", p[0]);
		return TRUE;
	case NFD_DHCP6_OPT_ELAPSED_TIME:
		if (n != 2)
			return FALSE;
		nfd_fields_add(out, "elapsed-time", "%u", be16(p));
		return TRUE;
	case NFD_DHCP6_OPT_STATUS_CODE:
		name = g_strdup_printf("%s%sstatus", scope, scope[0] != '\0' ? " " : "");
		return add_status(out, name, p, n);
	case NFD_DHCP6_OPT_RAPID_COMMIT:
		nfd_fields_add(out, "rapid-commit", "yes");
		return n == 0;
	case NFD_DHCP6_OPT_DNS_SERVERS:
		return add_addresses(out, "dns-servers", p, n);
	case NFD_DHCP6_OPT_SNTP_SERVERS:
		return add_addresses(out, "sntp-servers", p, n);
	case NFD_DHCP6_OPT_DOMAIN_LIST:
		text = g_string_new(NULL);
		if (!nfd_proto_dns_decode_list(p, n, FALSE, text))
			return FALSE;
		nfd_fields_add(out, "domain-list", "%s", text->str);
		return TRUE;
	case NFD_DHCP6_OPT_INFORMATION_REFRESH_TIME:
		if (n != 4)
			return FALSE;
		nfd_fields_add(out, "information-refresh-time", "%u", be32(p));
		return TRUE;
	case NFD_DHCP6_OPT_NTP_SERVER:
		/* RFC 5908 §4: suboptions; shown as they are */
		add_hex(out, "ntp-server", p, n);
		return TRUE;
	case NFD_DHCP6_OPT_CAPTIVE_PORTAL:
		nfd_fields_add(out, "captive-portal", "%.*s", (gint)n, (const gchar *)p);
		return TRUE;
	default:
		return FALSE;
	}
}

/* §21.1: code, length, data; IAs and addresses nest (bounded: never deeper than 4) */
static void
decode_options(const guint8 *p, gsize n, const gchar *scope, NfdFields *out, guint depth)
{
	NfdReader r;

	nfd_reader_init(&r, p, n);
	while (r.rem > 0) {
		guint16 code = 0;
		guint16 len = 0;
		const guint8 *data = NULL;

		if (!nfd_reader_u16(&r, &code) || !nfd_reader_u16(&r, &len) ||
		    !nfd_reader_bytes(&r, &data, len)) {
			nfd_fields_add(out, "options", "truncated");
			return;
		}
		if (depth > 4 || !decode_option(code, data, len, scope, out, depth)) {
			g_autofree gchar *name = g_strdup_printf("option %u", code);
			add_hex(out, name, data, len);
		}
	}
}

void
nfd_dhcp6_explain_decode(const guint8 *msg, gsize len, NfdFields *out)
{
	if (msg == NULL || len < 4) {
		nfd_fields_add(out, "dhcpv6", "truncated: %" G_GSIZE_FORMAT " bytes", len);
		return;
	}
	nfd_fields_add(out,
		       "message type",
		       "%s",
		       msg[0] >= 1 && msg[0] <= 13 ? nfd_dhcp6_message_types[msg[0] - 1] : "?");
	nfd_fields_add(out, "transaction-id", "0x%02x%02x%02x", msg[1], msg[2], msg[3]);
	/* §9: relay messages have another header; ours are never relayed */
	if (msg[0] == NFD_DHCP6_MSG_RELAY_FORW || msg[0] == NFD_DHCP6_MSG_RELAY_REPL)
		return;
	decode_options(msg + 4, len - 4, "", out, 0);
}
