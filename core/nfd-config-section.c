/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdConfigSection: one [group] of the configuration, its keys in order of first appearance
 * with the file and line of each value, and the typed getters plugins and backends call
 * (nfd-config.h, part of the SDK).
 *
 * The getters validate strictly and put the file, line, group and key in every GError; a key
 * that is absent gives the default.  Booleans take configobj's spellings.
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-config-section-private.h"
#include "nfd-proto-private.h"

struct _NfdConfigSection {
	gchar *name;
	GPtrArray *entries; /* NfdConfigEntry, in order of first appearance */
	GHashTable *index;  /* key -> NfdConfigEntry */
};

static void
nfd_config_entry_free(NfdConfigEntry *entry)
{
	g_free(entry->key);
	g_free(entry->value);
	g_free(entry->file);
	g_free(entry->written_group);
	g_free(entry->written_key);
	g_free(entry);
}

NfdConfigSection *
nfd_config_section_new(const gchar *name)
{
	NfdConfigSection *self = g_new0(NfdConfigSection, 1);

	self->name = g_strdup(name);
	self->entries = g_ptr_array_new_with_free_func((GDestroyNotify)nfd_config_entry_free);
	self->index = g_hash_table_new(g_str_hash, g_str_equal);
	return self;
}

void
nfd_config_section_free(NfdConfigSection *self)
{
	if (self == NULL)
		return;
	g_free(self->name);
	g_ptr_array_unref(self->entries);
	g_hash_table_unref(self->index);
	g_free(self);
}

/* a later value of a key replaces the earlier one but keeps its place in the order */
void
nfd_config_section_set(NfdConfigSection *self,
		       const gchar *key,
		       const gchar *value,
		       const gchar *file,
		       guint line)
{
	NfdConfigEntry *entry = g_hash_table_lookup(self->index, key);

	if (entry == NULL) {
		entry = g_new0(NfdConfigEntry, 1);
		entry->key = g_strdup(key);
		g_ptr_array_add(self->entries, entry);
		g_hash_table_insert(self->index, entry->key, entry);
	}
	g_free(entry->value);
	g_free(entry->file);
	g_clear_pointer(&entry->written_group, g_free);
	g_clear_pointer(&entry->written_key, g_free);
	entry->value = g_strdup(value);
	entry->file = g_strdup(file);
	entry->line = line;
}

/* @key takes the value of the legacy entry @written of @written_group, and remembers it */
void
nfd_config_section_set_mapped(NfdConfigSection *self,
			      const gchar *key,
			      const gchar *written_group,
			      const NfdConfigEntry *written)
{
	NfdConfigEntry *entry;

	nfd_config_section_set(self, key, written->value, written->file, written->line);
	entry = g_hash_table_lookup(self->index, key);
	entry->written_group = g_strdup(written_group);
	entry->written_key = g_strdup(written->key);
}

/* "file:line: [group] key", or "file:line: [dhcp] dhcp_queue (mapped to [dhcp4] queue)" for a
 * legacy key; a value the core derived (line 0) has no line */
gchar *
nfd_config_entry_describe(const NfdConfigSection *self, const NfdConfigEntry *entry)
{
	g_autofree gchar *where = entry->line > 0
				      ? g_strdup_printf("%s:%u", entry->file, entry->line)
				      : g_strdup(entry->file);

	if (entry->written_key != NULL)
		return g_strdup_printf("%s: [%s] %s (mapped to [%s] %s)",
				       where,
				       entry->written_group,
				       entry->written_key,
				       self->name,
				       entry->key);
	return g_strdup_printf("%s: [%s] %s", where, self->name, entry->key);
}

const NfdConfigEntry *
nfd_config_section_lookup(const NfdConfigSection *self, const gchar *key)
{
	if (self == NULL)
		return NULL;
	return g_hash_table_lookup(self->index, key);
}

GPtrArray *
nfd_config_section_get_entries(const NfdConfigSection *self)
{
	return self->entries;
}

gboolean
nfd_config_parse_bool(const gchar *value, gboolean *out)
{
	/* configobj's spellings */
	if (g_ascii_strcasecmp(value, "yes") == 0 || g_ascii_strcasecmp(value, "true") == 0 ||
	    g_ascii_strcasecmp(value, "on") == 0 || g_strcmp0(value, "1") == 0) {
		*out = TRUE;
		return TRUE;
	}
	if (g_ascii_strcasecmp(value, "no") == 0 || g_ascii_strcasecmp(value, "false") == 0 ||
	    g_ascii_strcasecmp(value, "off") == 0 || g_strcmp0(value, "0") == 0) {
		*out = FALSE;
		return TRUE;
	}
	return FALSE;
}

const gchar *
nfd_config_section_get_name(const NfdConfigSection *self)
{
	return self->name;
}

gboolean
nfd_config_section_has_key(const NfdConfigSection *self, const gchar *key)
{
	return self != NULL && g_hash_table_contains(self->index, key);
}

gchar **
nfd_config_section_get_keys(const NfdConfigSection *self)
{
	GPtrArray *keys = g_ptr_array_new();

	for (guint i = 0; self != NULL && i < self->entries->len; i++) {
		NfdConfigEntry *entry = g_ptr_array_index(self->entries, i);
		g_ptr_array_add(keys, g_strdup(entry->key));
	}
	g_ptr_array_add(keys, NULL);
	return (gchar **)g_ptr_array_free(keys, FALSE);
}

