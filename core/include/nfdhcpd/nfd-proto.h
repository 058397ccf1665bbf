/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pure protocol helpers shared by the responders: EUI-64 and link-local addresses from a MAC,
 * IPv6 prefix matching, DNS name lists, and a bounds-checked byte reader and writer.  Nothing
 * here allocates, opens a socket or touches the main loop, so a plugin's protocol code can be
 * unit-tested and fuzzed on its own; every function is pure and thread-safe.  (Checksums are
 * not here: the core verifies and computes them, see nfd-packet.h and nfd-reply.h.)
 *
 * The reader follows the OpenBSD dhcpleased idiom: a cursor and a remaining length, checked
 * before every read; a failed read leaves the reader exhausted and returns FALSE, so a parser
 * can chain reads and test once.  The writer stays failed once it overflowed.  Both are
 * static inline: they cost no call and are not part of the daemon's exported symbols.
 */
#pragma once

#include <netinet/in.h>
#include <string.h>

#include "nfd-common.h"

G_BEGIN_DECLS

/**
 * nfd_proto_mac_to_eui64:
 * @mac: (array fixed-size=6): a MAC address
 * @prefix: a /64 prefix (only its first 8 bytes are read)
 * @out: (out): the address: @prefix plus the modified EUI-64 interface identifier of @mac
 *   (RFC 4291 §2.5.1, appendix A: ff:fe inserted, universal/local bit inverted)
 *
 * The SLAAC address a VM with @mac forms in @prefix (RFC 4862).  Thread-safe.
 *
 * Since: 1.0
 */
void
nfd_proto_mac_to_eui64(const guint8 *mac, const struct in6_addr *prefix, struct in6_addr *out);

/**
 * nfd_proto_mac_to_link_local:
 * @mac: (array fixed-size=6): a MAC address
 * @out: (out): fe80::/64 plus the modified EUI-64 of @mac
 *
 * The link-local address of an interface with @mac; for the router MAC, the source address of
 * Router Advertisements, Neighbor Advertisements for the router and DHCPv6 replies.
 * Thread-safe.
 *
 * Since: 1.0
 */
void
nfd_proto_mac_to_link_local(const guint8 *mac, struct in6_addr *out);

/**
 * nfd_proto_ip6_in_prefix:
 * @addr: an IPv6 address
 * @prefix: an IPv6 prefix
 * @len: the prefix length, 0 to 128
 *
 * Thread-safe.
 *
 * Returns: TRUE when the first @len bits of @addr and @prefix agree; FALSE when they do not
 *   or @len is above 128
 *
 * Since: 1.0
 */
gboolean
nfd_proto_ip6_in_prefix(const struct in6_addr *addr, const struct in6_addr *prefix, guint len);

/**
 * NFD_PROTO_CAPTIVE_PORTAL_MAX:
 *
 * The longest captive-portal URI any of the three carriers holds: 255 octets (RFC 8910 §2.1
 * for DHCPv4 option 114; the same limit is applied to DHCPv6 option 103 and the RA option).
 *
 * Since: 1.1
 */
#define NFD_PROTO_CAPTIVE_PORTAL_MAX 255

/**
 * nfd_proto_captive_portal_valid:
 * @uri: (array length=len): a captive-portal URI, not necessarily NUL-terminated
 * @len: its length in octets
 *
 * Whether @uri may be announced as a captive portal: the URI of the Captive Portal API
 * (RFC 8910 §2), which RFC 8908 §2 requires to be an https URI with a host, or
 * "urn:ietf:params:capport:unrestricted" for a network without a portal; 1 to
 * %NFD_PROTO_CAPTIVE_PORTAL_MAX printable ASCII characters without spaces (RFC 3986 §2).  One
 * rule for DHCPv4, DHCPv6 and RAs, so a guest sees the same portal whichever it asks.
 * Allocates nothing (plugins check a binding's CAPTIVE_PORTAL per packet); thread-safe.
 *
 * Returns: TRUE when @uri may be sent
 *
 * Since: 1.1
 */
