/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pure protocol helpers (see nfd-proto.h): Internet checksum (RFC 1071), IPv4/IPv6 pseudo
 * headers (RFC 768, RFC 8200 §8.1), modified EUI-64 interface identifiers (RFC 4291 §2.5.1 and
 * appendix A), MAC text forms and DNS name lists (RFC 1035 §3.1, with §4.1.4 compression as
 * RFC 3397 asks for DHCP option 119).
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-proto-private.h"

/* RFC 1035 §2.3.4: a label is at most 63 octets, a name at most 255 (so at most 127 labels of
 * one octet plus the root) */
#define NFD_DNS_LABEL_MAX 63
#define NFD_DNS_NAME_MAX 255
#define NFD_DNS_LABELS_MAX 128
/* RFC 1035 §4.1.4: a compression pointer is two octets, 11 then a 14-bit offset */
#define NFD_DNS_POINTER_FLAG 0xc0
#define NFD_DNS_POINTER_MAX 0x3fff
/* how many label starts of earlier names are remembered as compression targets */
#define NFD_DNS_TARGETS_MAX 512

guint32
nfd_proto_checksum_add(guint32 sum, const guint8 *data, gsize len)
{
	guint64 acc = 0;
	guint32 part;
	gsize i = 0;

	/* RFC 1071 §2: the one's complement sum does not depend on byte order (B) and may add
	 * wider words (C), 2^16 being 1 modulo 0xffff.  So 32-bit words are added as the CPU
	 * loads them into a 64-bit accumulator that cannot overflow, the result is folded to 16
	 * bits and swapped to network order once: a third of the instructions of a loop over
	 * 16-bit big-endian words, on every reply and every ICMPv6 check (callgrind) */
	for (; i + 4 <= len; i += 4) {
		guint32 w;
		memcpy(&w, data + i, 4);
		acc += w;
	}
	if (i + 2 <= len) {
		guint16 w;
		memcpy(&w, data + i, 2);
		acc += w;
		i += 2;
	}
	if (i < len)
		acc += GUINT16_FROM_BE((guint16)(data[i] << 8));
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	part = GUINT16_FROM_BE((guint16)acc);
	acc = (guint64)sum + part;
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (guint32)acc;
}

guint16
nfd_proto_checksum_fold(guint32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (guint16)~sum;
}

guint16
nfd_proto_ip6_l4_checksum(const struct in6_addr *src,
			  const struct in6_addr *dst,
			  guint8 proto,
			  const guint8 *l4,
			  gsize len)
{
	guint8 tail[8] = {(guint8)(len >> 24),
			  (guint8)(len >> 16),
			  (guint8)(len >> 8),
			  (guint8)len,
			  0,
			  0,
			  0,
			  proto};
	guint32 sum = 0;

	/* RFC 8200 §8.1: source, destination, upper-layer length, zero, next header */
	sum = nfd_proto_checksum_add(sum, src->s6_addr, 16);
	sum = nfd_proto_checksum_add(sum, dst->s6_addr, 16);
	sum = nfd_proto_checksum_add(sum, tail, sizeof(tail));
	sum = nfd_proto_checksum_add(sum, l4, len);
	return nfd_proto_checksum_fold(sum);
}

guint16
nfd_proto_ip4_l4_checksum(const struct in_addr *src,
			  const struct in_addr *dst,
			  guint8 proto,
			  const guint8 *l4,
			  gsize len)
{
	guint8 pseudo[12];
	guint32 sum = 0;

	/* RFC 768: source, destination, zero, protocol, UDP length */
	memcpy(pseudo, &src->s_addr, 4);
	memcpy(pseudo + 4, &dst->s_addr, 4);
	pseudo[8] = 0;
	pseudo[9] = proto;
	pseudo[10] = (guint8)(len >> 8);
	pseudo[11] = (guint8)len;
	sum = nfd_proto_checksum_add(sum, pseudo, sizeof(pseudo));
	sum = nfd_proto_checksum_add(sum, l4, len);
	return nfd_proto_checksum_fold(sum);
}

