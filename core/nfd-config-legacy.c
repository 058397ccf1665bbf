/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdConfigLegacy: GRNET's configuration layout on top of the new one.
 *
 * A file is legacy when it has a [dhcp] or [ipv6] group or [general] datapath.  Its keys are
 * copied onto the new groups with one warning per deprecated key; a new-style key that is set
 * too (e.g. in a drop-in) wins.  Which GRNET key goes where is not known here: each plugin
 * and backend declares the keys it takes over in its descriptor's legacy_keys (dhcp4 takes
 * [dhcp] dhcp_queue as its queue, the directory backend [general] datapath as its path), and
 * the generation hands the loaded modules' table to nfd_config_legacy_map_keys().
 * What stays here is GRNET's switchboard: [ipv6] mode (auto, slaac, slaac+dhcpv6, dhcpv6;
 * original.md §2.3) is resolved into [ra] mode, and [general] plugins, when the file does not
 * say, follows enable_dhcp, enable_ipv6 and the mode.
 */
#include "nfd-config-legacy.h"
#include "nfd-config-section-private.h"

/* legacy keys that steer the mapping itself (which plugins run, the IPv6 mode) */
static const gchar *const legacy_only_keys[] = {"dhcp/enable_dhcp",
						"ipv6/enable_ipv6",
						"ipv6/mode",
						"ipv6/enable_dhcpv6",
						"ipv6/rs_queue",
						"ipv6/ns_queue",
						"ipv6/dhcpv6_queue",
						"ipv6/dhcp_queue",
						NULL};

static void
legacy_key_clear(gpointer data)
{
	NfdLegacyKey *lk = data;

	g_free(lk->new_group);
}

GArray *
nfd_config_legacy_keys_new(void)
{
	GArray *keys = g_array_new(FALSE, TRUE, sizeof(NfdLegacyKey));

	g_array_set_clear_func(keys, legacy_key_clear);
	return keys;
}

/* the aliases a module declares (ended by a NULL group) onto its group @group */
void
nfd_config_legacy_keys_add(GArray *keys, const gchar *group, const NfdConfigAlias *aliases)
{
	for (guint i = 0; aliases != NULL && aliases[i].group != NULL; i++) {
		NfdLegacyKey lk = {.old_group = aliases[i].group,
				   .old_key = aliases[i].key,
				   .new_group = g_strdup(group),
				   .new_key = aliases[i].new_key};
		g_array_append_val(keys, lk);
	}
}