static inline gboolean
nfd_proto_captive_portal_valid(const gchar *uri, gsize len)
{
	static const gchar unrestricted[] = "urn:ietf:params:capport:unrestricted";
	static const gchar https[] = "https://";

	if (uri == NULL || len == 0 || len > NFD_PROTO_CAPTIVE_PORTAL_MAX)
		return FALSE;
	for (gsize i = 0; i < len; i++) {
		if (uri[i] <= 0x20 || uri[i] >= 0x7f)
			return FALSE;
	}
	if (len == sizeof(unrestricted) - 1 && g_ascii_strncasecmp(uri, unrestricted, len) == 0)
		return TRUE;
	return len > sizeof(https) - 1 && g_ascii_strncasecmp(uri, https, sizeof(https) - 1) == 0 &&
	       uri[sizeof(https) - 1] != '/';
}

/**
 * nfd_proto_dns_encode_list:
 * @names: (array zero-terminated=1) (nullable): domain names in dotted form, without a
 *   trailing dot ("example.org")
 * @compress: whether to compress suffixes already written with pointers (RFC 1035 §4.1.4),
 *   as DHCPv4 option 119 asks (RFC 3397); DHCPv6 and RA DNSSL forbid it (RFC 8415 §10,
 *   RFC 8106 §5.2)
 * @out: (out caller-allocates) (array length=cap): where to write the names in wire form
 *   (RFC 1035 §3.1: length-prefixed labels, a zero octet at the end of each name)
 * @cap: the size of @out
 *
 * Encodes a list of names one after the other; pointers are relative to @out.  Thread-safe.
 *
 * Returns: the number of bytes written (0 for no names), or -1 when a name is empty, has an
 *   empty label, a label over 63 octets or is over 255 octets, or @out is too small (then
 *   the contents of @out are unspecified)
 *
 * Since: 1.0
 */
gssize
nfd_proto_dns_encode_list(const gchar *const *names, gboolean compress, guint8 *out, gsize cap);

/**
 * nfd_proto_dns_decode_list:
 * @data: (array length=len): names in wire form, one after the other (RFC 1035 §3.1)
 * @len: the length of @data
 * @compress: whether pointers (RFC 1035 §4.1.4) may appear, relative to @data
 * @out: where the names go, dotted, separated by ", "
 *
 * Decodes a list of names for display, the inverse of nfd_proto_dns_encode_list(): every
 * length is checked, a pointer must point backwards (no loop), a label's bytes outside
 * printable ASCII are shown as \xNN.  Thread-safe.
 *
 * Returns: TRUE when all of @data is a well-formed list (@out then holds every name); FALSE
 *   otherwise (@out holds the names decoded before the problem)
 *
 * Since: 1.1
 */
gboolean
nfd_proto_dns_decode_list(const guint8 *data, gsize len, gboolean compress, GString *out);

/**
 * NfdReader:
 * @p: the next byte to read
 * @rem: how many bytes are left
 *
 * A bounds-checked reader over untrusted bytes, on the stack; initialise it with
 * nfd_reader_init().  A read that does not fit returns FALSE and leaves @rem at 0, so later
 * reads fail too.
 *
 * Since: 1.0
 */
typedef struct {
	const guint8 *p;
	gsize rem;
} NfdReader;

/**
 * nfd_reader_init:
 * @r: (out caller-allocates): the reader
 * @data: (nullable) (array length=len): the bytes to read; NULL reads as empty
 * @len: their length
 *
 * Starts reading @data.  Thread-safe, like every reader function on its own reader.
 *
 * Since: 1.0
 */
static inline void
nfd_reader_init(NfdReader *r, const guint8 *data, gsize len)
{
	r->p = data;
	r->rem = data != NULL ? len : 0;
}

