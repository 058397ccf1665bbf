/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdConfig and NfdConfigSection: loading nfdhcpd.conf, its drop-ins and GRNET's legacy file.
 *
 * GKeyFile is not used on purpose: GRNET's configobj files carry inline comments
 * ("datapath = /var/lib/nfdhcpd # Where ...") and comma lists, and every message about a value
 * must name its file and line, which GKeyFile cannot.  The syntax accepted is the common
 * subset of both: [group] headers, key = value, whole-line and inline '#' comments (outside
 * quotes), optional quotes around a value, ';' whole-line comments.
 *
 * Loading is two steps: parse every file (nfdhcpd.conf, then nfdhcpd.conf.d/ *.conf in lexical
 * order, a later file overriding a key of an earlier one), then nfd_config_finish() maps the
 * legacy groups ([dhcp], [ipv6], [general] datapath) onto the new ones ([dhcp4], [ra], [ndp],
 * [dhcp6], [binding-backend:directory]) with one warning per deprecated key, resolves GRNET's
 * "mode = auto" and derives [general] plugins when the file does not say.
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-config-private.h"
#include "nfd-proto.h"

typedef struct {
	gchar *key;
	gchar *value;
	gchar *file;
	guint line;
} NfdConfigEntry;

struct _NfdConfigSection {
	gchar *name;
	GPtrArray *entries; /* NfdConfigEntry, in order of first appearance */
	GHashTable *index;  /* key -> NfdConfigEntry */
};

struct _NfdConfig {
	gchar *path;
	GPtrArray *sections; /* NfdConfigSection */
	GHashTable *by_name; /* name -> NfdConfigSection */
	GPtrArray *warnings; /* gchar* */
	gboolean legacy;
};

static void
nfd_config_entry_free(NfdConfigEntry *entry)
{
	g_free(entry->key);
	g_free(entry->value);
	g_free(entry->file);
	g_free(entry);
}

static void
nfd_config_section_free(NfdConfigSection *section)
{
	g_free(section->name);
	g_ptr_array_unref(section->entries);
	g_hash_table_unref(section->index);
	g_free(section);
}

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
	g_free(self->path);
	g_free(self);
}

static NfdConfigSection *
get_or_add_section(NfdConfig *self, const gchar *name)
{
	NfdConfigSection *section = g_hash_table_lookup(self->by_name, name);

	if (section != NULL)
		return section;
	section = g_new0(NfdConfigSection, 1);
	section->name = g_strdup(name);
	section->entries = g_ptr_array_new_with_free_func((GDestroyNotify)nfd_config_entry_free);
	section->index = g_hash_table_new(g_str_hash, g_str_equal);
	g_ptr_array_add(self->sections, section);
	g_hash_table_insert(self->by_name, section->name, section);
	return section;
}

static void
section_set(NfdConfigSection *section,
	    const gchar *key,
	    const gchar *value,
	    const gchar *file,
	    guint line)
{
	NfdConfigEntry *entry = g_hash_table_lookup(section->index, key);

	if (entry == NULL) {
		entry = g_new0(NfdConfigEntry, 1);
		entry->key = g_strdup(key);
		g_ptr_array_add(section->entries, entry);
		g_hash_table_insert(section->index, entry->key, entry);
	}
	g_free(entry->value);
	g_free(entry->file);
	entry->value = g_strdup(value);
	entry->file = g_strdup(file);
	entry->line = line;
}

void
nfd_config_set(NfdConfig *self, const gchar *group, const gchar *key, const gchar *value)
{
	section_set(get_or_add_section(self, group), key, value, "<internal>", 0);
}

static void
add_warning(NfdConfig *self, const gchar *format, ...) G_GNUC_PRINTF(2, 3);

static void
add_warning(NfdConfig *self, const gchar *format, ...)
{
	va_list args;

	va_start(args, format);
	g_ptr_array_add(self->warnings, g_strdup_vprintf(format, args));
	va_end(args);
}

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

