/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The GRNET binding file format, as written by Ganeti's gnt-networking and snf-network hooks
 * (`cat > $NFDHCPD_STATE_DIR/$INTERFACE <<EOF ... EOF`): one KEY=VALUE per line.
 *
 * Grammar, a lenient subset of POSIX shell assignments:
 *  - blank lines and lines whose first non-blank character is '#' are ignored;
 *  - leading blanks and a leading "export " are tolerated, CRLF line ends and a UTF-8 BOM too;
 *  - KEY is [A-Z_][A-Z0-9_]*, immediately followed by '=' (no blanks around it);
 *  - VALUE is either unquoted (the rest of the line, surrounding blanks trimmed, up to a '#'
 *    that follows a blank), or one single-quoted string (literal), or one double-quoted string
 *    (backslash escapes only \" \\ \$ \`, as in the shell), optionally followed by blanks and
 *    a comment; an empty value means "unset";
 *  - a later occurrence of a key wins (gnt-networking puts NFDHCPD_STATE_EXTRA first), and only
 *    the winning occurrence is validated;
 *  - NUL bytes, invalid UTF-8, control characters in a value, lines without '=', bad keys and
 *    unterminated quotes are errors;
 *  - at most NFD_BINDING_TEXT_MAX bytes and NFD_BINDING_KEYS_MAX KEY=VALUE lines (nfd-binding-
 *    private.h): a hostile file costs a bounded, small amount of work.
 * The text is read in one pass, each key's winning value is then checked once (nfd_binding_
 * apply_value(), in file order) and the whole by nfd_binding_validate(), and the keys are stored
 * in one allocation, so errors read "line 4: MTU: not a number from 68 to 65535".
 *
 * Errors name the line and the key and never quote the file's bytes: they go to the log, and a
 * binding file may be something else than it claims (issue 13: a symlink to /etc/shadow put
 * root's hash into the log).
 *
 * Differences from the Python original (docs/original.md §3.2): quotes are removed
 * (HOSTNAME="x" was kept with its quotes), a value may contain '=', and malformed lines are
 * reported instead of silently skipped.
 *
 * This is pure code over untrusted bytes: no I/O, a bounds-checked cursor (NfdReader).
 */
#include <string.h>

#include "nfd-binding-backend.h"
#include "nfd-binding-private.h"
#include "nfd-proto.h"

/* one key's winning (last) occurrence */
typedef struct {
	gchar *key;
	gchar *value;
	guint lineno;
} NfdBindingFileEntry;

static void
nfd_binding_file_entry_free(NfdBindingFileEntry *entry)
{
	g_free(entry->key);
	g_free(entry->value);
	g_free(entry);
}

/* the keys of one text: by name, and how many KEY=VALUE lines there were */
typedef struct {
	GHashTable *by_key; /* key -> NfdBindingFileEntry (owned) */
	guint n_lines;
} NfdBindingFileEntries;

static gboolean
is_blank(guint8 c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static gboolean
is_key_char(guint8 c, gboolean first)
{
	return (c >= 'A' && c <= 'Z') || c == '_' || (!first && c >= '0' && c <= '9');
}

/* after a closing quote or inside an unquoted value: only blanks, then optionally a comment */
static gboolean
rest_is_comment(const guint8 *p, gsize n)
{
	gsize i = 0;

	while (i < n && is_blank(p[i]))
		i++;
	return i == n || p[i] == '#';
}

static gboolean
parse_value(const gchar *key, guint lineno, const guint8 *p, gsize n, GString *out, GError **error)
{
	gsize i = 0;

	if (n > 0 && (p[0] == '\'' || p[0] == '"')) {
		guint8 quote = p[0];
		gboolean closed = FALSE;

		for (i = 1; i < n; i++) {
			if (p[i] == quote) {
				closed = TRUE;
				i++;
				break;
			}
			/* POSIX.1-2017 XCU 2.2.3: inside double quotes a backslash only escapes
			 * $ ` " \ (and newline, which cannot occur within one line) */
			if (quote == '"' && p[i] == '\\' && i + 1 < n &&
			    (p[i + 1] == '"' || p[i + 1] == '\\' || p[i + 1] == '$' ||
			     p[i + 1] == '`')) {
				i++;
			}
			g_string_append_c(out, (gchar)p[i]);
		}
		if (!closed) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_BINDING,
				    "line %u: %s: unterminated quote",
				    lineno,
				    key);
			return FALSE;
		}
		if (!rest_is_comment(p + i, n - i)) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_BINDING,
				    "line %u: %s: text after the closing quote",
				    lineno,
				    key);
			return FALSE;
		}
	} else {
		gsize end;

		/* the shell also ignores blanks after '=' only as a separator; we trim them */
		while (i < n && is_blank(p[i]))
			i++;
		end = i;
		while (end < n && !(p[end] == '#' && end > 0 && is_blank(p[end - 1])))
			end++;
		while (end > i && is_blank(p[end - 1]))
			end--;
		g_string_append_len(out, (const gchar *)p + i, (gssize)(end - i));
	}

	for (gsize j = 0; j < out->len; j++) {
		guint8 c = (guint8)out->str[j];
		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_BINDING,
				    "line %u: %s: control character 0x%02x in value",
				    lineno,
				    key,
				    c);
			return FALSE;
		}
	}
	return TRUE;
}

