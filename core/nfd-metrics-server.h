/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdMetricsServer: `GET /metrics` over HTTP at [general] metrics-listen, with libsoup-3.0's
 * SoupServer in the daemon's main loop (meson feature `metrics`; without it the key is
 * refused by --check-config and `nfdhcpctl metrics` still prints the same text).
 */
#pragma once

#include "nfd-ops.h"

typedef struct _NfdMetricsServer NfdMetricsServer;

/* listens on @address (4 or 16 bytes of @family) and @port; before the privilege drop, so a
 * port below 1024 works */
NfdMetricsServer *
nfd_metrics_server_new(NfdOps *ops,
		       gint family,
		       const guint8 *address,
		       guint16 port,
		       GError **error);
void
nfd_metrics_server_free(NfdMetricsServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdMetricsServer, nfd_metrics_server_free)
