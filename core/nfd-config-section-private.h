/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdConfigSection, the core's side: creating a group and setting its keys (the SDK only reads
 * them, nfd-config.h).  Every value keeps the file and line it came from.
 */
#pragma once

#include "nfd-config.h"

typedef struct {
	gchar *key;
	gchar *value;
	gchar *file;
	guint line;
} NfdConfigEntry;

NfdConfigSection *
nfd_config_section_new(const gchar *name);
void
nfd_config_section_free(NfdConfigSection *self);
void
nfd_config_section_set(NfdConfigSection *self,
		       const gchar *key,
		       const gchar *value,
		       const gchar *file,
		       guint line);
const NfdConfigEntry *
nfd_config_section_lookup(const NfdConfigSection *self, const gchar *key);
GPtrArray *
nfd_config_section_get_entries(const NfdConfigSection *self);
gboolean
nfd_config_parse_bool(const gchar *value, gboolean *out);