static gboolean
parse_line(const guint8 *p, gsize n, guint lineno, NfdBindingFileEntries *entries, GError **error)
{
	gsize i = 0;
	gsize key_start;
	g_autofree gchar *key = NULL;
	g_autoptr(GString) value = NULL;
	NfdBindingFileEntry *entry;

	if (memchr(p, '\0', n) != NULL) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_BINDING, "line %u: NUL byte", lineno);
		return FALSE;
	}
	if (!g_utf8_validate_len((const gchar *)p, n, NULL)) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_BINDING, "line %u: not UTF-8", lineno);
		return FALSE;
	}
	/* CRLF files: a trailing CR is part of the line end */
	if (n > 0 && p[n - 1] == '\r')
		n--;
	while (i < n && is_blank(p[i]))
		i++;
	if (i == n || p[i] == '#')
		return TRUE;
	if (n - i > 7 && memcmp(p + i, "export", 6) == 0 && is_blank(p[i + 6])) {
		i += 6;
		while (i < n && is_blank(p[i]))
			i++;
	}

	key_start = i;
	while (i < n && p[i] != '=')
		i++;
	if (i == n) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_BINDING, "line %u: not KEY=VALUE", lineno);
		return FALSE;
	}
	for (gsize k = key_start; k < i || k == key_start; k++) {
		if (k == i || !is_key_char(p[k], k == key_start)) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_BINDING,
				    "line %u: not a key before '=' (upper-case letters, digits, "
				    "'_', and no blanks before '=')",
				    lineno);
			return FALSE;
		}
	}
	if (++entries->n_lines > NFD_BINDING_KEYS_MAX) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_BINDING,
			    "line %u: more than %u keys",
			    lineno,
			    (guint)NFD_BINDING_KEYS_MAX);
		return FALSE;
	}
	key = g_strndup((const gchar *)p + key_start, i - key_start);
	value = g_string_new(NULL);
	i++; /* '=' */
	if (!parse_value(key, lineno, p + i, n - i, value, error))
		return FALSE;

	/* a later occurrence wins, and is applied in its own place in the file */
	entry = g_hash_table_lookup(entries->by_key, key);
	if (entry == NULL) {
		entry = g_new0(NfdBindingFileEntry, 1);
		entry->key = g_steal_pointer(&key);
		g_hash_table_insert(entries->by_key, entry->key, entry);
	}
	g_free(entry->value);
	entry->value = g_string_free(g_steal_pointer(&value), FALSE);
	entry->lineno = lineno;
	return TRUE;
}

static gint
entry_cmp(gconstpointer a, gconstpointer b)
{
	const NfdBindingFileEntry *ea = *(NfdBindingFileEntry *const *)a;
	const NfdBindingFileEntry *eb = *(NfdBindingFileEntry *const *)b;
	return ea->lineno < eb->lineno ? -1 : ea->lineno > eb->lineno;
}

/* the winning values, checked in file order (so the first bad line is reported), then stored
 * all at once */
static gboolean
apply_entries(NfdBinding *binding, GHashTable *by_key, GError **error)
{
	g_autoptr(GPtrArray) items = g_ptr_array_sized_new(g_hash_table_size(by_key));
	g_autofree const gchar **keys = g_new(const gchar *, g_hash_table_size(by_key) + 1);
	g_autofree const gchar **values = g_new(const gchar *, g_hash_table_size(by_key) + 1);
	GHashTableIter iter;
	gpointer value;

	g_hash_table_iter_init(&iter, by_key);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		g_ptr_array_add(items, value);
	g_ptr_array_sort(items, entry_cmp);
	for (guint i = 0; i < items->len; i++) {
		NfdBindingFileEntry *entry = g_ptr_array_index(items, i);
		if (!nfd_binding_apply_value(binding, entry->key, entry->value, error)) {
			g_prefix_error(error, "line %u: ", entry->lineno);
			return FALSE;
		}
		keys[i] = entry->key;
		values[i] = entry->value;
	}
	nfd_binding_set_values(binding, keys, values, items->len);
	return TRUE;
}