gboolean
nfd_config_load_data(NfdConfig *self, const gchar *data, const gchar *filename, GError **error)
{
	g_auto(GStrv) lines = NULL;
	NfdConfigSection *section = NULL;

	g_return_val_if_fail(data != NULL, FALSE);
	if (!g_utf8_validate(data, -1, NULL)) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_CONFIG, "%s: not UTF-8 text", filename);
		return FALSE;
	}
	lines = g_strsplit(data, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		gchar *line = g_strstrip(lines[i]);
		const gchar *eq;
		g_autofree gchar *key = NULL;
		g_autofree gchar *value = NULL;

		if (line[0] == '\0' || line[0] == '#' || line[0] == ';')
			continue;
		if (line[0] == '[') {
			gchar *end = strrchr(line, ']');
			g_autofree gchar *name = NULL;
			if (end == NULL) {
				g_set_error(error,
					    NFD_ERROR,
					    NFD_ERROR_CONFIG,
					    "%s:%u: group header without ']'",
					    filename,
					    i + 1);
				return FALSE;
			}
			name = g_strstrip(g_strndup(line + 1, end - line - 1));
			if (name[0] == '\0' || strchr(name, '[') != NULL) {
				g_set_error(error,
					    NFD_ERROR,
					    NFD_ERROR_CONFIG,
					    "%s:%u: invalid group name",
					    filename,
					    i + 1);
				return FALSE;
			}
			section = get_or_add_section(self, name);
			continue;
		}
		eq = strchr(line, '=');
		if (eq == NULL) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_CONFIG,
				    "%s:%u: expected 'key = value' or '[group]'",
				    filename,
				    i + 1);
			return FALSE;
		}
		if (section == NULL) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_CONFIG,
				    "%s:%u: key outside of any [group]",
				    filename,
				    i + 1);
			return FALSE;
		}
		key = g_strstrip(g_strndup(line, eq - line));
		if (key[0] == '\0') {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_CONFIG,
				    "%s:%u: empty key",
				    filename,
				    i + 1);
			return FALSE;
		}
		value = clean_value(eq + 1);
		section_set(section, key, value, filename, i + 1);
	}
	return TRUE;
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(*(const gchar *const *)a, *(const gchar *const *)b);
}

static gboolean
load_file(NfdConfig *self, const gchar *path, GError **error)
{
	g_autofree gchar *data = NULL;
	g_autoptr(GError) error_local = NULL;

	if (!g_file_get_contents(path, &data, NULL, &error_local)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "cannot read %s: %s",
			    path,
			    error_local->message);
		return FALSE;
	}
	return nfd_config_load_data(self, data, path, error);
}

gboolean
nfd_config_load(NfdConfig *self, const gchar *path, GError **error)
{
	g_autofree gchar *dropin_dir = g_strdup_printf("%s.d", path);
	g_autoptr(GDir) dir = NULL;
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const gchar *name;

	g_free(self->path);
	self->path = g_strdup(path);
	if (!load_file(self, path, error))
		return FALSE;

	/* drop-ins: nfdhcpd.conf.d/ *.conf, in lexical order, later files win */
	dir = g_dir_open(dropin_dir, 0, NULL);
	if (dir != NULL) {
		while ((name = g_dir_read_name(dir)) != NULL) {
			if (name[0] != '.' && g_str_has_suffix(name, ".conf"))
				g_ptr_array_add(names, g_strdup(name));
		}
		g_ptr_array_sort(names, cmp_str);
		for (guint i = 0; i < names->len; i++) {
			g_autofree gchar *fn =
			    g_build_filename(dropin_dir, g_ptr_array_index(names, i), NULL);
			if (!load_file(self, fn, error))
				return FALSE;
		}
	}
	return nfd_config_finish(self, error);
}

const gchar *
nfd_config_get_path(NfdConfig *self)
{
	return self->path;
}

/* legacy mapping: GRNET group/key -> new group/key */
typedef struct {
	const gchar *old_group;
	const gchar *old_key;
	const gchar *new_group;
	const gchar *new_key;
} NfdLegacyKey;

static const NfdLegacyKey legacy_keys[] = {
    {"general", "datapath", "binding-backend:directory", "path"},
    {"dhcp", "dhcp_queue", "dhcp4", "queue"},
    {"dhcp", "lease_lifetime", "dhcp4", "lease-time"},
    {"dhcp", "lease_renewal", "dhcp4", "renewal-time"},
    {"dhcp", "server_ip", "dhcp4", "server-ip"},
    {"dhcp", "server_on_link", "dhcp4", "server-on-link"},
    {"dhcp", "nameservers", "dhcp4", "nameservers"},
    {"dhcp", "domain", "dhcp4", "domain"},
    {"ipv6", "rs_queue", "ra", "queue"},
    {"ipv6", "ns_queue", "ndp", "queue"},
    {"ipv6", "dhcpv6_queue", "dhcp6", "queue"},
    {"ipv6", "ra_period", "ra", "max-interval"},
    {"ipv6", "nameservers", "ra", "rdnss"},
    {"ipv6", "nameservers", "dhcp6", "nameservers"},
    {"ipv6", "domains", "ra", "dnssl"},
    {"ipv6", "domains", "dhcp6", "domains"},
};

