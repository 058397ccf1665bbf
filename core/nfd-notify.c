/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sd_notify(3) messages for the service manager (see nfd-notify.h).  A failed notification
 * is logged at debug level and otherwise ignored: it must never stop the daemon serving.
 */
#include "nfd-notify.h"

#ifdef NFD_HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>

static void
notify(const gchar *message)
{
	gint rc = sd_notify(0, message);

	if (rc < 0)
		g_debug("sd_notify(%s): %s", message, g_strerror(-rc));
}
#else
static void
notify(const gchar *message)
{
}
#endif

void
nfd_notify_ready(const gchar *status)
{
	g_autofree gchar *msg = g_strdup_printf("READY=1\nSTATUS=%s", status);

	notify(msg);
}

void
nfd_notify_reloading(void)
{
	/* MONOTONIC_USEC lets Type=notify-reload managers match this to the reload they asked
	 * for; g_get_monotonic_time() is CLOCK_MONOTONIC in microseconds on Linux */
	g_autofree gchar *msg = g_strdup_printf(
	    "RELOADING=1\nSTATUS=Reloading the configuration\nMONOTONIC_USEC=%" G_GINT64_FORMAT,
	    g_get_monotonic_time());

	notify(msg);
}

void
nfd_notify_stopping(void)
{
	notify("STOPPING=1\nSTATUS=Stopping");
}

void
nfd_notify_status(const gchar *status)
{
	g_autofree gchar *msg = g_strdup_printf("STATUS=%s", status);

	notify(msg);
}
