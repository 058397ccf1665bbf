/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdConfig: the whole configuration, nfdhcpd.conf plus nfdhcpd.conf.d/ *.conf drop-ins, with
 * GRNET's legacy [general]/[dhcp]/[ipv6] layout mapped onto the new per-plugin groups.
 *
 * Every value remembers the file and line it came from, so every message about it can say
 * where to look.  Problems that do not stop the daemon (unknown or deprecated keys) are
 * collected as warnings; --check-config prints them, the daemon logs them.
 */
#pragma once

#include "nfd-config-section-private.h"

typedef struct _NfdConfig NfdConfig;

NfdConfig *
nfd_config_new(void);
void
nfd_config_free(NfdConfig *self);
gboolean
nfd_config_load(NfdConfig *self, const gchar *path, GError **error);
gboolean
nfd_config_load_data(NfdConfig *self, const gchar *data, const gchar *filename, GError **error);
/* @len bytes of one file's text, without the file system (a NUL byte among them is an error);
 * nfd_config_finish() after the last one */
gboolean
nfd_config_load_bytes(NfdConfig *self,
		      const guint8 *data,
		      gsize len,
		      const gchar *filename,
		      GError **error);
gboolean
nfd_config_finish(NfdConfig *self, GError **error);
const NfdConfigSection *
nfd_config_get_section(NfdConfig *self, const gchar *name);
GPtrArray *
nfd_config_get_sections(NfdConfig *self, const gchar *prefix);
GPtrArray *
nfd_config_get_warnings(NfdConfig *self);
gboolean
nfd_config_is_legacy(NfdConfig *self);
void
nfd_config_check_keys(NfdConfig *self, const gchar *group, const gchar *const *known);
void
nfd_config_check_groups(NfdConfig *self, const gchar *const *known_groups);
gchar *
nfd_config_to_string(NfdConfig *self);

/* for the legacy mapping: raw access to values and warnings */
const NfdConfigEntry *
nfd_config_lookup(NfdConfig *self, const gchar *group, const gchar *key);
gboolean
nfd_config_has_group(NfdConfig *self, const gchar *group);
void
nfd_config_set_value(NfdConfig *self,
		     const gchar *group,
		     const gchar *key,
		     const gchar *value,
		     const gchar *file,
		     guint line);
void
nfd_config_set_mapped(NfdConfig *self,
		      const gchar *group,
		      const gchar *key,
		      const gchar *written_group,
		      const NfdConfigEntry *written);
void
nfd_config_add_warning(NfdConfig *self, const gchar *format, ...) G_GNUC_PRINTF(2, 3);
/* the GRNET keys the loaded modules take over (NfdLegacyKey, see nfd-config-legacy.h) */
void
nfd_config_set_legacy_keys(NfdConfig *self, GArray *keys);
GArray *
nfd_config_get_legacy_keys(NfdConfig *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdConfig, nfd_config_free)