static NfdConfigEntry *
lookup_entry(NfdConfig *self, const gchar *group, const gchar *key)
{
	NfdConfigSection *section = g_hash_table_lookup(self->by_name, group);

	if (section == NULL)
		return NULL;
	return g_hash_table_lookup(section->index, key);
}

static gboolean
parse_bool(const gchar *value, gboolean *out)
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

static gboolean
legacy_bool(NfdConfig *self, const gchar *group, const gchar *key, gboolean def, GError **error)
{
	NfdConfigEntry *entry = lookup_entry(self, group, key);
	gboolean value = def;

	if (entry == NULL)
		return def;
	if (!parse_bool(entry->value, &value)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "%s:%u: [%s] %s: '%s' is not a boolean (yes/no)",
			    entry->file,
			    entry->line,
			    group,
			    key,
			    entry->value);
	}
	return value;
}

/* GRNET §2.3: which IPv6 plugins the legacy [ipv6] section asks for */
static gboolean
map_legacy_ipv6_mode(NfdConfig *self, GPtrArray *plugins, GError **error)
{
	NfdConfigEntry *mode_entry = lookup_entry(self, "ipv6", "mode");
	const gchar *mode = mode_entry != NULL ? mode_entry->value : "auto";
	/* unlike GRNET (bug 12), queue 0 is a queue: a key that is present is configured */
	gboolean rs = lookup_entry(self, "ipv6", "rs_queue") != NULL;
	gboolean ns = lookup_entry(self, "ipv6", "ns_queue") != NULL;
	gboolean d6 = lookup_entry(self, "ipv6", "dhcpv6_queue") != NULL ||
		      lookup_entry(self, "ipv6", "dhcp_queue") != NULL;
	const gchar *resolved = NULL;

	if (g_strcmp0(mode, "auto") == 0) {
		if (rs && ns && d6)
			resolved = "slaac+dhcpv6";
		else if (rs && ns)
			resolved = "slaac";
		else if (d6)
			resolved = "dhcpv6";
		if (resolved == NULL) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_CONFIG,
				    "%s: [ipv6] mode = auto, but no IPv6 mode is possible: set "
				    "rs_queue and ns_queue (slaac), and dhcpv6_queue (dhcpv6), or "
				    "enable_ipv6 = no",
				    self->path != NULL ? self->path : "config");
			return FALSE;
		}
	} else if (g_strcmp0(mode, "slaac") == 0 || g_strcmp0(mode, "slaac+dhcpv6") == 0 ||
		   g_strcmp0(mode, "dhcpv6") == 0) {
		gboolean need_slaac = g_str_has_prefix(mode, "slaac");
		gboolean need_d6 = g_str_has_suffix(mode, "dhcpv6");
		if ((need_slaac && !(rs && ns)) || (need_d6 && !d6)) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_CONFIG,
				    "%s:%u: [ipv6] mode = %s needs %s set in [ipv6]",
				    mode_entry->file,
				    mode_entry->line,
				    mode,
				    need_slaac && need_d6 ? "rs_queue, ns_queue and dhcpv6_queue"
				    : need_slaac	  ? "rs_queue and ns_queue"
							  : "dhcpv6_queue");
			return FALSE;
		}
		resolved = mode;
	} else {
		g_set_error(
		    error,
		    NFD_ERROR,
		    NFD_ERROR_CONFIG,
		    "%s:%u: [ipv6] mode: '%s' is not one of auto, slaac, slaac+dhcpv6, dhcpv6",
		    mode_entry->file,
		    mode_entry->line,
		    mode);
		return FALSE;
	}
	g_info("IPv6 mode %s%s", resolved, g_strcmp0(mode, "auto") == 0 ? " (detected)" : "");
	if (g_str_has_prefix(resolved, "slaac")) {
		g_ptr_array_add(plugins, (gpointer) "ra");
		g_ptr_array_add(plugins, (gpointer) "ndp");
	}
	if (g_str_has_suffix(resolved, "dhcpv6"))
		g_ptr_array_add(plugins, (gpointer) "dhcp6");
	/* the RA's M/O flags follow the mode; "dhcpv6" (stateful) also needs RAs for the route,
	 * which GRNET could not do: we send them when an rs_queue is configured */
	if (g_strcmp0(resolved, "dhcpv6") == 0 && rs) {
		g_ptr_array_add(plugins, (gpointer) "ra");
		if (ns)
			g_ptr_array_add(plugins, (gpointer) "ndp");
	}
	if (lookup_entry(self, "ra", "mode") == NULL)
		section_set(get_or_add_section(self, "ra"),
			    "mode",
			    resolved,
			    mode_entry != NULL ? mode_entry->file : "<legacy>",
			    mode_entry != NULL ? mode_entry->line : 0);
	return TRUE;
}