static gboolean
legacy_bool(NfdConfig *config, const gchar *group, const gchar *key, gboolean def, GError **error)
{
	const NfdConfigEntry *entry = nfd_config_lookup(config, group, key);
	gboolean value = def;

	if (entry == NULL)
		return def;
	if (!nfd_config_parse_bool(entry->value, &value)) {
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

/* where a value derived from several legacy keys comes from (it has no line) */
static const gchar *
legacy_source(const gchar *path)
{
	return path != NULL ? path : "<legacy configuration>";
}

/* which IPv6 queues the legacy [ipv6] section configures */
typedef struct {
	gboolean rs;
	gboolean ns;
	gboolean d6;
} NfdLegacyIpv6Queues;

/* GRNET §2.3: [ipv6] mode, checked against the queues; "auto" picks the richest possible */
static const gchar *
resolve_ipv6_mode(const NfdConfigEntry *mode_entry,
		  const NfdLegacyIpv6Queues *q,
		  const gchar *path,
		  GError **error)
{
	const gchar *mode = mode_entry != NULL ? mode_entry->value : "auto";

	if (g_strcmp0(mode, "auto") == 0) {
		if (q->rs && q->ns && q->d6)
			return "slaac+dhcpv6";
		if (q->rs && q->ns)
			return "slaac";
		if (q->d6)
			return "dhcpv6";
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "%s: [ipv6] mode = auto, but no IPv6 mode is possible: set "
			    "rs_queue and ns_queue (slaac), and dhcpv6_queue (dhcpv6), or "
			    "enable_ipv6 = no",
			    path != NULL ? path : "config");
		return NULL;
	}
	if (g_strcmp0(mode, "slaac") == 0 || g_strcmp0(mode, "slaac+dhcpv6") == 0 ||
	    g_strcmp0(mode, "dhcpv6") == 0) {
		gboolean need_slaac = g_str_has_prefix(mode, "slaac");
		gboolean need_d6 = g_str_has_suffix(mode, "dhcpv6");
		if ((need_slaac && !(q->rs && q->ns)) || (need_d6 && !q->d6)) {
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
			return NULL;
		}
		return mode;
	}
	g_set_error(error,
		    NFD_ERROR,
		    NFD_ERROR_CONFIG,
		    "%s:%u: [ipv6] mode: '%s' is not one of auto, slaac, slaac+dhcpv6, dhcpv6",
		    mode_entry->file,
		    mode_entry->line,
		    mode);
	return NULL;
}

/* which IPv6 plugins the legacy [ipv6] section asks for, and [ra] mode */
static gboolean
map_legacy_ipv6_mode(NfdConfig *config, const gchar *path, GPtrArray *plugins, GError **error)
{
	const NfdConfigEntry *mode_entry = nfd_config_lookup(config, "ipv6", "mode");
	/* unlike GRNET (bug 12), queue 0 is a queue: a key that is present is configured */
	NfdLegacyIpv6Queues q = {
	    .rs = nfd_config_lookup(config, "ipv6", "rs_queue") != NULL,
	    .ns = nfd_config_lookup(config, "ipv6", "ns_queue") != NULL,
	    .d6 = nfd_config_lookup(config, "ipv6", "dhcpv6_queue") != NULL ||
		  nfd_config_lookup(config, "ipv6", "dhcp_queue") != NULL,
	};
	const gchar *mode = mode_entry != NULL ? mode_entry->value : "auto";
	const gchar *resolved = resolve_ipv6_mode(mode_entry, &q, path, error);

	if (resolved == NULL)
		return FALSE;
	g_info("IPv6 mode %s%s", resolved, g_strcmp0(mode, "auto") == 0 ? " (detected)" : "");
	if (g_str_has_prefix(resolved, "slaac")) {
		g_ptr_array_add(plugins, (gpointer) "ra");
		g_ptr_array_add(plugins, (gpointer) "ndp");
	}
	if (g_str_has_suffix(resolved, "dhcpv6"))
		g_ptr_array_add(plugins, (gpointer) "dhcp6");
	/* the RA's M/O flags follow the mode; "dhcpv6" (stateful) also needs RAs for the route,
	 * which GRNET could not do: we send them when an rs_queue is configured */
	if (g_strcmp0(resolved, "dhcpv6") == 0 && q.rs) {
		g_ptr_array_add(plugins, (gpointer) "ra");
		if (q.ns)
			g_ptr_array_add(plugins, (gpointer) "ndp");
	}
	if (nfd_config_lookup(config, "ra", "mode") == NULL && mode_entry != NULL) {
		/* [ra] mode comes from [ipv6] mode: messages about it name the latter */
		NfdConfigEntry from = *mode_entry;
		from.value = (gchar *)resolved;
		nfd_config_set_mapped(config, "ra", "mode", "ipv6", &from);
	} else if (nfd_config_lookup(config, "ra", "mode") == NULL) {
		nfd_config_set_value(config, "ra", "mode", resolved, legacy_source(path), 0);
	}
	return TRUE;
}

/* copy every legacy key the modules declare onto its new group/key, warning once per
 * deprecated key; for several declarations of one new key, the first one set wins */
void
nfd_config_legacy_map_keys(NfdConfig *config, GArray *keys)
{
	g_autoptr(GHashTable) warned = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	const NfdConfigEntry *alias;

	nfd_config_set_legacy_keys(config, keys);
	if (!nfd_config_is_legacy(config))
		return;
	for (guint i = 0; i < keys->len; i++) {
		const NfdLegacyKey *lk = &g_array_index(keys, NfdLegacyKey, i);
		const NfdConfigEntry *entry = nfd_config_lookup(config, lk->old_group, lk->old_key);
		g_autofree gchar *gk = NULL;
		if (entry == NULL)
			continue;
		/* warn once per deprecated key even when it maps to several new keys */
		gk = g_strdup_printf("%s/%s", lk->old_group, lk->old_key);
		if (g_hash_table_add(warned, g_steal_pointer(&gk)))
			nfd_config_add_warning(config,
					       "%s:%u: [%s] %s is deprecated, use [%s] %s",
					       entry->file,
					       entry->line,
					       lk->old_group,
					       lk->old_key,
					       lk->new_group,
					       lk->new_key);
		/* a new-style key set explicitly (e.g. in a drop-in) wins */
		if (nfd_config_lookup(config, lk->new_group, lk->new_key) == NULL)
			nfd_config_set_mapped(config,
					      lk->new_group,
					      lk->new_key,
					      lk->old_group,
					      entry);
	}
	alias = nfd_config_lookup(config, "ipv6", "enable_dhcpv6");
	if (alias != NULL)
		nfd_config_add_warning(
		    config,
		    "%s:%u: [ipv6] enable_dhcpv6 is obsolete and ignored (use mode)",
		    alias->file,
		    alias->line);
}

/* [general] plugins, if not given, follows enable_dhcp, enable_ipv6 and mode */
static gboolean
derive_plugins(NfdConfig *config, const gchar *path, GError **error)
{
	g_autoptr(GPtrArray) plugins = g_ptr_array_new();
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *list = NULL;
	gboolean enable_dhcp;
	gboolean enable_ipv6;

	enable_dhcp = legacy_bool(config, "dhcp", "enable_dhcp", TRUE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	enable_ipv6 = legacy_bool(config, "ipv6", "enable_ipv6", TRUE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (enable_dhcp && nfd_config_has_group(config, "dhcp"))
		g_ptr_array_add(plugins, (gpointer) "dhcp4");
	if (enable_ipv6 && nfd_config_has_group(config, "ipv6")) {
		if (!map_legacy_ipv6_mode(config, path, plugins, error))
			return FALSE;
	}
	g_ptr_array_add(plugins, NULL);
	list = g_strjoinv(",", (gchar **)plugins->pdata);
	nfd_config_set_value(config, "general", "plugins", list, legacy_source(path), 0);
	return TRUE;
}

gboolean
nfd_config_legacy_detect(NfdConfig *config)
{
	return nfd_config_has_group(config, "dhcp") || nfd_config_has_group(config, "ipv6") ||
	       nfd_config_lookup(config, "general", "datapath") != NULL;
}

/* @path names the configuration in messages about no value in particular */
gboolean
nfd_config_legacy_map(NfdConfig *config, const gchar *path, GError **error)
{
	if (nfd_config_lookup(config, "general", "plugins") != NULL)
		return TRUE;
	return derive_plugins(config, path, error);
}

gboolean
nfd_config_legacy_is_key(NfdConfig *config, const gchar *group, const gchar *key)
{
	g_autofree gchar *gk = g_strdup_printf("%s/%s", group, key);
	GArray *keys = nfd_config_get_legacy_keys(config);

	for (guint i = 0; keys != NULL && i < keys->len; i++) {
		const NfdLegacyKey *lk = &g_array_index(keys, NfdLegacyKey, i);
		if (g_strcmp0(lk->old_group, group) == 0 && g_strcmp0(lk->old_key, key) == 0)
			return TRUE;
	}
	return g_strv_contains(legacy_only_keys, gk);
}
