/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading the [ra] group of nfdhcpd.conf into an NfdRaConfig (cold path, GError).
 */
#pragma once

#include "nfd-config.h"
#include "nfd-ra-proto.h"

G_BEGIN_DECLS

extern const gchar *const nfd_ra_config_keys[];
extern const NfdConfigAlias nfd_ra_legacy_keys[];

gboolean
nfd_ra_config_load(NfdRaConfig *cfg, const NfdConfigSection *section, GError **error);

G_END_DECLS
