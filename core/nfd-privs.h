/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Dropping privileges after start-up: switch to the configured user and keep exactly
 * CAP_NET_ADMIN (NFQUEUE verdicts, binding new queues on reload) and CAP_NET_RAW (AF_PACKET),
 * with the bounding set cleared, as GRNET's nfdhcpd did with libcap-ng.
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

gboolean
nfd_privs_lookup_user(const gchar *user, uid_t *uid, gid_t *gid, GError **error);
gboolean
nfd_privs_drop(const gchar *user, GError **error);
