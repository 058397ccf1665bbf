/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dhcp6 plugin's functions that live beside its entry file (nfd-dhcp6-plugin-explain.c):
 * what it tells the operator.  Module-only: they call the core.
 */
#pragma once

#include "nfd-dhcp6-proto.h"
#include "nfd-plugin.h"

G_BEGIN_DECLS

/* SDK 1.1: the packet's notes for the tap's statistics and events */
void
nfd_dhcp6_plugin_note(NfdPlugin *plugin, NfdVerdict verdict, const NfdDhcp6Result *res);
/* SIGUSR1: the server DUID and lifetimes */
void
nfd_dhcp6_plugin_dump(NfdPlugin *plugin, GString *out);
gboolean
nfd_dhcp6_plugin_explain_request(NfdPlugin *plugin,
				 const NfdBinding *binding,
				 const guint8 *mac,
				 const guint8 *request_list,
				 gsize request_list_len,
				 NfdReply *request,
				 GError **error);
void
nfd_dhcp6_plugin_explain_decode(NfdPlugin *plugin, const NfdPacket *packet, NfdFields *out);

G_END_DECLS
