/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdLinkMonitor: follows network interfaces through rtnetlink (RTM_NEWLINK/RTM_DELLINK), so
 * the binding store knows each tap's current ifindex and MAC.  A binding written before its
 * tap exists starts working when the tap appears; a tap recreated with a new ifindex (VM
 * restart) keeps being served (GRNET bug 13).
 */
#pragma once

#include <glib.h>

typedef struct _NfdLinkMonitor NfdLinkMonitor;

typedef void (*NfdLinkFunc)(const gchar *name,
			    guint ifindex,
			    const guint8 *mac,
			    gboolean present,
			    gpointer user_data);

NfdLinkMonitor *
nfd_link_monitor_new(GError **error);
void
nfd_link_monitor_free(NfdLinkMonitor *self);
void
nfd_link_monitor_set_func(NfdLinkMonitor *self, NfdLinkFunc func, gpointer user_data);
guint
nfd_link_monitor_lookup(NfdLinkMonitor *self, const gchar *name, guint8 *mac);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdLinkMonitor, nfd_link_monitor_free)
