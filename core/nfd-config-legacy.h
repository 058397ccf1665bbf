/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdConfigLegacy: GRNET's nfdhcpd.conf layout ([general] datapath, [dhcp], [ipv6]) mapped onto
 * the per-plugin groups, once all files of an NfdConfig are read.
 */
#pragma once

#include "nfd-config-private.h"

gboolean
nfd_config_legacy_detect(NfdConfig *config);
gboolean
nfd_config_legacy_map(NfdConfig *config, const gchar *path, GError **error);
gboolean
nfd_config_legacy_is_key(const gchar *group, const gchar *key);
