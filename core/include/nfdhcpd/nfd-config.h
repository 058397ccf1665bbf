/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdConfigSection: one [group] of nfdhcpd.conf (after drop-ins and the legacy mapping), as
 * handed to a plugin's init() or a backend's open().
 *
 * Typed getters validate strictly and name the file, line, group and key in the GError, so a
 * plugin never has to format such messages itself.  A key that is absent yields the default.
 * Lists are comma separated (GRNET configobj style); a lone "," is the empty list.
 */
#pragma once

#include <netinet/in.h>

#include "nfd-common.h"

G_BEGIN_DECLS

const gchar *
nfd_config_section_get_name(const NfdConfigSection *self);
gboolean
nfd_config_section_has_key(const NfdConfigSection *self, const gchar *key);
gchar **
nfd_config_section_get_keys(const NfdConfigSection *self);
const gchar *
nfd_config_section_get_string(const NfdConfigSection *self, const gchar *key, const gchar *def);
gboolean
nfd_config_section_get_bool(const NfdConfigSection *self,
			    const gchar *key,
			    gboolean def,
			    gboolean *out,
			    GError **error);
gboolean
nfd_config_section_get_uint(const NfdConfigSection *self,
			    const gchar *key,
			    guint64 min,
			    guint64 max,
			    guint64 def,
			    guint64 *out,
			    GError **error);
gboolean
nfd_config_section_get_string_list(const NfdConfigSection *self,
				   const gchar *key,
				   gchar ***out,
				   GError **error);
gboolean
nfd_config_section_get_ip4_list(const NfdConfigSection *self,
				const gchar *key,
				GArray **out,
				GError **error);
gboolean
nfd_config_section_get_ip6_list(const NfdConfigSection *self,
				const gchar *key,
				GArray **out,
				GError **error);
gboolean
nfd_config_section_get_ip4(const NfdConfigSection *self,
			   const gchar *key,
			   struct in_addr *out,
			   gboolean *present,
			   GError **error);
gboolean
nfd_config_section_get_mac(const NfdConfigSection *self,
			   const gchar *key,
			   guint8 *out,
			   gboolean *present,
			   GError **error);
gchar *
nfd_config_section_describe_key(const NfdConfigSection *self, const gchar *key);

G_END_DECLS