/**
 * nfd_reader_skip:
 * @r: a reader
 * @n: how many bytes to skip
 *
 * Returns: TRUE, or FALSE when fewer than @n bytes are left (the reader is then exhausted)
 *
 * Since: 1.0
 */
static inline gboolean
nfd_reader_skip(NfdReader *r, gsize n)
{
	if (n > r->rem) {
		r->rem = 0;
		return FALSE;
	}
	r->p += n;
	r->rem -= n;
	return TRUE;
}

/**
 * nfd_reader_bytes:
 * @r: a reader
 * @out: (out) (transfer none): the first of the @n bytes, pointing into the reader's data
 * @n: how many bytes to take
 *
 * Returns: TRUE, or FALSE when fewer than @n bytes are left (the reader is then exhausted,
 *   @out untouched)
 *
 * Since: 1.0
 */
static inline gboolean
nfd_reader_bytes(NfdReader *r, const guint8 **out, gsize n)
{
	if (n > r->rem) {
		r->rem = 0;
		return FALSE;
	}
	*out = r->p;
	r->p += n;
	r->rem -= n;
	return TRUE;
}

/**
 * nfd_reader_u8:
 * @r: a reader
 * @v: (out): the byte
 *
 * Returns: TRUE, or FALSE when no byte is left (@v untouched)
 *
 * Since: 1.0
 */
static inline gboolean
nfd_reader_u8(NfdReader *r, guint8 *v)
{
	if (r->rem < 1)
		return FALSE;
	*v = r->p[0];
	r->p++;
	r->rem--;
	return TRUE;
}

/**
 * nfd_reader_u16:
 * @r: a reader
 * @v: (out): the value, read in network byte order
 *
 * Returns: TRUE, or FALSE when fewer than 2 bytes are left (the reader is then exhausted)
 *
 * Since: 1.0
 */
static inline gboolean
nfd_reader_u16(NfdReader *r, guint16 *v)
{
	if (r->rem < 2) {
		r->rem = 0;
		return FALSE;
	}
	*v = (guint16)((r->p[0] << 8) | r->p[1]);
	r->p += 2;
	r->rem -= 2;
	return TRUE;
}

/**
 * nfd_reader_u32:
 * @r: a reader
 * @v: (out): the value, read in network byte order
 *
 * Returns: TRUE, or FALSE when fewer than 4 bytes are left (the reader is then exhausted)
 *
 * Since: 1.0
 */
static inline gboolean
nfd_reader_u32(NfdReader *r, guint32 *v)
{
	if (r->rem < 4) {
		r->rem = 0;
		return FALSE;
	}
	*v = ((guint32)r->p[0] << 24) | ((guint32)r->p[1] << 16) | ((guint32)r->p[2] << 8) |
	     (guint32)r->p[3];
	r->p += 4;
	r->rem -= 4;
	return TRUE;
}

/**
 * nfd_reader_nd_option:
 * @r: a reader at a Neighbor Discovery option, or at the end of the options
 * @opt: (out) (transfer none): the option, from its type octet (type `opt[0]`, contents from
 *   `opt + 2`), pointing into the reader's data
 * @len: (out): its length in octets, 8 times its length field: 8 or more
 *
 * Takes the next Neighbor Discovery option (RFC 4861 §4.6: type, length in units of 8
 * octets including type and length, contents).  An option whose length field is 0, which
 * RFC 4861 §6.1.1 and §7.1.1 make a message invalid for, or which runs past the data, is
 * malformed.  Loop with `while (r.rem > 0)`; allocates nothing, thread-safe.
 *
 * Returns: TRUE, or FALSE when the option is malformed or the reader is empty (the reader is
 *   then exhausted, @opt and @len untouched)
 *
 * Since: 1.1
 */
