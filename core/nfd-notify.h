/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The service manager's notification protocol (sd_notify(3)), for Type=notify units: READY=1
 * once the queues are bound and the bindings loaded, RELOADING=1 then READY=1 around a reload,
 * STOPPING=1, and STATUS= with the counts.  Built with libsystemd (meson feature 'systemd');
 * without it, or without $NOTIFY_SOCKET, every call does nothing.  The readiness pipe of
 * --daemonize (nfd-daemon.c) is separate and works without systemd.
 */
#pragma once

#include <glib.h>

void
nfd_notify_ready(const gchar *status);
void
nfd_notify_reloading(void);
void
nfd_notify_stopping(void);
void
nfd_notify_status(const gchar *status);