static gboolean
map_legacy(NfdConfig *self, GError **error)
{
	g_autoptr(GPtrArray) plugins = g_ptr_array_new();
	g_autoptr(GError) error_local = NULL;
	gboolean enable_dhcp;
	gboolean enable_ipv6;
	NfdConfigEntry *alias;

	/* [ipv6] dhcp_queue: GRNET's deprecated alias of dhcpv6_queue, which wins */
	alias = lookup_entry(self, "ipv6", "dhcp_queue");
	if (alias != NULL) {
		add_warning(self,
			    "%s:%u: [ipv6] dhcp_queue is deprecated, use [dhcp6] queue",
			    alias->file,
			    alias->line);
		if (lookup_entry(self, "ipv6", "dhcpv6_queue") == NULL &&
		    lookup_entry(self, "dhcp6", "queue") == NULL)
			section_set(get_or_add_section(self, "dhcp6"),
				    "queue",
				    alias->value,
				    alias->file,
				    alias->line);
	}
	for (guint i = 0; i < G_N_ELEMENTS(legacy_keys); i++) {
		const NfdLegacyKey *lk = &legacy_keys[i];
		NfdConfigEntry *entry = lookup_entry(self, lk->old_group, lk->old_key);
		if (entry == NULL)
			continue;
		/* warn once per deprecated key even when it maps to several new keys */
		if (i == 0 || g_strcmp0(legacy_keys[i - 1].old_key, lk->old_key) != 0 ||
		    g_strcmp0(legacy_keys[i - 1].old_group, lk->old_group) != 0)
			add_warning(self,
				    "%s:%u: [%s] %s is deprecated, use [%s] %s",
				    entry->file,
				    entry->line,
				    lk->old_group,
				    lk->old_key,
				    lk->new_group,
				    lk->new_key);
		/* a new-style key set explicitly (e.g. in a drop-in) wins */
		if (lookup_entry(self, lk->new_group, lk->new_key) == NULL)
			section_set(get_or_add_section(self, lk->new_group),
				    lk->new_key,
				    entry->value,
				    entry->file,
				    entry->line);
	}
	alias = lookup_entry(self, "ipv6", "enable_dhcpv6");
	if (alias != NULL)
		add_warning(self,
			    "%s:%u: [ipv6] enable_dhcpv6 is obsolete and ignored (use mode)",
			    alias->file,
			    alias->line);

	/* [general] plugins, if not given, follows enable_dhcp, enable_ipv6 and mode */
	if (lookup_entry(self, "general", "plugins") != NULL)
		return TRUE;
	enable_dhcp = legacy_bool(self, "dhcp", "enable_dhcp", TRUE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	enable_ipv6 = legacy_bool(self, "ipv6", "enable_ipv6", TRUE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (enable_dhcp && g_hash_table_contains(self->by_name, "dhcp"))
		g_ptr_array_add(plugins, (gpointer) "dhcp4");
	if (enable_ipv6 && g_hash_table_contains(self->by_name, "ipv6")) {
		if (!map_legacy_ipv6_mode(self, plugins, error))
			return FALSE;
	}
	g_ptr_array_add(plugins, NULL);
	{
		g_autofree gchar *list = g_strjoinv(",", (gchar **)plugins->pdata);
		section_set(get_or_add_section(self, "general"), "plugins", list, "<legacy>", 0);
	}
	return TRUE;
}

static const gchar *const legacy_only_keys[] = {"dhcp/enable_dhcp",
						"ipv6/enable_ipv6",
						"ipv6/mode",
						"ipv6/enable_dhcpv6",
						"ipv6/dhcp_queue",
						NULL};

gboolean
nfd_config_finish(NfdConfig *self, GError **error)
{
	self->legacy = g_hash_table_contains(self->by_name, "dhcp") ||
		       g_hash_table_contains(self->by_name, "ipv6") ||
		       lookup_entry(self, "general", "datapath") != NULL;
	if (self->legacy && !map_legacy(self, error))
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
		if (g_str_has_prefix(section->name, prefix))
			g_ptr_array_add(out, section);
	}
	return out;
}

GPtrArray *
nfd_config_get_warnings(NfdConfig *self)
{
	return self->warnings;
}

static gboolean
is_legacy_group_key(const gchar *group, const gchar *key)
{
	g_autofree gchar *gk = g_strdup_printf("%s/%s", group, key);

	for (guint i = 0; i < G_N_ELEMENTS(legacy_keys); i++) {
		if (g_strcmp0(legacy_keys[i].old_group, group) == 0 &&
		    g_strcmp0(legacy_keys[i].old_key, key) == 0)
			return TRUE;
	}
	return g_strv_contains(legacy_only_keys, gk);
}

void
nfd_config_check_keys(NfdConfig *self, const gchar *group, const gchar *const *known)
{
	NfdConfigSection *section = g_hash_table_lookup(self->by_name, group);

	if (section == NULL)
		return;
	for (guint i = 0; i < section->entries->len; i++) {
		NfdConfigEntry *entry = g_ptr_array_index(section->entries, i);
		if (known != NULL && g_strv_contains(known, entry->key))
			continue;
		if (is_legacy_group_key(group, entry->key))
			continue;
		add_warning(self,
			    "%s:%u: [%s] unknown key '%s' ignored",
			    entry->file,
			    entry->line,
			    group,
			    entry->key);
	}
}

void
nfd_config_check_groups(NfdConfig *self, const gchar *const *known_groups)
{
	for (guint i = 0; i < self->sections->len; i++) {
		NfdConfigSection *section = g_ptr_array_index(self->sections, i);
		NfdConfigEntry *first;
		gboolean known = FALSE;

		for (guint j = 0; known_groups[j] != NULL; j++) {
			const gchar *k = known_groups[j];
			gsize len = strlen(k);
			/* a trailing ':' accepts every group with that prefix */
			if (len > 0 && k[len - 1] == ':' ? g_str_has_prefix(section->name, k)
							 : g_strcmp0(section->name, k) == 0)
				known = TRUE;
		}
		if (known || section->entries->len == 0)
			continue;
		first = g_ptr_array_index(section->entries, 0);
		add_warning(self,
			    "%s:%u: unknown group [%s] ignored",
			    first->file,
			    first->line,
			    section->name);
	}
}

gchar *
nfd_config_to_string(NfdConfig *self)
{
	GString *str = g_string_new(NULL);

	for (guint i = 0; i < self->sections->len; i++) {
		NfdConfigSection *section = g_ptr_array_index(self->sections, i);
		if (section->entries->len == 0)
			continue;
		if (self->legacy && (g_strcmp0(section->name, "dhcp") == 0 ||
				     g_strcmp0(section->name, "ipv6") == 0))
			continue;
		g_string_append_printf(str, "[%s]\n", section->name);
		for (guint j = 0; j < section->entries->len; j++) {
			NfdConfigEntry *entry = g_ptr_array_index(section->entries, j);
			if (is_legacy_group_key(section->name, entry->key))
				continue;
			g_string_append_printf(str, "%s = %s\n", entry->key, entry->value);
		}
		g_string_append_c(str, '\n');
	}
	return g_string_free(str, FALSE);
}

/* section getters (SDK) */

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

static NfdConfigEntry *
get_entry(const NfdConfigSection *self, const gchar *key)
{
	if (self == NULL)
		return NULL;
	return g_hash_table_lookup(self->index, key);
}

gchar *
nfd_config_section_describe_key(const NfdConfigSection *self, const gchar *key)
{
	NfdConfigEntry *entry = get_entry(self, key);

	if (entry == NULL)
		return g_strdup_printf("[%s] %s", self != NULL ? self->name : "?", key);
	return g_strdup_printf("%s:%u: [%s] %s", entry->file, entry->line, self->name, key);
}

static void
set_value_error(const NfdConfigSection *self,
		const NfdConfigEntry *entry,
		GError **error,
		const gchar *why)
{
	g_set_error(error,
		    NFD_ERROR,
		    NFD_ERROR_CONFIG,
		    "%s:%u: [%s] %s: '%s' %s",
		    entry->file,
		    entry->line,
		    self->name,
		    entry->key,
		    entry->value,
		    why);
}

const gchar *
nfd_config_section_get_string(const NfdConfigSection *self, const gchar *key, const gchar *def)
{
	NfdConfigEntry *entry = get_entry(self, key);

	return entry != NULL ? entry->value : def;
}

gboolean
nfd_config_section_get_bool(const NfdConfigSection *self,
			    const gchar *key,
			    gboolean def,
			    gboolean *out,
			    GError **error)
{
	NfdConfigEntry *entry = get_entry(self, key);

	*out = def;
	if (entry == NULL)
		return TRUE;
	if (!parse_bool(entry->value, out)) {
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
	NfdConfigEntry *entry = get_entry(self, key);

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
	NfdConfigEntry *entry = get_entry(self, key);
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
			set_value_error(self, get_entry(self, key), error, why);
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
	NfdConfigEntry *entry = get_entry(self, key);

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
	NfdConfigEntry *entry = get_entry(self, key);

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
