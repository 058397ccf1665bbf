/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdConfig: the whole configuration, as the core sees it (see nfd-config-private.h).
 *
 * Loading is two steps: read every file (nfdhcpd.conf, then nfdhcpd.conf.d/ *.conf in lexical
 * order, a later file overriding a key of an earlier one; the syntax is NfdIni's), then
 * nfd_config_finish() maps GRNET's legacy layout onto the new groups (NfdConfigLegacy).
 * Groups are NfdConfigSection objects, handed to plugins and backends; the checks against
 * the keys and groups the loaded modules know collect warnings, as does the legacy mapping.
 */
#include <string.h>

#include "nfd-config-legacy.h"
#include "nfd-config-private.h"
#include "nfd-config-section-private.h"
#include "nfd-ini.h"

struct _NfdConfig {
	gchar *path;
	GPtrArray *sections; /* NfdConfigSection */
	GHashTable *by_name; /* name -> NfdConfigSection */
	GPtrArray *warnings; /* gchar* */
	gboolean legacy;
	GArray *legacy_keys; /* NfdLegacyKey the loaded modules declare, or NULL */
};

NfdConfig *
nfd_config_new(void)
{
	NfdConfig *self = g_new0(NfdConfig, 1);

	self->sections = g_ptr_array_new_with_free_func((GDestroyNotify)nfd_config_section_free);
	self->by_name = g_hash_table_new(g_str_hash, g_str_equal);
	self->warnings = g_ptr_array_new_with_free_func(g_free);
	return self;
}

void
nfd_config_free(NfdConfig *self)
{
	if (self == NULL)
		return;
	g_hash_table_unref(self->by_name);
	g_ptr_array_unref(self->sections);
	g_ptr_array_unref(self->warnings);
	g_clear_pointer(&self->legacy_keys, g_array_unref);
	g_free(self->path);
	g_free(self);
}

void
nfd_config_set_legacy_keys(NfdConfig *self, GArray *keys)
{
	if (keys != NULL)
		g_array_ref(keys);
	g_clear_pointer(&self->legacy_keys, g_array_unref);
	self->legacy_keys = keys;
}

GArray *
nfd_config_get_legacy_keys(NfdConfig *self)
{
	return self->legacy_keys;
}

static NfdConfigSection *
get_or_add_section(NfdConfig *self, const gchar *name)
{
	NfdConfigSection *section = g_hash_table_lookup(self->by_name, name);

	if (section != NULL)
		return section;
	section = nfd_config_section_new(name);
	g_ptr_array_add(self->sections, section);
	g_hash_table_insert(self->by_name, (gpointer)nfd_config_section_get_name(section), section);
	return section;
}

void
nfd_config_set_value(NfdConfig *self,
		     const gchar *group,
		     const gchar *key,
		     const gchar *value,
		     const gchar *file,
		     guint line)
{
	nfd_config_section_set(get_or_add_section(self, group), key, value, file, line);
}

void
nfd_config_set_mapped(NfdConfig *self,
		      const gchar *group,
		      const gchar *key,
		      const gchar *written_group,
		      const NfdConfigEntry *written)
{
	nfd_config_section_set_mapped(get_or_add_section(self, group), key, written_group, written);
}

const NfdConfigEntry *
nfd_config_lookup(NfdConfig *self, const gchar *group, const gchar *key)
{
	return nfd_config_section_lookup(g_hash_table_lookup(self->by_name, group), key);
}

gboolean
nfd_config_has_group(NfdConfig *self, const gchar *group)
{
	return g_hash_table_contains(self->by_name, group);
}

void
nfd_config_add_warning(NfdConfig *self, const gchar *format, ...)
{
	va_list args;

	va_start(args, format);
	g_ptr_array_add(self->warnings, g_strdup_vprintf(format, args));
	va_end(args);
}

static void
on_ini_group(const gchar *group, gpointer user_data)
{
	get_or_add_section(user_data, group);
}

static void
on_ini_value(const gchar *group,
	     const gchar *key,
	     const gchar *value,
	     const gchar *file,
	     guint line,
	     gpointer user_data)
{
	nfd_config_set_value(user_data, group, key, value, file, line);
}

gboolean
nfd_config_load_data(NfdConfig *self, const gchar *data, const gchar *filename, GError **error)
{
	return nfd_ini_parse(data, -1, filename, on_ini_group, on_ini_value, self, error);
}

gboolean
nfd_config_load_bytes(NfdConfig *self,
		      const guint8 *data,
		      gsize len,
		      const gchar *filename,
		      GError **error)
{
	return nfd_ini_parse((const gchar *)data,
			     (gssize)len,
			     filename,
			     on_ini_group,
			     on_ini_value,
			     self,
			     error);
}

/* every file is read even after a bad one: the error lists the problems of all of them */
gboolean
nfd_config_load(NfdConfig *self, const gchar *path, GError **error)
{
	g_autoptr(GPtrArray) files = nfd_ini_list_dropins(path);
	g_autoptr(GString) problems = g_string_new(NULL);

	g_free(self->path);
	self->path = g_strdup(path);
	/* nfdhcpd.conf first, then the drop-ins nfdhcpd.conf.d/ *.conf, in lexical order, later
	 * files win */
	g_ptr_array_insert(files, 0, g_strdup(path));
	for (guint i = 0; i < files->len; i++) {
		g_autoptr(GError) error_local = NULL;
		if (!nfd_ini_parse_file(g_ptr_array_index(files, i),
					on_ini_group,
					on_ini_value,
					self,
					&error_local))
			g_string_append_printf(problems,
					       "%s%s",
					       problems->len > 0 ? "\n" : "",
					       error_local->message);
	}
	if (problems->len > 0) {
		g_set_error_literal(error, NFD_ERROR, NFD_ERROR_CONFIG, problems->str);
		return FALSE;
	}
	return nfd_config_finish(self, error);
}

gboolean
nfd_config_finish(NfdConfig *self, GError **error)
{
	self->legacy = nfd_config_legacy_detect(self);
	if (self->legacy && !nfd_config_legacy_map(self, self->path, error))
		return FALSE;
	return TRUE;
}

gboolean
nfd_config_is_legacy(NfdConfig *self)
{
	return self->legacy;
}

const NfdConfigSection *
nfd_config_get_section(NfdConfig *self, const gchar *name)
{
	return get_or_add_section(self, name);
}

GPtrArray *
nfd_config_get_sections(NfdConfig *self, const gchar *prefix)
{
	GPtrArray *out = g_ptr_array_new();

	for (guint i = 0; i < self->sections->len; i++) {
		NfdConfigSection *section = g_ptr_array_index(self->sections, i);
		if (g_str_has_prefix(nfd_config_section_get_name(section), prefix))
			g_ptr_array_add(out, section);
	}
	return out;
}

GPtrArray *
nfd_config_get_warnings(NfdConfig *self)
{
	return self->warnings;
}

void
nfd_config_check_keys(NfdConfig *self, const gchar *group, const gchar *const *known)
{
	NfdConfigSection *section = g_hash_table_lookup(self->by_name, group);
	g_autoptr(GHashTable) known_set = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *entries;

	if (section == NULL)
		return;
	for (guint i = 0; known != NULL && known[i] != NULL; i++)
		g_hash_table_add(known_set, (gpointer)known[i]);
	entries = nfd_config_section_get_entries(section);
	for (guint i = 0; i < entries->len; i++) {
		const NfdConfigEntry *entry = g_ptr_array_index(entries, i);
		if (g_hash_table_contains(known_set, entry->key))
			continue;
		if (nfd_config_legacy_is_key(self, group, entry->key))
			continue;
		nfd_config_add_warning(self,
				       "%s:%u: [%s] unknown key '%s' ignored",
				       entry->file,
				       entry->line,
				       group,
				       entry->key);
	}
}

/* a known group ending in ':' accepts every group with that prefix */
static gboolean
group_is_known(const gchar *name, const gchar *const *known_groups)
{
	for (guint j = 0; known_groups[j] != NULL; j++) {
		const gchar *k = known_groups[j];
		gsize len = strlen(k);
		if (len > 0 && k[len - 1] == ':' ? g_str_has_prefix(name, k)
						 : g_strcmp0(name, k) == 0)
			return TRUE;
	}
	return FALSE;
}

void
nfd_config_check_groups(NfdConfig *self, const gchar *const *known_groups)
{
	for (guint i = 0; i < self->sections->len; i++) {
		NfdConfigSection *section = g_ptr_array_index(self->sections, i);
		const gchar *name = nfd_config_section_get_name(section);
		GPtrArray *entries = nfd_config_section_get_entries(section);
		const NfdConfigEntry *first;

		if (entries->len == 0 || group_is_known(name, known_groups))
			continue;
		first = g_ptr_array_index(entries, 0);
		nfd_config_add_warning(self,
				       "%s:%u: unknown group [%s] ignored",
				       first->file,
				       first->line,
				       name);
	}
}

gchar *
nfd_config_to_string(NfdConfig *self)
{
	GString *str = g_string_new(NULL);

	for (guint i = 0; i < self->sections->len; i++) {
		NfdConfigSection *section = g_ptr_array_index(self->sections, i);
		const gchar *name = nfd_config_section_get_name(section);
		GPtrArray *entries = nfd_config_section_get_entries(section);

		if (entries->len == 0)
			continue;
		if (self->legacy && (g_strcmp0(name, "dhcp") == 0 || g_strcmp0(name, "ipv6") == 0))
			continue;
		g_string_append_printf(str, "[%s]\n", name);
		for (guint j = 0; j < entries->len; j++) {
			const NfdConfigEntry *entry = g_ptr_array_index(entries, j);
			if (nfd_config_legacy_is_key(self, name, entry->key))
				continue;
			g_string_append_printf(str, "%s = %s\n", entry->key, entry->value);
		}
		g_string_append_c(str, '\n');
	}
	return g_string_free(str, FALSE);
}
