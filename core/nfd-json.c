/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdJson: a JSON writer and a bounded request reader (see nfd-json.h), RFC 8259.
 *
 * The reader follows the grammar of RFC 8259 §2-§7 with a cursor and a length check before
 * every byte it reads: values nest at most NFD_JSON_MAX_DEPTH deep (the recursion is bounded by
 * it), strings are valid UTF-8 without raw control characters (§7, §8.1), numbers follow §6.
 * Nothing is allocated while parsing; decoding a string value allocates (a cold path: one
 * control request).
 */
#include <string.h>

#include "nfd-common.h"
#include "nfd-json.h"

/* ---- writer ---- */

void
nfd_json_writer_init(NfdJsonWriter *self, GString *out)
{
	memset(self, 0, sizeof(*self));
	self->out = out;
	self->first[0] = TRUE;
}

/* the separator a new value or member needs at this point */
static void
writer_sep(NfdJsonWriter *self)
{
	if (self->after_key) {
		self->after_key = FALSE;
		return;
	}
	if (!self->first[self->depth])
		g_string_append_c(self->out, ',');
	self->first[self->depth] = FALSE;
}

static void
writer_open(NfdJsonWriter *self, gchar c)
{
	writer_sep(self);
	g_string_append_c(self->out, c);
	/* deeper than the reader accepts is a bug of ours; stay well-formed anyway */
	if (self->depth < NFD_JSON_MAX_DEPTH)
		self->depth++;
	self->first[self->depth] = TRUE;
}

static void
writer_close(NfdJsonWriter *self, gchar c)
{
	g_string_append_c(self->out, c);
	if (self->depth > 0)
		self->depth--;
}

void
nfd_json_begin_object(NfdJsonWriter *self)
{
	writer_open(self, '{');
}

void
nfd_json_end_object(NfdJsonWriter *self)
{
	writer_close(self, '}');
}

void
nfd_json_begin_array(NfdJsonWriter *self)
{
	writer_open(self, '[');
}

void
nfd_json_end_array(NfdJsonWriter *self)
{
	writer_close(self, ']');
}

void
nfd_json_escape_append(GString *out, const gchar *text, gsize len)
{
	const gchar *p = text;
	const gchar *end = text + len;

	while (p < end) {
		guchar c = (guchar)*p;
		const gchar *next;

		if (c >= 0x80) {
			/* one UTF-8 sequence as is, or U+FFFD for a byte that does not start one */
			gunichar u = g_utf8_get_char_validated(p, end - p);
			if (u == (gunichar)-1 || u == (gunichar)-2) {
				g_string_append(out, "\\ufffd");
				p++;
				continue;
			}
			next = g_utf8_next_char(p);
			g_string_append_len(out, p, next - p);
			p = next;
			continue;
		}
		switch (c) {
		case '"':
			g_string_append(out, "\\\"");
			break;
		case '\\':
			g_string_append(out, "\\\\");
			break;
		case '\n':
			g_string_append(out, "\\n");
			break;
		case '\r':
			g_string_append(out, "\\r");
			break;
		case '\t':
			g_string_append(out, "\\t");
			break;
		default:
			/* §7: control characters must be escaped; DEL too, for terminals */
			if (c < 0x20 || c == 0x7f)
				g_string_append_printf(out, "\\u%04x", c);
			else
				g_string_append_c(out, (gchar)c);
			break;
		}
		p++;
	}
}

void
nfd_json_string_len(NfdJsonWriter *self, const gchar *value, gsize len)
{
	writer_sep(self);
	g_string_append_c(self->out, '"');
	nfd_json_escape_append(self->out, value, len);
	g_string_append_c(self->out, '"');
}

void
nfd_json_string_begin(NfdJsonWriter *self)
{
	writer_sep(self);
	g_string_append_c(self->out, '"');
}

void
nfd_json_string_append(NfdJsonWriter *self, const gchar *text, gsize len)
{
	nfd_json_escape_append(self->out, text, len);
}

void
nfd_json_string_end(NfdJsonWriter *self)
{
	g_string_append_c(self->out, '"');
}

void
nfd_json_string(NfdJsonWriter *self, const gchar *value)
{
	if (value == NULL) {
		nfd_json_null(self);
		return;
	}
	nfd_json_string_len(self, value, strlen(value));
}

