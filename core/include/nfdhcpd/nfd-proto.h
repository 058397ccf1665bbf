/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pure protocol helpers shared by the responders: Internet checksums, EUI-64 and link-local
 * addresses from a MAC, MAC text forms, DNS name lists, and a bounds-checked byte reader and
 * writer.  Nothing here allocates, opens a socket or touches the main loop, so the protocol
 * files of every plugin can be unit-tested and fuzzed on their own.
 *
 * The reader follows the OpenBSD dhcpleased idiom: a cursor and a remaining length, checked
 * before every read; a failed read leaves the reader exhausted and returns FALSE.
 */
#pragma once

#include <netinet/in.h>
#include <string.h>

#include "nfd-common.h"

G_BEGIN_DECLS

#define NFD_MAC_STRLEN 18

guint32
nfd_proto_checksum_add(guint32 sum, const guint8 *data, gsize len);
guint16
nfd_proto_checksum_fold(guint32 sum);
guint16
nfd_proto_ip6_l4_checksum(const struct in6_addr *src,
			  const struct in6_addr *dst,
			  guint8 proto,
			  const guint8 *l4,
			  gsize len);
guint16
nfd_proto_ip4_l4_checksum(const struct in_addr *src,
			  const struct in_addr *dst,
			  guint8 proto,
			  const guint8 *l4,
			  gsize len);
void
nfd_proto_mac_to_eui64(const guint8 *mac, const struct in6_addr *prefix, struct in6_addr *out);
void
nfd_proto_mac_to_link_local(const guint8 *mac, struct in6_addr *out);
gboolean
nfd_proto_mac_parse(const gchar *str, guint8 *mac);
void
nfd_proto_mac_format(const guint8 *mac, gchar *buf);
gboolean
nfd_proto_ip6_in_prefix(const struct in6_addr *addr, const struct in6_addr *prefix, guint len);
gssize
nfd_proto_dns_encode_list(const gchar *const *names, gboolean compress, guint8 *out, gsize cap);

/* a bounds-checked reader over untrusted bytes */
typedef struct {
	const guint8 *p;
	gsize rem;
} NfdReader;

static inline void
nfd_reader_init(NfdReader *r, const guint8 *data, gsize len)
{
	r->p = data;
	r->rem = data != NULL ? len : 0;
}

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

/* a bounds-checked writer into a fixed buffer: once it overflows, it stays failed */
typedef struct {
	guint8 *buf;
	gsize cap;
	gsize len;
	gboolean overflow;
} NfdWriter;

static inline void
nfd_writer_init(NfdWriter *w, guint8 *buf, gsize cap)
{
	w->buf = buf;
	w->cap = cap;
	w->len = 0;
	w->overflow = FALSE;
}

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

static inline gboolean
nfd_writer_u8(NfdWriter *w, guint8 v)
{
	return nfd_writer_bytes(w, &v, 1);
}

static inline gboolean
nfd_writer_u16(NfdWriter *w, guint16 v)
{
	guint8 b[2] = {(guint8)(v >> 8), (guint8)v};
	return nfd_writer_bytes(w, b, 2);
}

static inline gboolean
nfd_writer_u32(NfdWriter *w, guint32 v)
{
	guint8 b[4] = {(guint8)(v >> 24), (guint8)(v >> 16), (guint8)(v >> 8), (guint8)v};
	return nfd_writer_bytes(w, b, 4);
}

G_END_DECLS
