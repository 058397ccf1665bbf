/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdIni: the INI reader behind NfdConfig (see nfd-ini.h).
 *
 * GKeyFile is not used on purpose: GRNET's configobj files carry inline comments
 * ("datapath = /var/lib/nfdhcpd # Where ...") and comma lists, and every message about a value
 * must name its file and line, which GKeyFile cannot.  The syntax accepted is the common
 * subset of both: [group] headers, key = value, whole-line and inline '#' comments (outside
 * quotes), optional quotes around a value, ';' whole-line comments.
 *
 * Drop-ins are nfdhcpd.conf.d/ *.conf, read in lexical order after the main file, so that a
 * later file overrides a key of an earlier one.
 */
#include <string.h>

#include "nfd-common.h"
#include "nfd-ini.h"

/* strip an inline comment ('#' outside quotes) and surrounding white space, then quotes */
static gchar *
clean_value(const gchar *raw)
{
	GString *out = g_string_new(NULL);
	gchar quote = 0;
	gchar *value;
	gsize len;

	for (const gchar *p = raw; *p != '\0'; p++) {
		if (quote == 0 && (*p == '"' || *p == '\'')) {
			quote = *p;
		} else if (quote != 0 && *p == quote) {
			quote = 0;
		} else if (quote == 0 && *p == '#') {
			break;
		}
		g_string_append_c(out, *p);
	}
	value = g_strstrip(g_string_free(out, FALSE));
	len = strlen(value);
	if (len >= 2 && (value[0] == '"' || value[0] == '\'') && value[len - 1] == value[0]) {
		memmove(value, value + 1, len - 2);
		value[len - 2] = '\0';
	}
	return value;
}

/* a "[group]" line (stripped); returns the group name or NULL with @error set */
static gchar *
parse_group_header(const gchar *line, const gchar *filename, guint lineno, GError **error)
{
	const gchar *end = strrchr(line, ']');
	g_autofree gchar *name = NULL;

	if (end == NULL) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "%s:%u: group header without ']'",
			    filename,
			    lineno);
		return NULL;
	}
	name = g_strstrip(g_strndup(line + 1, end - line - 1));
	if (name[0] == '\0' || strchr(name, '[') != NULL) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "%s:%u: invalid group name",
			    filename,
			    lineno);
		return NULL;
	}
	return g_steal_pointer(&name);
}

/* one "key = value" line (stripped) in @group; FALSE with the reason in @why */
static gboolean
parse_value_line(const gchar *line,
		 const gchar *group,
		 const gchar *filename,
		 guint lineno,
		 NfdIniValueFunc value_func,
		 gpointer user_data,
		 const gchar **why)
{
	const gchar *eq = strchr(line, '=');
	g_autofree gchar *key = NULL;
	g_autofree gchar *value = NULL;

	if (eq == NULL) {
		*why = "expected 'key = value' or '[group]'";
		return FALSE;
	}
	if (group == NULL) {
		*why = "key outside of any [group]";
		return FALSE;
	}
	key = g_strstrip(g_strndup(line, eq - line));
	if (key[0] == '\0') {
		*why = "empty key";
		return FALSE;
	}
	value = clean_value(eq + 1);
	value_func(group, key, value, filename, lineno, user_data);
	return TRUE;
}

/* a NUL byte would silently end the text early, hiding the rest of the file: refused, with
 * its line */
static gboolean
check_no_nul(const gchar *data, gsize len, const gchar *filename, GError **error)
{
	const gchar *nul = memchr(data, '\0', len);
	guint line = 1;

	if (nul == NULL)
		return TRUE;
	for (const gchar *p = data; p < nul; p++) {
		if (*p == '\n')
			line++;
	}
	g_set_error(error,
		    NFD_ERROR,
		    NFD_ERROR_CONFIG,
		    "%s:%u: NUL byte, not a text file",
		    filename,
		    line);
	return FALSE;
}

/* every line is read even after a bad one, so that one run lists every syntax error */
gboolean
nfd_ini_parse(const gchar *data,
	      gssize len,
	      const gchar *filename,
	      NfdIniGroupFunc group_func,
	      NfdIniValueFunc value_func,
	      gpointer user_data,
	      GError **error)
{
	g_auto(GStrv) lines = NULL;
	g_autofree gchar *group = NULL;
	g_autofree gchar *text = NULL;
	g_autoptr(GString) problems = g_string_new(NULL);
	gboolean in_bad_group = FALSE;

	g_return_val_if_fail(data != NULL || len == 0, FALSE);
	if (len >= 0) {
		if (!check_no_nul(data, (gsize)len, filename, error))
			return FALSE;
		data = text = g_strndup(data, (gsize)len);
	}
	if (!g_utf8_validate(data, -1, NULL)) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_CONFIG, "%s: not UTF-8 text", filename);
		return FALSE;
	}
	lines = g_strsplit(data, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		gchar *line = g_strstrip(lines[i]);
		const gchar *why = NULL;

		if (line[0] == '\0' || line[0] == '#' || line[0] == ';')
			continue;
		if (line[0] == '[') {
			g_autoptr(GError) error_local = NULL;
			g_free(group);
			group = parse_group_header(line, filename, i + 1, &error_local);
			/* the keys of a group whose header is bad belong to no group we know */
			in_bad_group = group == NULL;
			if (group != NULL)
				group_func(group, user_data);
			else
				g_string_append_printf(problems,
						       "%s%s",
						       problems->len > 0 ? "\n" : "",
						       error_local->message);
			continue;
		}
		if (in_bad_group)
			continue;
		if (!parse_value_line(line, group, filename, i + 1, value_func, user_data, &why))
			g_string_append_printf(problems,
					       "%s%s:%u: %s",
					       problems->len > 0 ? "\n" : "",
					       filename,
					       i + 1,
					       why);
	}
	if (problems->len > 0) {
		g_set_error_literal(error, NFD_ERROR, NFD_ERROR_CONFIG, problems->str);
		return FALSE;
	}
	return TRUE;
}

gboolean
nfd_ini_parse_file(const gchar *path,
		   NfdIniGroupFunc group_func,
		   NfdIniValueFunc value_func,
		   gpointer user_data,
		   GError **error)
{
	g_autofree gchar *data = NULL;
	g_autoptr(GError) error_local = NULL;
	gsize len = 0;

	if (!g_file_get_contents(path, &data, &len, &error_local)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "cannot read %s: %s",
			    path,
			    error_local->message);
		return FALSE;
	}
	return nfd_ini_parse(data, (gssize)len, path, group_func, value_func, user_data, error);
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(*(const gchar *const *)a, *(const gchar *const *)b);
}

/* the drop-ins of @path: @path.d/ *.conf (no hidden files), in lexical order */
GPtrArray *
nfd_ini_list_dropins(const gchar *path)
{
	g_autofree gchar *dropin_dir = g_strdup_printf("%s.d", path);
	g_autoptr(GDir) dir = g_dir_open(dropin_dir, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const gchar *name;

	if (dir == NULL)
		return names;
	while ((name = g_dir_read_name(dir)) != NULL) {
		if (name[0] != '.' && g_str_has_suffix(name, ".conf"))
			g_ptr_array_add(names, g_build_filename(dropin_dir, name, NULL));
	}
	g_ptr_array_sort(names, cmp_str);
	return names;
}