/* nfd_binding_new_from_data: parses a GRNET binding file (@data need not be NUL-terminated)
 * and validates the binding; NULL with an error naming the line and key.  Core-internal:
 * backends reach it through nfd_binding_sink_upsert_text(), VM managers through
 * --check-bindings. */
NfdBinding *
nfd_binding_new_from_data(const gchar *tap, const gchar *data, gsize len, GError **error)
{
	g_autoptr(NfdBinding) binding = NULL;
	g_autoptr(GHashTable) by_key = NULL;
	NfdBindingFileEntries entries = {NULL, 0};
	g_autoptr(GError) error_local = NULL;
	NfdReader r;
	guint lineno = 0;

	g_return_val_if_fail(tap != NULL, NULL);
	g_return_val_if_fail(data != NULL || len == 0, NULL);

	if (len > NFD_BINDING_TEXT_MAX) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_BINDING,
			    "%" G_GSIZE_FORMAT " bytes, more than the %u a binding file may have",
			    len,
			    (guint)NFD_BINDING_TEXT_MAX);
		return NULL;
	}
	by_key = g_hash_table_new_full(g_str_hash,
				       g_str_equal,
				       NULL,
				       (GDestroyNotify)nfd_binding_file_entry_free);
	entries.by_key = by_key;
	nfd_reader_init(&r, (const guint8 *)data, len);
	/* a UTF-8 byte order mark, as some editors write */
	if (r.rem >= 3 && memcmp(r.p, "\xef\xbb\xbf", 3) == 0)
		nfd_reader_skip(&r, 3);
	while (r.rem > 0) {
		const guint8 *nl = memchr(r.p, '\n', r.rem);
		gsize n = nl != NULL ? (gsize)(nl - r.p) : r.rem;
		const guint8 *line = NULL;

		if (!nfd_reader_bytes(&r, &line, n))
			break;
		if (nl != NULL)
			nfd_reader_skip(&r, 1);
		lineno++;
		if (!parse_line(line, n, lineno, &entries, error))
			return NULL;
	}

	binding = nfd_binding_new(tap);
	if (!apply_entries(binding, by_key, error))
		return NULL;
	if (!nfd_binding_validate(binding, &error_local)) {
		/* errors about a present key ("IP: not inside SUBNET") get that key's line */
		const gchar *colon = strchr(error_local->message, ':');
		g_autofree gchar *msg_key =
		    colon != NULL ? g_strndup(error_local->message, colon - error_local->message)
				  : NULL;
		NfdBindingFileEntry *entry =
		    msg_key != NULL ? g_hash_table_lookup(by_key, msg_key) : NULL;
		if (entry != NULL && entry->value[0] != '\0')
			g_prefix_error(&error_local, "line %u: ", entry->lineno);
		g_propagate_error(error, g_steal_pointer(&error_local));
		return NULL;
	}
	return g_steal_pointer(&binding);
}

static gboolean
has_suffix(const gchar *name, const gchar *suffix)
{
	gsize n = strlen(name);
	gsize m = strlen(suffix);
	return n > m && memcmp(name + n - m, suffix, m) == 0;
}

/* the SDK documents it (nfd-binding-backend.h) */
gboolean
nfd_binding_file_name_is_ignored(const gchar *basename)
{
	static const gchar *const suffixes[] = {
	    "~",
	    ".tmp",
	    ".temp",
	    ".swp",
	    ".swx",
	    ".swo",
	    ".bak",
	    ".old",
	    ".new",
	    ".orig",
	    ".rej",
	    ".save",
	    ".rpmnew",
	    ".rpmsave",
	    ".rpmorig",
	    NULL,
	};
	static const gchar *const infixes[] = {".dpkg-", ".ucf-", NULL};
	gsize len;

	if (basename == NULL)
		return TRUE;
	len = strlen(basename);
	/* hidden files, "." and "..", vim's .tap7.swp, emacs' .#tap7 lock */
	if (len == 0 || basename[0] == '.')
		return TRUE;
	/* emacs auto-save files #tap7# */
	if (basename[0] == '#')
		return TRUE;
	for (guint i = 0; suffixes[i] != NULL; i++) {
		if (has_suffix(basename, suffixes[i]))
			return TRUE;
	}
	for (guint i = 0; infixes[i] != NULL; i++) {
		if (strstr(basename, infixes[i]) != NULL)
			return TRUE;
	}
	/* Linux dev_valid_name(): shorter than IFNAMSIZ (16), no '/', ':' or white space; we
	 * also refuse non-printable and non-ASCII bytes */
	if (len >= 16)
		return TRUE;
	for (gsize i = 0; i < len; i++) {
		guchar c = (guchar)basename[i];
		if (c == '/' || c == ':' || g_ascii_isspace(c) || !g_ascii_isprint(c))
			return TRUE;
	}
	return FALSE;
}
