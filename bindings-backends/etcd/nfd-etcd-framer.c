/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdEtcdFramer: where one JSON object of a stream ends (RFC 8259 §2, §7).
 *
 * The framer follows the lexical structure only: strings with their backslash escapes, and the
 * nesting of objects and arrays.  Between objects only whitespace is allowed, and an object
 * must open the stream.  It is deliberately stricter than JSON parsers that accept comments or
 * single-quoted strings (json-glib 1.6 does): outside strings only the characters of JSON's
 * grammar pass, raw control characters inside strings are refused, brackets must match and
 * the nesting depth is capped.  So what it hands on has exactly the nesting it counted, and the
 * recursive parser behind it never sees more than max_depth levels.
 *
 * Memory: only the bytes of an unfinished object are kept, up to max_size; an object that
 * would be larger is an error, as is any malformation.  After an error the framer must be
 * reset (the stream is then abandoned by its caller).  Objects that lie whole inside one fed
 * chunk are passed on without a copy.
 *
 * Pure code over untrusted bytes: no I/O.
 */
#include "nfd-etcd-framer.h"
#include "nfd-etcd-proto.h"

/* bit i of the bracket stack: 1 = '{' at depth i + 1 */
#define NFD_ETCD_FRAMER_MAX_DEPTH 64

struct _NfdEtcdFramer {
	GByteArray *buf; /* the unfinished object's bytes from earlier chunks */
	gsize max_size;
	guint max_depth;
	guint depth;
	guint64 stack;
	gboolean in_string;
	gboolean escape;
	gboolean failed;
};

NfdEtcdFramer *
nfd_etcd_framer_new(gsize max_size, guint max_depth)
{
	NfdEtcdFramer *self = g_new0(NfdEtcdFramer, 1);

	self->buf = g_byte_array_new();
	self->max_size = max_size;
	self->max_depth = CLAMP(max_depth, 1, NFD_ETCD_FRAMER_MAX_DEPTH);
	return self;
}

void
nfd_etcd_framer_free(NfdEtcdFramer *self)
{
	if (self == NULL)
		return;
	g_byte_array_unref(self->buf);
	g_free(self);
}

void
nfd_etcd_framer_reset(NfdEtcdFramer *self)
{
	/* drop a large buffer rather than keep its allocation for the life of the stream */
	if (self->buf->len > 65536) {
		g_byte_array_unref(self->buf);
		self->buf = g_byte_array_new();
	}
	g_byte_array_set_size(self->buf, 0);
	self->depth = 0;
	self->stack = 0;
	self->in_string = FALSE;
	self->escape = FALSE;
	self->failed = FALSE;
}

/* between objects, or before the first one */
gboolean
nfd_etcd_framer_is_idle(const NfdEtcdFramer *self)
{
	return self->depth == 0 && !self->failed;
}

gsize
nfd_etcd_framer_get_buffered(const NfdEtcdFramer *self)
{
	return self->buf->len;
}

static gboolean
is_ws(guint8 c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* outside strings, inside an object: structure, numbers and the literals true/false/null */
static gboolean
is_token_char(guint8 c)
{
	return is_ws(c) || c == ',' || c == ':' || (c >= '0' && c <= '9') || c == '-' || c == '+' ||
	       c == '.' || c == 'E' || (c >= 'a' && c <= 'z');
}

static gboolean
fail(NfdEtcdFramer *self, GError **error, const gchar *what, guint8 c)
{
	self->failed = TRUE;
	g_set_error(error,
		    NFD_ETCD_ERROR,
		    NFD_ETCD_ERROR_PROTOCOL,
		    "malformed JSON stream: %s (byte 0x%02x)",
		    what,
		    c);
	return FALSE;
}

/* one byte inside an object; returns FALSE on a malformation */
static gboolean
step(NfdEtcdFramer *self, guint8 c, GError **error)
{
	if (self->in_string) {
		if (self->escape)
			self->escape = FALSE;
		else if (c == '\\')
			self->escape = TRUE;
		else if (c == '"')
			self->in_string = FALSE;
		else if (c < 0x20)
			return fail(self, error, "control character in a string", c);
		return TRUE;
	}
	switch (c) {
	case '"':
		self->in_string = TRUE;
		return TRUE;
	case '{':
	case '[':
		if (self->depth >= self->max_depth)
			return fail(self, error, "nested too deeply", c);
		if (c == '{')
			self->stack |= G_GUINT64_CONSTANT(1) << self->depth;
		else
			self->stack &= ~(G_GUINT64_CONSTANT(1) << self->depth);
		self->depth++;
		return TRUE;
	case '}':
	case ']': {
		gboolean brace = (self->stack >> (self->depth - 1)) & 1;
		if (brace != (c == '}'))
			return fail(self, error, "mismatched bracket", c);
		self->depth--;
		return TRUE;
	}
	default:
		if (!is_token_char(c))
			return fail(self, error, "unexpected character", c);
		return TRUE;
	}
}

static gboolean
too_large(NfdEtcdFramer *self, GError **error)
{
	self->failed = TRUE;
	g_set_error(error,
		    NFD_ETCD_ERROR,
		    NFD_ETCD_ERROR_TOO_LARGE,
		    "a JSON message is larger than %" G_GSIZE_FORMAT " bytes",
		    self->max_size);
	return FALSE;
}

/**
 * nfd_etcd_framer_feed:
 * @data: the next bytes of the stream
 * @func: called for each complete top-level object, in order
 *
 * Returns: FALSE with @error on a malformed stream or an object above the size limit.
 */
gboolean
nfd_etcd_framer_feed(NfdEtcdFramer *self,
		     const guint8 *data,
		     gsize len,
		     NfdEtcdFrameFunc func,
		     gpointer user_data,
		     GError **error)
{
	gsize start = 0;

	if (self->failed)
		return fail(self, error, "stream already failed", 0);
	for (gsize i = 0; i < len; i++) {
		guint8 c = data[i];
		gsize size;

		if (self->depth == 0) {
			if (is_ws(c))
				continue;
			if (c != '{')
				return fail(self, error, "expected an object", c);
			start = i;
		}
		if (!step(self, c, error))
			return FALSE;
		size = self->buf->len + (i - start + 1);
		if (size > self->max_size)
			return too_large(self, error);
		if (self->depth > 0)
			continue;
		/* the object ends here */
		if (self->buf->len == 0) {
			if (!func((const gchar *)data + start, i - start + 1, user_data))
				return TRUE;
		} else {
			gboolean more;
			g_byte_array_append(self->buf, data + start, (guint)(i - start + 1));
			more = func((const gchar *)self->buf->data, self->buf->len, user_data);
			g_byte_array_set_size(self->buf, 0);
			if (!more)
				return TRUE;
		}
	}
	if (self->depth > 0)
		g_byte_array_append(self->buf, data + start, (guint)(len - start));
	return TRUE;
}
