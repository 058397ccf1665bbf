/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdOps: what an operator asks a running daemon, answered from the daemon's own state: the
 * commands of the control socket (status, bindings, stats, events, explain, reload, metrics;
 * nfd-control.h carries them), the SIGUSR1 dump, and the Prometheus text of the metrics
 * endpoint.  One source of truth: the dump and `nfdhcpctl` print the same renderers, and the
 * metrics are the same counters.
 *
 * Each command renders either human-readable text (the tables nfdhcpctl prints) or JSON
 * (nfdhcpctl --json).  What can be long (every binding, every tap's statistics, the metrics)
 * is produced a few dozen taps at a time over a snapshot of the bindings, so a reply for
 * 65,000 taps never sits in memory whole.
 */
#pragma once

#include "nfd-control.h"
#include "nfd-generation.h"
#include "nfd-queue-proc.h"

typedef struct _NfdOps NfdOps;

/* the daemon's reload (as SIGHUP); FALSE with every problem in @error, one a line */
typedef gboolean (*NfdOpsReloadFunc)(gpointer user_data, GError **error);

NfdOps *
nfd_ops_new(NfdGenerationHost *host);
void
nfd_ops_free(NfdOps *self);
void
nfd_ops_set_reload_func(NfdOps *self, NfdOpsReloadFunc func, gpointer user_data);
/* how a tap without a binding is found (its ifindex), for events of unbound taps */
void
nfd_ops_set_link_resolver(NfdOps *self, NfdLinkResolveFunc func, gpointer user_data);
/* the kernel's queue counters (taken) */
void
nfd_ops_set_queue_proc(NfdOps *self, NfdQueueProc *proc);
void
nfd_ops_set_control(NfdOps *self, NfdControl *control);
void
nfd_ops_set_metrics_listen(NfdOps *self, const gchar *address);
/* a reload's outcome, whoever asked for it (SIGHUP or the control socket) */
void
nfd_ops_record_reload(NfdOps *self, const GError *error);
/* the control socket's handler (an NfdControlHandler) */
void
nfd_ops_handle(const NfdControlRequest *request, NfdControlReply *reply, gpointer user_data);
/* SIGUSR1: status, bindings and statistics as text */
gchar *
nfd_ops_dump(NfdOps *self);

/* the Prometheus text exposition (nfd-metrics.c), in pieces: FALSE until the last one */
typedef struct _NfdMetricsWriter NfdMetricsWriter;

NfdMetricsWriter *
nfd_metrics_writer_new(NfdOps *ops);
gboolean
nfd_metrics_writer_next(NfdMetricsWriter *self, GString *out);
void
nfd_metrics_writer_free(NfdMetricsWriter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdOps, nfd_ops_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdMetricsWriter, nfd_metrics_writer_free)