void
nfd_json_key(NfdJsonWriter *self, const gchar *key)
{
	nfd_json_string(self, key);
	g_string_append_c(self->out, ':');
	self->after_key = TRUE;
}

void
nfd_json_uint(NfdJsonWriter *self, guint64 value)
{
	writer_sep(self);
	g_string_append_printf(self->out, "%" G_GUINT64_FORMAT, value);
}

void
nfd_json_int(NfdJsonWriter *self, gint64 value)
{
	writer_sep(self);
	g_string_append_printf(self->out, "%" G_GINT64_FORMAT, value);
}

void
nfd_json_double(NfdJsonWriter *self, gdouble value)
{
	gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

	writer_sep(self);
	/* §6: no NaN or infinity in JSON */
	if (value != value || value > G_MAXDOUBLE || value < -G_MAXDOUBLE) {
		g_string_append(self->out, "null");
		return;
	}
	g_string_append(self->out, g_ascii_dtostr(buf, sizeof(buf), value));
}

void
nfd_json_bool(NfdJsonWriter *self, gboolean value)
{
	writer_sep(self);
	g_string_append(self->out, value ? "true" : "false");
}

void
nfd_json_null(NfdJsonWriter *self)
{
	writer_sep(self);
	g_string_append(self->out, "null");
}

void
nfd_json_member_string(NfdJsonWriter *self, const gchar *key, const gchar *value)
{
	nfd_json_key(self, key);
	nfd_json_string(self, value);
}

void
nfd_json_member_uint(NfdJsonWriter *self, const gchar *key, guint64 value)
{
	nfd_json_key(self, key);
	nfd_json_uint(self, value);
}

void
nfd_json_member_bool(NfdJsonWriter *self, const gchar *key, gboolean value)
{
	nfd_json_key(self, key);
	nfd_json_bool(self, value);
}

/* ---- reader ---- */

typedef struct {
	const gchar *p;
	const gchar *end;
	const gchar *why; /* the first problem found */
} NfdJsonReader;

static gboolean
fail(NfdJsonReader *r, const gchar *why)
{
	if (r->why == NULL)
		r->why = why;
	return FALSE;
}

