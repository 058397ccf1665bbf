/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdConfigSection: one [group] of nfdhcpd.conf (after the drop-ins and GRNET's legacy
 * layout are applied), as handed to a plugin's init() or a backend's open().  A plugin's group
 * is named after the plugin; a backend's is [binding-backend:<name>].  The section exists even
 * when the file has no such group (it is then empty and every getter gives its default).
 *
 * Typed getters validate strictly and name the file, line, group and key in the GError
 * ("/etc/nfdhcpd/nfdhcpd.conf:12: [dhcp4] lease-time: 'x' is not a whole number from 60 to
 * 4294967295"), so a plugin never formats such messages itself.  A key that is absent yields
 * the default and no error.  Lists are comma separated (GRNET configobj style); empty items
 * are dropped, so a lone "," is the empty list.  Keys a plugin does not declare in its
 * descriptor's config_keys are warned about by the core, with file and line.
 *
 * A section belongs to the core and lives as long as the configuration generation: from
 * init() until the plugin instance is finalized (a SIGHUP brings a new one).  Strings it
 * returns (transfer none) live as long; copy what must outlive it.
 */
#pragma once

#include <netinet/in.h>

#include "nfd-common.h"

G_BEGIN_DECLS

/**
 * nfd_config_section_get_name:
 * @self: a section
 *
 * Returns: (transfer none): the group name without brackets ("dhcp4", "binding:tap7")
 *
 * Since: 1.0
 */
const gchar *
nfd_config_section_get_name(const NfdConfigSection *self);

/**
 * nfd_config_section_has_key:
 * @self: a section
 * @key: a key
 *
 * Returns: TRUE when the configuration sets @key in this group (also to an empty value)
 *
 * Since: 1.0
 */
gboolean
nfd_config_section_has_key(const NfdConfigSection *self, const gchar *key);

/**
 * nfd_config_section_get_keys:
 * @self: a section
 *
 * Every key the group sets, in the order they first appear.  For backends that take
 * arbitrary keys (the static backend's [binding:<tap>] groups).
 *
 * Returns: (transfer full): a NULL-terminated array; free with g_strfreev()
 *
 * Since: 1.0
 */
gchar **
nfd_config_section_get_keys(const NfdConfigSection *self);

/**
 * nfd_config_section_get_string:
 * @self: a section
 * @key: a key
 * @def: (nullable): what to return when @key is absent
 *
 * Returns: (transfer none) (nullable): the value as written (surrounding blanks and quotes
 *   removed), or @def
 *
 * Since: 1.0
 */
const gchar *
nfd_config_section_get_string(const NfdConfigSection *self, const gchar *key, const gchar *def);

/**
 * nfd_config_section_get_bool:
 * @self: a section
 * @key: a key
 * @def: the value when @key is absent
 * @out: (out): the value
 * @error: return location for an error
 *
 * Reads a boolean: yes/no, true/false, on/off, 1/0, any case.
 *
 * Returns: TRUE (@out set, to @def when absent), or FALSE with @error (%NFD_ERROR_CONFIG,
 *   with file, line, group and key) and @out set to @def
 *
 * Since: 1.0
 */
gboolean
nfd_config_section_get_bool(const NfdConfigSection *self,
			    const gchar *key,
			    gboolean def,
			    gboolean *out,
			    GError **error);

/**
 * nfd_config_section_get_uint:
 * @self: a section
 * @key: a key
 * @min: the smallest value accepted
 * @max: the largest value accepted
 * @def: the value when @key is absent (not checked against @min and @max)
 * @out: (out): the value
 * @error: return location for an error
 *
 * Reads a whole decimal number from @min to @max.
 *
 * Returns: TRUE (@out set, to @def when absent), or FALSE with @error (%NFD_ERROR_CONFIG,
 *   with file, line, group, key and the range) and @out set to @def
 *
 * Since: 1.0
 */
gboolean
nfd_config_section_get_uint(const NfdConfigSection *self,
			    const gchar *key,
			    guint64 min,
			    guint64 max,
			    guint64 def,
			    guint64 *out,
			    GError **error);

/**
 * nfd_config_section_get_string_list:
 * @self: a section
 * @key: a key
 * @out: (out) (transfer full): a NULL-terminated array of the items, blanks trimmed, empty
 *   ones dropped; empty when @key is absent; free with g_strfreev()
 * @error: return location for an error (never set today: any text is a list)
 *
 * Reads a comma-separated list.
 *
 * Returns: TRUE
 *
 * Since: 1.0
 */
gboolean
nfd_config_section_get_string_list(const NfdConfigSection *self,
				   const gchar *key,
				   gchar ***out,
				   GError **error);

/**
 * nfd_config_section_get_ip4_list:
 * @self: a section
 * @key: a key
 * @out: (out) (transfer full): a #GArray of struct in_addr; empty when @key is absent; free
 *   with g_array_unref()
 * @error: return location for an error
 *
 * Reads a comma-separated list of IPv4 addresses.
 *
 * Returns: TRUE, or FALSE with @error (%NFD_ERROR_CONFIG, naming the bad item) and @out
 *   untouched
 *
 * Since: 1.0
 */
gboolean
nfd_config_section_get_ip4_list(const NfdConfigSection *self,
				const gchar *key,
				GArray **out,
				GError **error);

/**
 * nfd_config_section_get_ip6_list:
 * @self: a section
 * @key: a key
 * @out: (out) (transfer full): a #GArray of struct in6_addr; empty when @key is absent; free
 *   with g_array_unref()
 * @error: return location for an error
 *
 * Reads a comma-separated list of IPv6 addresses.
 *
 * Returns: TRUE, or FALSE with @error (%NFD_ERROR_CONFIG, naming the bad item) and @out
 *   untouched
 *
 * Since: 1.0
 */
gboolean
nfd_config_section_get_ip6_list(const NfdConfigSection *self,
				const gchar *key,
				GArray **out,
				GError **error);

/**
 * nfd_config_section_get_ip4:
 * @self: a section
 * @key: a key
 * @out: (out): the address, when present
 * @present: (out) (optional): whether @key is set to a non-empty value
 * @error: return location for an error
 *
 * Reads one IPv4 address; absent or empty means "not set".
 *
 * Returns: TRUE, or FALSE with @error (%NFD_ERROR_CONFIG)
 *
 * Since: 1.0
 */
gboolean
nfd_config_section_get_ip4(const NfdConfigSection *self,
			   const gchar *key,
			   struct in_addr *out,
			   gboolean *present,
			   GError **error);

/**
 * nfd_config_section_get_mac:
 * @self: a section
 * @key: a key
 * @out: (out) (array fixed-size=6): the MAC, when present
 * @present: (out) (optional): whether @key is set to a non-empty value
 * @error: return location for an error
 *
 * Reads one MAC address (xx:xx:xx:xx:xx:xx, any case); absent or empty means "not set".
 *
 * Returns: TRUE, or FALSE with @error (%NFD_ERROR_CONFIG)
 *
 * Since: 1.0
 */
gboolean
nfd_config_section_get_mac(const NfdConfigSection *self,
			   const gchar *key,
			   guint8 *out,
			   gboolean *present,
			   GError **error);

/**
 * nfd_config_section_describe_key:
 * @self: a section
 * @key: a key
 *
 * Where a key is set, for the plugin's own messages about a value the typed getters cannot
 * judge: "FILE:LINE: [group] key", or "[group] key" when it is not set.
 *
 * Returns: (transfer full): the text; free with g_free()
 *
 * Since: 1.0
 */
gchar *
nfd_config_section_describe_key(const NfdConfigSection *self, const gchar *key);

/**
 * NfdConfigAlias:
 * @group: the group of GRNET's nfdhcpd.conf the key is in: "general", "dhcp" or "ipv6"
 * @key: the key there, e.g. "dhcp_queue"
 * @new_key: the key of the plugin's own group (the backend's, for a backend) it stands for
 *
 * One key of GRNET's legacy configuration layout that a plugin or backend takes over, listed
 * in the descriptor's @legacy_keys.  When a configuration file uses GRNET's layout, the core
 * copies the value onto [<name>] @new_key, warns once that the old key is deprecated, and
 * lets a new-style key that is set too win.  Several entries may give the same @new_key: the
 * first one set wins (a deprecated spelling goes after the one that replaced it).
 *
 * Since: 1.0
 */
typedef struct {
	const gchar *group;
	const gchar *key;
	const gchar *new_key;
} NfdConfigAlias;

G_STATIC_ASSERT(sizeof(NfdConfigAlias) == NFD_ABI_LAYOUT_(24, 12));

G_END_DECLS
