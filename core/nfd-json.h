/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdJson: the little JSON the control socket needs, without a JSON library (the daemon's only
 * hard dependencies are GLib, libnfq, libmnl and libcap-ng; json-glib stays an option of the
 * etcd backend).
 *
 * The writer appends RFC 8259 text to a GString and keeps the commas itself, so a reply can be
 * written in pieces (a long binding table is streamed, see nfd-control.c).  Strings are escaped
 * (§7); bytes that are not UTF-8 become U+FFFD, so a binding value or a guest's vendor class
 * can never make the output invalid.
 *
 * The reader is for requests: small objects read from an untrusted peer.  It is pure (no
 * allocation until a value is decoded), walks the text with a bounded cursor, validates the
 * whole text (one object, nothing after it but white space, nesting at most
 * NFD_JSON_MAX_DEPTH deep) and hands back the object's members as spans of the text; a nested
 * object member is parsed again with the same call.  Duplicate keys are refused: a request
 * means one thing.
 */
#pragma once

#include <glib.h>

#define NFD_JSON_MAX_DEPTH 16

/* ---- writer ---- */

typedef struct {
	GString *out;
	guint depth;
	/* per level: no member or element written yet (the next one needs no comma) */
	gboolean first[NFD_JSON_MAX_DEPTH + 1];
	/* a key was just written: the value follows without a comma */
	gboolean after_key;
} NfdJsonWriter;

void
nfd_json_writer_init(NfdJsonWriter *self, GString *out);
void
nfd_json_begin_object(NfdJsonWriter *self);
void
nfd_json_end_object(NfdJsonWriter *self);
void
nfd_json_begin_array(NfdJsonWriter *self);
void
nfd_json_end_array(NfdJsonWriter *self);
void
nfd_json_key(NfdJsonWriter *self, const gchar *key);
void
nfd_json_string(NfdJsonWriter *self, const gchar *value);
void
nfd_json_string_len(NfdJsonWriter *self, const gchar *value, gsize len);
void
nfd_json_uint(NfdJsonWriter *self, guint64 value);
void
nfd_json_int(NfdJsonWriter *self, gint64 value);
void
nfd_json_double(NfdJsonWriter *self, gdouble value);
void
nfd_json_bool(NfdJsonWriter *self, gboolean value);
void
nfd_json_null(NfdJsonWriter *self);
/* a string value written in pieces (a long text streamed over several calls) */
void
nfd_json_string_begin(NfdJsonWriter *self);
void
nfd_json_string_append(NfdJsonWriter *self, const gchar *text, gsize len);
void
nfd_json_string_end(NfdJsonWriter *self);
/* the usual "key": value pairs */
void
nfd_json_member_string(NfdJsonWriter *self, const gchar *key, const gchar *value);
void
nfd_json_member_uint(NfdJsonWriter *self, const gchar *key, guint64 value);
void
nfd_json_member_bool(NfdJsonWriter *self, const gchar *key, gboolean value);

/* appends @len bytes of @text as the inside of a JSON string (no quotes) */
void
nfd_json_escape_append(GString *out, const gchar *text, gsize len);

/* ---- reader ---- */

typedef enum {
	NFD_JSON_NULL,
	NFD_JSON_FALSE,
	NFD_JSON_TRUE,
	NFD_JSON_NUMBER,
	NFD_JSON_STRING,
	NFD_JSON_ARRAY,
	NFD_JSON_OBJECT,
} NfdJsonType;

/* one member of a parsed object: spans of the parsed text, valid as long as the text.  A
 * string's span is its inside, still escaped; any other value's span is its whole text. */
typedef struct {
	const gchar *key;
	gsize key_len;
	NfdJsonType type;
	const gchar *value;
	gsize value_len;
} NfdJsonMember;

gboolean
nfd_json_parse_object(const gchar *text,
		      gsize len,
		      NfdJsonMember *members,
		      guint max_members,
		      guint *n_members,
		      GError **error);
/* the member whose (decoded) key is @key, or NULL */
const NfdJsonMember *
nfd_json_find(const NfdJsonMember *members, guint n_members, const gchar *key);
/* a key's text, decoded, for messages; NULL when it cannot be decoded */
gchar *
nfd_json_member_dup_key(const NfdJsonMember *member);
/* a string member's value, decoded; NULL with @error for \u0000 or an invalid escape */
gchar *
nfd_json_member_dup_string(const NfdJsonMember *member, GError **error);
gboolean
nfd_json_member_get_uint(const NfdJsonMember *member, guint64 max, guint64 *value);
