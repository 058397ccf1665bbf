/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdConfigLegacy: GRNET's nfdhcpd.conf layout ([general] datapath, [dhcp], [ipv6]) mapped onto
 * the per-plugin groups.  Once all files of an NfdConfig are read, [general] plugins is derived
 * from GRNET's switches (nfd_config_legacy_map); once the modules are loaded, the GRNET keys
 * they declare in their descriptors' legacy_keys are copied onto their groups
 * (nfd_config_legacy_map_keys).
 */
#pragma once

#include "nfd-config-private.h"

/* one GRNET group/key -> the new group/key of the module that declared it */
typedef struct {
	const gchar *old_group;
	const gchar *old_key;
	gchar *new_group; /* owned: the plugin name, or "binding-backend:<name>" */
	const gchar *new_key;
} NfdLegacyKey;

gboolean
nfd_config_legacy_detect(NfdConfig *config);
gboolean
nfd_config_legacy_map(NfdConfig *config, const gchar *path, GError **error);
GArray *
nfd_config_legacy_keys_new(void);
void
nfd_config_legacy_keys_add(GArray *keys, const gchar *group, const NfdConfigAlias *aliases);
void
nfd_config_legacy_map_keys(NfdConfig *config, GArray *keys);
gboolean
nfd_config_legacy_is_key(NfdConfig *config, const gchar *group, const gchar *key);
