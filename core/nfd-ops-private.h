/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the files of NfdOps share (nfd-ops.c: commands, status, bindings, reload, the dump;
 * nfd-ops-stats.c: stats and events; nfd-metrics.c: the Prometheus text; nfd-explain.c:
 * explain).
 */
#pragma once

#include "nfd-fields-private.h"
#include "nfd-ops.h"
#include "nfd-tap-stats.h"

struct _NfdOps {
	NfdGenerationHost *host;
	NfdOpsReloadFunc reload;
	gpointer reload_data;
	NfdLinkResolveFunc resolve;
	gpointer resolve_data;
	NfdQueueProc *proc;
	NfdControl *control;
	gchar *metrics_listen;
	gint64 started; /* wall clock, µs */
	guint64 reloads_applied;
	guint64 reloads_refused;
	gint64 last_reload;	     /* wall clock, µs; 0: none yet */
	gchar *last_reload_problems; /* NULL when it was applied */
};

/* how many bindings a streamed reply renders per producer call */
#define NFD_OPS_CHUNK_TAPS 64

/* the running generation's plugin called @name, or NULL */
NfdPlugin *
nfd_ops_find_plugin(NfdOps *self, const gchar *name);
/* a plugin's message type / reason code as text ("DISCOVER", "type 9", "message") */
const gchar *
nfd_ops_type_name(NfdOps *self, guint8 plugin, guint8 code, gchar *buf, gsize len);
const gchar *
nfd_ops_reason_name(NfdOps *self, guint8 plugin, guint8 code, gchar *buf, gsize len);
const gchar *
nfd_ops_verdict_name(guint verdict);
/* "2024-05-01 10:00:01.123" (local) or "2024-05-01T08:00:01.123Z" (@iso) */
void
nfd_ops_append_time(GString *out, gint64 wall_us, gboolean iso);
/* "N d N h", "N h N min", "N min N s", "N s" */
void
nfd_ops_append_duration(GString *out, gint64 us);
/* an event's address, or "-" */
void
nfd_ops_format_address(guint8 family, const guint8 *addr, gchar *buf, gsize len);
/* the ifindex of @tap now, 0 when it does not exist */
guint
nfd_ops_tap_ifindex(NfdOps *self, const gchar *tap);
gboolean
nfd_ops_read_queue(NfdOps *self, const gchar *text, guint16 queue, NfdQueueKernelStats *out);
gchar *
nfd_ops_read_queue_text(NfdOps *self);

/* the commands in the other files */
void
nfd_ops_cmd_stats(NfdOps *self, const NfdControlRequest *request, NfdControlReply *reply);
void
nfd_ops_cmd_events(NfdOps *self, const NfdControlRequest *request, NfdControlReply *reply);
void
nfd_ops_cmd_explain(NfdOps *self, const NfdControlRequest *request, NfdControlReply *reply);
void
nfd_ops_cmd_metrics(NfdOps *self, const NfdControlRequest *request, NfdControlReply *reply);
/* one tap's statistics as text (stats TAP and the dump) */
void
nfd_ops_stats_tap_text(NfdOps *self, const NfdBinding *binding, GString *out);
/* packets from taps without a binding, as text */
void
nfd_ops_stats_unbound_text(NfdOps *self, GString *out);