static inline gboolean
nfd_reader_nd_option(NfdReader *r, const guint8 **opt, gsize *len)
{
	gsize n;

	if (r->rem < 2 || r->p[1] == 0 || (gsize)r->p[1] * 8 > r->rem) {
		r->rem = 0;
		return FALSE;
	}
	n = (gsize)r->p[1] * 8;
	*opt = r->p;
	*len = n;
	r->p += n;
	r->rem -= n;
	return TRUE;
}

/**
 * NfdWriter:
 * @buf: the buffer written into
 * @cap: its size
 * @len: how many bytes were written
 * @overflow: TRUE once a write did not fit; every later write fails too
 *
 * A bounds-checked writer into a fixed buffer (e.g. nfd_reply_get_payload_buffer()), on the
 * stack; initialise it with nfd_writer_init().  Write everything, then check @overflow once.
 *
 * Since: 1.0
 */
typedef struct {
	guint8 *buf;
	gsize cap;
	gsize len;
	gboolean overflow;
} NfdWriter;

/**
 * nfd_writer_init:
 * @w: (out caller-allocates): the writer
 * @buf: (array length=cap): the buffer to write into
 * @cap: its size
 *
 * Starts writing at the beginning of @buf.
 *
 * Since: 1.0
 */
static inline void
nfd_writer_init(NfdWriter *w, guint8 *buf, gsize cap)
{
	w->buf = buf;
	w->cap = cap;
	w->len = 0;
	w->overflow = FALSE;
}

/**
 * nfd_writer_reserve:
 * @w: a writer
 * @n: how many bytes to reserve
 *
 * Reserves @n bytes to fill in later (e.g. a length field written after its contents).
 *
 * Returns: (nullable) (transfer none): where the @n bytes go, or NULL when they do not fit
 *   (the writer has then overflowed)
 *
 * Since: 1.0
 */
static inline guint8 *
nfd_writer_reserve(NfdWriter *w, gsize n)
{
	guint8 *p;
	if (w->overflow || n > w->cap - w->len) {
		w->overflow = TRUE;
		return NULL;
	}
	p = w->buf + w->len;
	w->len += n;
	return p;
}

/**
 * nfd_writer_bytes:
 * @w: a writer
 * @data: (array length=n): the bytes to append
 * @n: how many
 *
 * Returns: TRUE, or FALSE when they do not fit (the writer has then overflowed)
 *
 * Since: 1.0
 */
static inline gboolean
nfd_writer_bytes(NfdWriter *w, const void *data, gsize n)
{
	guint8 *p = nfd_writer_reserve(w, n);
	if (p == NULL)
		return FALSE;
	if (n > 0)
		memcpy(p, data, n);
	return TRUE;
}

/**
 * nfd_writer_u8:
 * @w: a writer
 * @v: the byte to append
 *
 * Returns: TRUE, or FALSE when it does not fit
 *
 * Since: 1.0
 */
static inline gboolean
nfd_writer_u8(NfdWriter *w, guint8 v)
{
	return nfd_writer_bytes(w, &v, 1);
}

/**
 * nfd_writer_u16:
 * @w: a writer
 * @v: the value to append in network byte order
 *
 * Returns: TRUE, or FALSE when it does not fit
 *
 * Since: 1.0
 */
static inline gboolean
nfd_writer_u16(NfdWriter *w, guint16 v)
{
	guint8 b[2] = {(guint8)(v >> 8), (guint8)v};
	return nfd_writer_bytes(w, b, 2);
}

/**
 * nfd_writer_u32:
 * @w: a writer
 * @v: the value to append in network byte order
 *
 * Returns: TRUE, or FALSE when it does not fit
 *
 * Since: 1.0
 */
static inline gboolean
nfd_writer_u32(NfdWriter *w, guint32 v)
{
	guint8 b[4] = {(guint8)(v >> 24), (guint8)(v >> 16), (guint8)(v >> 8), (guint8)v};
	return nfd_writer_bytes(w, b, 4);
}

G_END_DECLS