gchar *
nfd_config_section_describe_key(const NfdConfigSection *self, const gchar *key)
{
	const NfdConfigEntry *entry = nfd_config_section_lookup(self, key);

	if (entry == NULL)
		return g_strdup_printf("[%s] %s", self != NULL ? self->name : "?", key);
	return nfd_config_entry_describe(self, entry);
}

static void
set_value_error(const NfdConfigSection *self,
		const NfdConfigEntry *entry,
		GError **error,
		const gchar *why)
{
	g_autofree gchar *where = nfd_config_entry_describe(self, entry);

	g_set_error(error, NFD_ERROR, NFD_ERROR_CONFIG, "%s: '%s' %s", where, entry->value, why);
}

const gchar *
nfd_config_section_get_string(const NfdConfigSection *self, const gchar *key, const gchar *def)
{
	const NfdConfigEntry *entry = nfd_config_section_lookup(self, key);

	return entry != NULL ? entry->value : def;
}

gboolean
nfd_config_section_get_bool(const NfdConfigSection *self,
			    const gchar *key,
			    gboolean def,
			    gboolean *out,
			    GError **error)
{
	const NfdConfigEntry *entry = nfd_config_section_lookup(self, key);

	*out = def;
	if (entry == NULL)
		return TRUE;
	if (!nfd_config_parse_bool(entry->value, out)) {
		set_value_error(self,
				entry,
				error,
				"is not a boolean (yes/no, true/false, on/off)");
		return FALSE;
	}
	return TRUE;
}

gboolean
nfd_config_section_get_uint(const NfdConfigSection *self,
			    const gchar *key,
			    guint64 min,
			    guint64 max,
			    guint64 def,
			    guint64 *out,
			    GError **error)
{
	const NfdConfigEntry *entry = nfd_config_section_lookup(self, key);

	*out = def;
	if (entry == NULL)
		return TRUE;
	if (!g_ascii_string_to_unsigned(entry->value, 10, min, max, out, NULL)) {
		g_autofree gchar *why = g_strdup_printf(
		    "is not a whole number from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT,
		    min,
		    max);
		*out = def;
		set_value_error(self, entry, error, why);
		return FALSE;
	}
	return TRUE;
}

gboolean
nfd_config_section_get_string_list(const NfdConfigSection *self,
				   const gchar *key,
				   gchar ***out,
				   GError **error)
{
	const NfdConfigEntry *entry = nfd_config_section_lookup(self, key);
	g_auto(GStrv) parts = NULL;
	GPtrArray *list = g_ptr_array_new();

	if (entry != NULL) {
		parts = g_strsplit(entry->value, ",", -1);
		for (guint i = 0; parts[i] != NULL; i++) {
			gchar *item = g_strstrip(parts[i]);
			/* configobj: "a," and a lone "," are lists; empty items are dropped */
			if (item[0] != '\0')
				g_ptr_array_add(list, g_strdup(item));
		}
	}
	g_ptr_array_add(list, NULL);
	*out = (gchar **)g_ptr_array_free(list, FALSE);
	return TRUE;
}

static gboolean
get_addr_list(const NfdConfigSection *self,
	      const gchar *key,
	      gint family,
	      GArray **out,
	      GError **error)
{
	g_auto(GStrv) items = NULL;
	gsize size = family == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);
	g_autoptr(GArray) array = g_array_new(FALSE, TRUE, size);

	nfd_config_section_get_string_list(self, key, &items, NULL);
	for (guint i = 0; items[i] != NULL; i++) {
		guint8 addr[16];
		if (inet_pton(family, items[i], addr) != 1) {
			g_autofree gchar *why =
			    g_strdup_printf("contains '%s', which is not an IPv%c address",
					    items[i],
					    family == AF_INET ? '4' : '6');
			set_value_error(self, nfd_config_section_lookup(self, key), error, why);
			return FALSE;
		}
		g_array_append_vals(array, addr, 1);
	}
	*out = g_steal_pointer(&array);
	return TRUE;
}

gboolean
nfd_config_section_get_ip4_list(const NfdConfigSection *self,
				const gchar *key,
				GArray **out,
				GError **error)
{
	return get_addr_list(self, key, AF_INET, out, error);
}

gboolean
nfd_config_section_get_ip6_list(const NfdConfigSection *self,
				const gchar *key,
				GArray **out,
				GError **error)
{
	return get_addr_list(self, key, AF_INET6, out, error);
}

gboolean
nfd_config_section_get_ip4(const NfdConfigSection *self,
			   const gchar *key,
			   struct in_addr *out,
			   gboolean *present,
			   GError **error)
{
	const NfdConfigEntry *entry = nfd_config_section_lookup(self, key);

	if (present != NULL)
		*present = FALSE;
	if (entry == NULL || entry->value[0] == '\0')
		return TRUE;
	if (inet_pton(AF_INET, entry->value, out) != 1) {
		set_value_error(self, entry, error, "is not an IPv4 address");
		return FALSE;
	}
	if (present != NULL)
		*present = TRUE;
	return TRUE;
}

gboolean
nfd_config_section_get_mac(const NfdConfigSection *self,
			   const gchar *key,
			   guint8 *out,
			   gboolean *present,
			   GError **error)
{
	const NfdConfigEntry *entry = nfd_config_section_lookup(self, key);

	if (present != NULL)
		*present = FALSE;
	if (entry == NULL || entry->value[0] == '\0')
		return TRUE;
	if (!nfd_proto_mac_parse(entry->value, out)) {
		set_value_error(self, entry, error, "is not a MAC address (xx:xx:xx:xx:xx:xx)");
		return FALSE;
	}
	if (present != NULL)
		*present = TRUE;
	return TRUE;
}
