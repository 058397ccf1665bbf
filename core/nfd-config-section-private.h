/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdConfigSection, the core's side: creating a group and setting its keys (the SDK only reads
 * them, nfd-config.h).  Every value keeps the file and line it came from, and a value mapped
 * from a legacy key the group and key it was written as.
 */
#pragma once

#include "nfd-config.h"

typedef struct {
	gchar *key;
	gchar *value;
	gchar *file;
	guint line;
	/* a legacy key mapped onto this one: the group and key as the user wrote them, so that
	 * every message about the value names what is in the file; NULL otherwise */
	gchar *written_group;
	gchar *written_key;
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
void
nfd_config_section_set_mapped(NfdConfigSection *self,
			      const gchar *key,
			      const gchar *written_group,
			      const NfdConfigEntry *written);
gchar *
nfd_config_entry_describe(const NfdConfigSection *self, const NfdConfigEntry *entry);
const NfdConfigEntry *
nfd_config_section_lookup(const NfdConfigSection *self, const gchar *key);
GPtrArray *
nfd_config_section_get_entries(const NfdConfigSection *self);
gboolean
nfd_config_parse_bool(const gchar *value, gboolean *out);