/* RFC 8259 §2: insignificant white space */
static void
skip_ws(NfdJsonReader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static gboolean
is_hex(gchar c)
{
	return g_ascii_isxdigit(c);
}

/* §7: the cursor is on the opening quote; on success it is past the closing one and the
 * inside is [*start, *start + *len) */
static gboolean
read_string(NfdJsonReader *r, const gchar **start, gsize *len)
{
	const gchar *s;

	if (r->p >= r->end || *r->p != '"')
		return fail(r, "expected a string");
	s = ++r->p;
	while (r->p < r->end && *r->p != '"') {
		guchar c = (guchar)*r->p;
		if (c < 0x20)
			return fail(r, "control character in a string");
		if (c == '\\') {
			if (r->end - r->p < 2)
				return fail(r, "unterminated string");
			switch (r->p[1]) {
			case '"':
			case '\\':
			case '/':
			case 'b':
			case 'f':
			case 'n':
			case 'r':
			case 't':
				r->p += 2;
				break;
			case 'u':
				if (r->end - r->p < 6 || !is_hex(r->p[2]) || !is_hex(r->p[3]) ||
				    !is_hex(r->p[4]) || !is_hex(r->p[5]))
					return fail(r, "bad \\u escape");
				r->p += 6;
				break;
			default:
				return fail(r, "bad escape in a string");
			}
			continue;
		}
		r->p++;
	}
	if (r->p >= r->end)
		return fail(r, "unterminated string");
	/* §8.1: UTF-8 (escapes are ASCII, so the raw inside must be valid) */
	if (!g_utf8_validate_len(s, r->p - s, NULL))
		return fail(r, "a string is not UTF-8");
	*start = s;
	*len = r->p - s;
	r->p++;
	return TRUE;
}

static gboolean
read_digits(NfdJsonReader *r)
{
	const gchar *s = r->p;

	while (r->p < r->end && g_ascii_isdigit(*r->p))
		r->p++;
	return r->p > s;
}

/* §6: -? int frac? exp? */
static gboolean
read_number(NfdJsonReader *r)
{
	if (r->p < r->end && *r->p == '-')
		r->p++;
	if (r->p < r->end && *r->p == '0')
		r->p++;
	else if (!read_digits(r))
		return fail(r, "bad number");
	if (r->p < r->end && *r->p == '.') {
		r->p++;
		if (!read_digits(r))
			return fail(r, "bad number");
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		r->p++;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (!read_digits(r))
			return fail(r, "bad number");
	}
	return TRUE;
}

static gboolean
read_literal(NfdJsonReader *r, const gchar *word)
{
	gsize n = strlen(word);

	if ((gsize)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
		return fail(r, "unexpected character");
	r->p += n;
	return TRUE;
}

static gboolean
read_value(NfdJsonReader *r, guint depth, NfdJsonType *type);

/* the cursor is on '{' or '['; @members: where to put the object's members (the top level
 * only), NULL to just validate */
static gboolean
read_container(NfdJsonReader *r, guint depth, NfdJsonMember *members, guint max, guint *n)
{
	gboolean object = *r->p == '{';
	gchar close = object ? '}' : ']';

	if (depth >= NFD_JSON_MAX_DEPTH)
		return fail(r, "nested too deep");
	r->p++;
	skip_ws(r);
	if (r->p < r->end && *r->p == close) {
		r->p++;
		return TRUE;
	}
	for (;;) {
		NfdJsonMember m = {0};
		const gchar *start;

		skip_ws(r);
		if (object) {
			if (!read_string(r, &m.key, &m.key_len))
				return FALSE;
			skip_ws(r);
			if (r->p >= r->end || *r->p != ':')
				return fail(r, "expected ':'");
			r->p++;
			skip_ws(r);
		}
		start = r->p;
		if (r->p < r->end && *r->p == '"') {
			if (!read_string(r, &m.value, &m.value_len))
				return FALSE;
			m.type = NFD_JSON_STRING;
		} else {
			if (!read_value(r, depth + 1, &m.type))
				return FALSE;
			m.value = start;
			m.value_len = r->p - start;
		}
		if (object && members != NULL) {
			if (*n >= max)
				return fail(r, "too many members");
			members[(*n)++] = m;
		}
		skip_ws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			r->p++;
			return TRUE;
		}
		return fail(r, object ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static gboolean
read_value(NfdJsonReader *r, guint depth, NfdJsonType *type)
{
	const gchar *s;
	gsize n;

	skip_ws(r);
	if (r->p >= r->end)
		return fail(r, "unexpected end");
	switch (*r->p) {
	case '{':
		*type = NFD_JSON_OBJECT;
		return read_container(r, depth, NULL, 0, NULL);
	case '[':
		*type = NFD_JSON_ARRAY;
		return read_container(r, depth, NULL, 0, NULL);
	case '"':
		*type = NFD_JSON_STRING;
		return read_string(r, &s, &n);
	case 't':
		*type = NFD_JSON_TRUE;
		return read_literal(r, "true");
	case 'f':
		*type = NFD_JSON_FALSE;
		return read_literal(r, "false");
	case 'n':
		*type = NFD_JSON_NULL;
		return read_literal(r, "null");
	default:
		*type = NFD_JSON_NUMBER;
		return read_number(r);
	}
}

/* a \uXXXX at @p (the backslash) as a code unit */
static guint
hex4(const gchar *p)
{
	guint v = 0;

	for (guint i = 2; i < 6; i++)
		v = v << 4 | (guint)g_ascii_xdigit_value(p[i]);
	return v;
}

/* @raw: the validated inside of a string (read_string() accepted it) */
static gboolean
decode_into(const gchar *raw, gsize len, GString *out, const gchar **why)
{
	const gchar *p = raw;
	const gchar *end = raw + len;

	while (p < end) {
		gunichar u;
		if (*p != '\\') {
			g_string_append_c(out, *p++);
			continue;
		}
		if (end - p < 2) {
			*why = "truncated escape";
			return FALSE;
		}
		switch (p[1]) {
		case 'b':
			u = '\b';
			break;
		case 'f':
			u = '\f';
			break;
		case 'n':
			u = '\n';
			break;
		case 'r':
			u = '\r';
			break;
		case 't':
			u = '\t';
			break;
		case 'u':
			if (end - p < 6) {
				*why = "truncated escape";
				return FALSE;
			}
			u = hex4(p);
			/* §7: a character outside the BMP is a surrogate pair */
			if (u >= 0xd800 && u <= 0xdbff) {
				guint lo;
				if (end - p < 12 || p[6] != '\\' || p[7] != 'u') {
					*why = "lone surrogate";
					return FALSE;
				}
				lo = hex4(p + 6);
				if (lo < 0xdc00 || lo > 0xdfff) {
					*why = "lone surrogate";
					return FALSE;
				}
				u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			} else if (u >= 0xdc00 && u <= 0xdfff) {
				*why = "lone surrogate";
				return FALSE;
			}
			if (u == 0) {
				*why = "NUL character";
				return FALSE;
			}
			g_string_append_unichar(out, u);
			p += 6;
			continue;
		default:
			u = (guchar)p[1];
			break;
		}
		g_string_append_c(out, (gchar)u);
		p += 2;
	}
	return TRUE;
}

gboolean
nfd_json_parse_object(const gchar *text,
		      gsize len,
		      NfdJsonMember *members,
		      guint max_members,
		      guint *n_members,
		      GError **error)
{
	NfdJsonReader r = {.p = text, .end = text + len};
	guint n = 0;

	*n_members = 0;
	skip_ws(&r);
	if (r.p >= r.end || *r.p != '{') {
		g_set_error(error, NFD_ERROR, NFD_ERROR_FAILED, "not a JSON object");
		return FALSE;
	}
	if (!read_container(&r, 0, members, max_members, &n)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_FAILED,
			    "bad JSON at byte %u: %s",
			    (guint)(r.p - text),
			    r.why != NULL ? r.why : "syntax error");
		return FALSE;
	}
	skip_ws(&r);
	if (r.p != r.end) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_FAILED,
			    "bad JSON at byte %u: text after the object",
			    (guint)(r.p - text));
		return FALSE;
	}
	/* one key, one meaning */
	for (guint i = 0; i < n; i++) {
		for (guint j = 0; j < i; j++) {
			g_autofree gchar *a = nfd_json_member_dup_key(&members[i]);
			g_autofree gchar *b = nfd_json_member_dup_key(&members[j]);
			if (a == NULL || b == NULL || strcmp(a, b) == 0) {
				g_set_error(error,
					    NFD_ERROR,
					    NFD_ERROR_FAILED,
					    "bad JSON: key \"%s\" given twice",
					    a != NULL ? a : "?");
				return FALSE;
			}
		}
	}
	*n_members = n;
	return TRUE;
}

gchar *
nfd_json_member_dup_key(const NfdJsonMember *member)
{
	GString *out = g_string_new(NULL);
	const gchar *why = NULL;

	if (!decode_into(member->key, member->key_len, out, &why)) {
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

const NfdJsonMember *
nfd_json_find(const NfdJsonMember *members, guint n_members, const gchar *key)
{
	gsize klen = strlen(key);

	for (guint i = 0; i < n_members; i++) {
		g_autofree gchar *k = NULL;
		/* the common case, an unescaped key, needs no decoding */
		if (memchr(members[i].key, '\\', members[i].key_len) == NULL) {
			if (members[i].key_len == klen && memcmp(members[i].key, key, klen) == 0)
				return &members[i];
			continue;
		}
		k = nfd_json_member_dup_key(&members[i]);
		if (k != NULL && strcmp(k, key) == 0)
			return &members[i];
	}
	return NULL;
}

gchar *
nfd_json_member_dup_string(const NfdJsonMember *member, GError **error)
{
	GString *out;
	const gchar *why = NULL;

	if (member->type != NFD_JSON_STRING) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_FAILED, "not a string");
		return NULL;
	}
	out = g_string_sized_new(member->value_len);
	if (!decode_into(member->value, member->value_len, out, &why)) {
		g_string_free(out, TRUE);
		g_set_error(error, NFD_ERROR, NFD_ERROR_FAILED, "bad string: %s", why);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

gboolean
nfd_json_member_get_uint(const NfdJsonMember *member, guint64 max, guint64 *value)
{
	guint64 v = 0;

	if (member->type != NFD_JSON_NUMBER || member->value_len == 0 || member->value_len > 20)
		return FALSE;
	for (gsize i = 0; i < member->value_len; i++) {
		gchar c = member->value[i];
		if (!g_ascii_isdigit(c))
			return FALSE;
		if (v > (G_MAXUINT64 - (guint64)(c - '0')) / 10)
			return FALSE;
		v = v * 10 + (guint64)(c - '0');
	}
	if (v > max)
		return FALSE;
	*value = v;
	return TRUE;
}