void
nfd_proto_mac_to_eui64(const guint8 *mac, const struct in6_addr *prefix, struct in6_addr *out)
{
	memcpy(out->s6_addr, prefix->s6_addr, 8);
	/* RFC 4291 appendix A: insert ff:fe and invert the universal/local bit */
	out->s6_addr[8] = mac[0] ^ 0x02;
	out->s6_addr[9] = mac[1];
	out->s6_addr[10] = mac[2];
	out->s6_addr[11] = 0xff;
	out->s6_addr[12] = 0xfe;
	out->s6_addr[13] = mac[3];
	out->s6_addr[14] = mac[4];
	out->s6_addr[15] = mac[5];
}

void
nfd_proto_mac_to_link_local(const guint8 *mac, struct in6_addr *out)
{
	struct in6_addr ll = {.s6_addr = {0xfe, 0x80}};

	nfd_proto_mac_to_eui64(mac, &ll, out);
}

static gint
hexval(gchar c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

gboolean
nfd_proto_mac_parse(const gchar *str, guint8 *mac)
{
	/* xx:xx:xx:xx:xx:xx or xx-xx-..., either case (GRNET compared case-sensitively: bug 4) */
	if (str == NULL || strlen(str) != 17)
		return FALSE;
	for (guint i = 0; i < 6; i++) {
		gint hi = hexval(str[i * 3]);
		gint lo = hexval(str[i * 3 + 1]);
		if (hi < 0 || lo < 0)
			return FALSE;
		if (i < 5 && str[i * 3 + 2] != ':' && str[i * 3 + 2] != '-')
			return FALSE;
		mac[i] = (guint8)(hi << 4 | lo);
	}
	return TRUE;
}

void
nfd_proto_mac_format(const guint8 *mac, gchar *buf)
{
	g_snprintf(buf,
		   NFD_MAC_STRLEN,
		   "%02x:%02x:%02x:%02x:%02x:%02x",
		   mac[0],
		   mac[1],
		   mac[2],
		   mac[3],
		   mac[4],
		   mac[5]);
}

gboolean
nfd_proto_ip6_in_prefix(const struct in6_addr *addr, const struct in6_addr *prefix, guint len)
{
	guint bytes = len / 8;
	guint bits = len % 8;

	if (len > 128)
		return FALSE;
	if (memcmp(addr->s6_addr, prefix->s6_addr, bytes) != 0)
		return FALSE;
	if (bits == 0)
		return TRUE;
	return ((addr->s6_addr[bytes] ^ prefix->s6_addr[bytes]) & (0xff << (8 - bits))) == 0;
}

/* find an earlier, literally written copy of a name suffix, at a label start only */
static gssize
dns_find_suffix(const guint8 *out,
		gsize len,
		const guint16 *starts,
		guint n_starts,
		const guint8 *suffix,
		gsize suffix_len)
{
	for (guint i = 0; i < n_starts; i++) {
		gsize at = starts[i];
		if (at + suffix_len <= len && at < NFD_DNS_POINTER_MAX &&
		    memcmp(out + at, suffix, suffix_len) == 0)
			return (gssize)at;
	}
	return -1;
}

gssize
nfd_proto_dns_encode_list(const gchar *const *names, gboolean compress, guint8 *out, gsize cap)
{
	gsize len = 0;
	guint16 starts[NFD_DNS_TARGETS_MAX];
	guint n_starts = 0;

	for (guint n = 0; names != NULL && names[n] != NULL; n++) {
		guint8 wire[NFD_DNS_NAME_MAX + 1];
		gsize wire_len = 0;
		const gchar *p = names[n];
		gsize offs[NFD_DNS_LABELS_MAX];
		guint n_labels = 0;

		/* RFC 1035 §3.1: a sequence of labels, each at most 63 octets, ending in the root
		 */
		while (*p != '\0') {
			const gchar *dot = strchr(p, '.');
			gsize l = dot != NULL ? (gsize)(dot - p) : strlen(p);
			if (l == 0 || l > NFD_DNS_LABEL_MAX ||
			    wire_len + 1 + l + 1 > NFD_DNS_NAME_MAX ||
			    n_labels >= NFD_DNS_LABELS_MAX)
				return -1;
			offs[n_labels++] = wire_len;
			wire[wire_len++] = (guint8)l;
			memcpy(wire + wire_len, p, l);
			wire_len += l;
			p += l;
			if (*p == '.')
				p++;
		}
		wire[wire_len++] = 0;
		if (n_labels == 0)
			return -1;

		guint n_literal = n_labels;
		if (compress) {
			/* RFC 1035 §4.1.4: replace the longest suffix already written by a pointer
			 */
			for (guint i = 0; i < n_labels; i++) {
				gssize at = dns_find_suffix(out,
							    len,
							    starts,
							    n_starts,
							    wire + offs[i],
							    wire_len - offs[i]);
				if (at >= 0) {
					wire_len = offs[i];
					wire[wire_len++] =
					    (guint8)(NFD_DNS_POINTER_FLAG | (at >> 8));
					wire[wire_len++] = (guint8)at;
					n_literal = i;
					break;
				}
			}
		}
		if (wire_len > cap - len)
			return -1;
		memcpy(out + len, wire, wire_len);
		for (guint i = 0; i < n_literal && n_starts < G_N_ELEMENTS(starts); i++)
			starts[n_starts++] = (guint16)(len + offs[i]);
		len += wire_len;
	}
	return (gssize)len;
}

/* one name at @pos of @data into @out; the position after it (past the first pointer, if
 * any) into @next; FALSE for a malformed name */
static gboolean
dns_decode_name(const guint8 *data,
		gsize len,
		gsize pos,
		gboolean compress,
		GString *out,
		gsize *next)
{
	gsize name_len = 0;
	gboolean jumped = FALSE;
	guint labels = 0;
	gsize limit = pos; /* a pointer must go before the name that uses it: no loops */

	for (;;) {
		guint8 l;
		if (pos >= len)
			return FALSE;
		l = data[pos];
		if (l == 0) {
			if (!jumped)
				*next = pos + 1;
			return labels > 0 || name_len == 0;
		}
		if ((l & NFD_DNS_POINTER_FLAG) == NFD_DNS_POINTER_FLAG) {
			gsize target;
			if (!compress || pos + 1 >= len)
				return FALSE;
			target = (gsize)(l & ~NFD_DNS_POINTER_FLAG) << 8 | data[pos + 1];
			if (target >= limit)
				return FALSE;
			if (!jumped)
				*next = pos + 2;
			jumped = TRUE;
			limit = target;
			pos = target;
			continue;
		}
		if (l > NFD_DNS_LABEL_MAX || pos + 1 + l > len ||
		    (name_len += (gsize)l + 1) > NFD_DNS_NAME_MAX)
			return FALSE;
		if (labels++ > 0)
			g_string_append_c(out, '.');
		for (guint i = 0; i < l; i++) {
			guint8 c = data[pos + 1 + i];
			if (c > 0x20 && c < 0x7f && c != '\\')
				g_string_append_c(out, (gchar)c);
			else
				g_string_append_printf(out, "\\x%02x", c);
		}
		pos += 1 + l;
	}
}

gboolean
nfd_proto_dns_decode_list(const guint8 *data, gsize len, gboolean compress, GString *out)
{
	gsize pos = 0;
	guint n = 0;

	g_return_val_if_fail(out != NULL, FALSE);
	while (data != NULL && pos < len) {
		gsize next = pos;
		if (n++ > 0)
			g_string_append(out, ", ");
		if (!dns_decode_name(data, len, pos, compress, out, &next) || next <= pos)
			return FALSE;
		pos = next;
	}
	return TRUE;
}
