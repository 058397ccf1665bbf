/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdMetricsWriter: the daemon's metrics in the Prometheus text exposition format (version
 * 0.0.4), for `GET /metrics` (nfd-metrics-server.c, libsoup) and `nfdhcpctl metrics`: the same
 * text from the same counters.
 *
 * Conventions (prometheus.io/docs/practices/naming): the nfdhcpd_ prefix, counters end in
 * _total, times in seconds.  Every family is written whole, HELP and TYPE first.  Label
 * cardinality is bounded by what exists: a tap label only for a tap that has a binding and sent
 * something (its statistics block; it leaves the output with its binding), a type or reason
 * label only for the names a plugin declares (at most 254 each) or core reasons.  The per-tap
 * families are written a few dozen taps per call over a snapshot of the bindings, so scraping
 * 65,000 taps never holds the whole text.
 */
#include <string.h>

#include "nfd-binding-private.h"
#include "nfd-ops-private.h"
#include "nfd-version.h"

#define NFD_METRICS_NAME_MAX 32

typedef enum {
	NFD_METRICS_GLOBAL,
	NFD_METRICS_RECEIVED,
	NFD_METRICS_ANSWERED,
	NFD_METRICS_SENT,
	NFD_METRICS_DROPS,
	NFD_METRICS_PASSED,
	NFD_METRICS_LAST_SEEN,
	NFD_METRICS_DONE,
} NfdMetricsStage;

struct _NfdMetricsWriter {
	NfdOps *ops;
	GPtrArray *taps; /* bindings with a statistics block, referenced */
	NfdMetricsStage stage;
	guint next;
};

/* the exposition format's label value escapes: backslash, double quote, newline */
static void
append_label(GString *out, const gchar *name, const gchar *value)
{
	g_string_append_printf(out, "%s=\"", name);
	for (const gchar *p = value; *p != '\0'; p++) {
		if (*p == '\\' || *p == '"')
			g_string_append_c(out, '\\');
		if (*p == '\n') {
			g_string_append(out, "\\n");
			continue;
		}
		g_string_append_c(out, *p);
	}
	g_string_append_c(out, '"');
}

static void
family(GString *out, const gchar *name, const gchar *type, const gchar *help)
{
	g_string_append_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
sample_u64(GString *out, const gchar *name, guint64 value)
{
	g_string_append_printf(out, "%s %" G_GUINT64_FORMAT "\n", name, value);
}

/* name{label="value"} value */
static void
sample_1(GString *out, const gchar *name, const gchar *label, const gchar *v, guint64 value)
{
	g_string_append_printf(out, "%s{", name);
	append_label(out, label, v);
	g_string_append_printf(out, "} %" G_GUINT64_FORMAT "\n", value);
}

static void
global_build(NfdMetricsWriter *self, GString *out)
{
	NfdOps *ops = self->ops;
	g_autofree gchar *api =
	    g_strdup_printf("%u.%u", NFD_PLUGIN_API_MAJOR, NFD_PLUGIN_API_MINOR);

	family(out, "nfdhcpd_build_info", "gauge", "The daemon's version, always 1.");
	g_string_append(out, "nfdhcpd_build_info{");
	append_label(out, "version", NFD_PACKAGE_VERSION);
	g_string_append_c(out, ',');
	append_label(out, "plugin_api", api);
	g_string_append(out, "} 1\n");
	family(out,
	       "nfdhcpd_start_time_seconds",
	       "gauge",
	       "When the daemon started, seconds since the epoch.");
	sample_u64(out, "nfdhcpd_start_time_seconds", (guint64)(ops->started / G_USEC_PER_SEC));
	family(out, "nfdhcpd_bindings", "gauge", "Bindings the daemon holds.");
	sample_u64(out, "nfdhcpd_bindings", nfd_binding_store_get_size(ops->host->store));
	family(out,
	       "nfdhcpd_binding_errors_total",
	       "counter",
	       "Bad bindings reported by the binding backend (each distinct problem once).");
	sample_u64(out,
		   "nfdhcpd_binding_errors_total",
		   nfd_binding_store_get_error_count(ops->host->store));
	family(out,
	       "nfdhcpd_reloads_total",
	       "counter",
	       "Reloads (SIGHUP or nfdhcpctl), by result.");
	sample_1(out, "nfdhcpd_reloads_total", "result", "applied", ops->reloads_applied);
	sample_1(out, "nfdhcpd_reloads_total", "result", "refused", ops->reloads_refused);
}

static gint
cmp_uint(gconstpointer a, gconstpointer b)
{
	guint ua = *(const guint *)a;
	guint ub = *(const guint *)b;

	return ua < ub ? -1 : ua > ub;
}

static void
global_queues(NfdMetricsWriter *self, GString *out)
{
	NfdOps *ops = self->ops;
	g_autoptr(GArray) queues = g_array_new(FALSE, FALSE, sizeof(guint));
	g_autofree gchar *proc = nfd_ops_read_queue_text(ops);
	static const struct {
		const gchar *name;
		const gchar *type;
		const gchar *help;
	} fams[] = {
	    {"nfdhcpd_queue_received_total", "counter", "Packets the daemon read from the queue."},
	    {"nfdhcpd_queue_pending_packets",
	     "gauge",
	     "Packets waiting for a verdict (the kernel's queue_total)."},
	    {"nfdhcpd_queue_kernel_dropped_total",
	     "counter",
	     "Packets the kernel dropped because the queue was full (queue_dropped)."},
	    {"nfdhcpd_queue_user_dropped_total",
	     "counter",
	     "Packets the kernel dropped because the daemon's socket was full (user_dropped)."},
	    {"nfdhcpd_queue_enqueued_total",
	     "counter",
	     "Packets the kernel queued since the queue was bound (id_sequence)."},
	};
	GHashTableIter iter;
	gpointer key;

	g_hash_table_iter_init(&iter, ops->host->queues);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		guint q = GPOINTER_TO_UINT(key);
		g_array_append_val(queues, q);
	}
	g_array_sort(queues, cmp_uint);
	for (guint f = 0; f < G_N_ELEMENTS(fams); f++) {
		family(out, fams[f].name, fams[f].type, fams[f].help);
		for (guint i = 0; i < queues->len; i++) {
			guint q = g_array_index(queues, guint, i);
			NfdQueue *queue =
			    g_hash_table_lookup(ops->host->queues, GUINT_TO_POINTER(q));
			NfdQueueKernelStats ks = {0};
			g_autofree gchar *num = g_strdup_printf("%u", q);
			guint64 v;
			if (f == 0) {
				v = nfd_queue_get_stats(queue)->received;
			} else if (!nfd_ops_read_queue(ops, proc, (guint16)q, &ks)) {
				continue;
			} else {
				v = f == 1   ? ks.pending
				    : f == 2 ? ks.queue_dropped
				    : f == 3 ? ks.user_dropped
					     : ks.id_sequence;
			}
			sample_1(out, fams[f].name, "queue", num, v);
		}
	}
}

static void
global_dispatch(NfdMetricsWriter *self, GString *out)
{
	const NfdDispatchStats *st = nfd_dispatch_get_stats(self->ops->host->current->dispatch);
	const struct {
		const gchar *name;
		const gchar *help;
		guint64 value;
	} fams[] = {
	    {"nfdhcpd_packets_total", "Queued packets the daemon gave a verdict.", st->packets},
	    {"nfdhcpd_replies_total", "Replies queued for sending.", st->replies},
	    {"nfdhcpd_packets_accepted_total",
	     "Packets handed back to the kernel (NF_ACCEPT).",
	     st->accepted},
	    {"nfdhcpd_packets_dropped_total",
	     "Packets dropped (NF_DROP), replied ones included.",
	     st->dropped},
	    {"nfdhcpd_packets_malformed_total",
	     "Packets with malformed headers (accepted).",
	     st->malformed},
	    {"nfdhcpd_packets_unclaimed_total",
	     "Packets no plugin claimed (accepted).",
	     st->unclaimed},
	    {"nfdhcpd_packets_unbound_total",
	     "Packets from taps without a binding (accepted: not ours).",
	     st->unbound},
	    {"nfdhcpd_reply_send_failures_total",
	     "Replies the kernel refused to send.",
	     st->inject_failed},
	    {"nfdhcpd_plugin_bad_verdicts_total",
	     "Invalid verdicts from plugins (accepted).",
	     st->bad_verdicts},
	    {"nfdhcpd_bad_checksums_total",
	     "ICMPv6 packets with a wrong checksum (dropped).",
	     st->bad_checksums},
	    {"nfdhcpd_packets_rate_limited_total",
	     "Packets over a tap's rate limit for their plugin (dropped unread).",
	     st->rate_limited},
	};

	for (guint f = 0; f < G_N_ELEMENTS(fams); f++) {
		family(out, fams[f].name, "counter", fams[f].help);
		sample_u64(out, fams[f].name, fams[f].value);
	}
}

static void
global_plugins(NfdMetricsWriter *self, GString *out)
{
	NfdGeneration *gen = self->ops->host->current;
	NfdStatsHub *hub = self->ops->host->ctx.stats;

	family(out, "nfdhcpd_plugin_handled_total", "counter", "Packets handed to a plugin.");
	for (guint i = 0; i < gen->plugins->len; i++) {
		NfdPlugin *p = g_ptr_array_index(gen->plugins, i);
		sample_1(out, "nfdhcpd_plugin_handled_total", "plugin", p->desc.name, p->n_handled);
	}
	family(out, "nfdhcpd_plugin_replies_total", "counter", "Replies a plugin sent.");
	for (guint i = 0; i < gen->plugins->len; i++) {
		NfdPlugin *p = g_ptr_array_index(gen->plugins, i);
		sample_1(out, "nfdhcpd_plugin_replies_total", "plugin", p->desc.name, p->n_replies);
	}
	family(out,
	       "nfdhcpd_plugin_counter_total",
	       "counter",
	       "A plugin's own counters (its descriptor names them).");
	for (guint i = 0; i < gen->plugins->len; i++) {
		NfdPlugin *p = g_ptr_array_index(gen->plugins, i);
		for (guint c = 0; c < p->n_counters; c++) {
			g_string_append(out, "nfdhcpd_plugin_counter_total{");
			append_label(out, "plugin", p->desc.name);
			g_string_append_c(out, ',');
			append_label(out, "counter", p->desc.counters[c]);
			g_string_append_printf(out, "} %" G_GUINT64_FORMAT "\n", p->counters[c]);
		}
	}
	family(out,
	       "nfdhcpd_unbound_packets_total",
	       "counter",
	       "Packets a plugin claimed from taps without a binding (left to the kernel).");
	for (guint i = 0; hub != NULL && i < nfd_stats_hub_n_plugins(hub); i++)
		sample_1(out,
			 "nfdhcpd_unbound_packets_total",
			 "plugin",
			 nfd_stats_hub_plugin_name(hub, (guint8)i),
			 nfd_stats_hub_get_unbound(hub, (guint8)i));
}

typedef struct {
	NfdMetricsWriter *writer;
	GString *out;
	const gchar *tap;
} NfdTapSamples;

static void
tap_sample(guint8 plugin, NfdTapKind kind, guint8 code, guint32 count, gpointer user_data)
{
	NfdTapSamples *t = user_data;
	NfdOps *ops = t->writer->ops;
	const gchar *name;
	const gchar *label = "type";
	const gchar *value;
	gchar buf[NFD_METRICS_NAME_MAX];

	switch (t->writer->stage) {
	case NFD_METRICS_RECEIVED:
		if (kind != NFD_TAP_KIND_RX)
			return;
		name = "nfdhcpd_messages_received_total";
		break;
	case NFD_METRICS_ANSWERED:
		if (kind != NFD_TAP_KIND_ANSWERED)
			return;
		name = "nfdhcpd_messages_answered_total";
		break;
	case NFD_METRICS_SENT:
		if (kind != NFD_TAP_KIND_TX)
			return;
		name = "nfdhcpd_replies_sent_total";
		break;
	case NFD_METRICS_DROPS:
		if (kind != NFD_TAP_KIND_DROPPED && kind != NFD_TAP_KIND_CORE)
			return;
		name = "nfdhcpd_drops_total";
		label = "reason";
		break;
	case NFD_METRICS_PASSED:
		if (kind != NFD_TAP_KIND_PASSED)
			return;
		name = "nfdhcpd_passed_total";
		label = "reason";
		break;
	default:
		return;
	}
	if (kind == NFD_TAP_KIND_CORE)
		value = nfd_core_reason_to_string(code);
	else if (g_strcmp0(label, "reason") == 0)
		value = nfd_ops_reason_name(ops, plugin, code, buf, sizeof(buf));
	else
		value = nfd_ops_type_name(ops, plugin, code, buf, sizeof(buf));
	g_string_append_printf(t->out, "%s{", name);
	append_label(t->out, "plugin", nfd_stats_hub_plugin_name(ops->host->ctx.stats, plugin));
	g_string_append_c(t->out, ',');
	append_label(t->out, "tap", t->tap);
	g_string_append_c(t->out, ',');
	append_label(t->out, label, value);
	g_string_append_printf(t->out, "} %u\n", count);
}

static const struct {
	const gchar *name;
	const gchar *type;
	const gchar *help;
} tap_families[] = {
    [NFD_METRICS_RECEIVED] = {"nfdhcpd_messages_received_total",
			      "counter",
			      "Messages received from a tap, by plugin and message type."},
    [NFD_METRICS_ANSWERED] = {"nfdhcpd_messages_answered_total",
			      "counter",
			      "Messages answered, by plugin and the type of the message answered."},
    [NFD_METRICS_SENT] = {"nfdhcpd_replies_sent_total",
			  "counter",
			  "Replies sent to a tap, by plugin and reply type."},
    [NFD_METRICS_DROPS] = {"nfdhcpd_drops_total",
			   "counter",
			   "Messages from a tap dropped without an answer, by reason."},
    [NFD_METRICS_PASSED] =
	{"nfdhcpd_passed_total",
	 "counter",
	 "Messages from a tap handed to the kernel without an answer, by reason."},
    [NFD_METRICS_LAST_SEEN] = {"nfdhcpd_tap_last_seen_timestamp_seconds",
			       "gauge",
			       "When a tap last sent a message the daemon handled."},
};

NfdMetricsWriter *
nfd_metrics_writer_new(NfdOps *ops)
{
	NfdMetricsWriter *self = g_new0(NfdMetricsWriter, 1);
	g_autoptr(GPtrArray) all = nfd_binding_store_snapshot(ops->host->store);

	self->ops = ops;
	self->taps = g_ptr_array_new_with_free_func((GDestroyNotify)nfd_binding_unref);
	for (guint i = 0; i < all->len; i++) {
		NfdBinding *b = g_ptr_array_index(all, i);
		if (nfd_binding_get_tap_stats(b) != NULL)
			g_ptr_array_add(self->taps, nfd_binding_ref(b));
	}
	return self;
}

void
nfd_metrics_writer_free(NfdMetricsWriter *self)
{
	if (self == NULL)
		return;
	g_ptr_array_unref(self->taps);
	g_free(self);
}

gboolean
nfd_metrics_writer_next(NfdMetricsWriter *self, GString *out)
{
	guint end;

	if (self->stage == NFD_METRICS_GLOBAL) {
		global_build(self, out);
		global_queues(self, out);
		global_dispatch(self, out);
		global_plugins(self, out);
		self->stage++;
		self->next = 0;
	}
	if (self->stage == NFD_METRICS_DONE)
		return TRUE;
	if (self->next == 0)
		family(out,
		       tap_families[self->stage].name,
		       tap_families[self->stage].type,
		       tap_families[self->stage].help);
	end = MIN(self->next + NFD_OPS_CHUNK_TAPS, self->taps->len);
	for (; self->next < end; self->next++) {
		const NfdBinding *b = g_ptr_array_index(self->taps, self->next);
		const NfdTapStats *st = nfd_binding_get_tap_stats(b);
		NfdTapSamples t = {.writer = self, .out = out, .tap = nfd_binding_get_tap(b)};
		/* the block went on to the tap's new binding meanwhile: that one counts now */
		if (st == NULL)
			continue;
		if (self->stage == NFD_METRICS_LAST_SEEN)
			sample_1(out,
				 "nfdhcpd_tap_last_seen_timestamp_seconds",
				 "tap",
				 t.tap,
				 (guint64)(nfd_tap_stats_get_last_seen(st) / G_USEC_PER_SEC));
		else
			nfd_tap_stats_foreach_counter(st, tap_sample, &t);
	}
	if (self->next >= self->taps->len) {
		self->stage++;
		self->next = 0;
	}
	return self->stage == NFD_METRICS_DONE;
}

static gboolean
produce_metrics(gpointer state, NfdJsonWriter *json, GString *text)
{
	NfdMetricsWriter *self = state;
	g_autoptr(GString) chunk = NULL;
	gboolean done;

	if (text != NULL)
		return nfd_metrics_writer_next(self, text);
	/* JSON: the same text, as one string value written in pieces */
	chunk = g_string_new(NULL);
	if (self->stage == NFD_METRICS_GLOBAL)
		nfd_json_string_begin(json);
	done = nfd_metrics_writer_next(self, chunk);
	nfd_json_string_append(json, chunk->str, chunk->len);
	if (done)
		nfd_json_string_end(json);
	return done;
}

void
nfd_ops_cmd_metrics(NfdOps *self, const NfdControlRequest *request, NfdControlReply *reply)
{
	nfd_control_reply_produce(reply,
				  produce_metrics,
				  nfd_metrics_writer_new(self),
				  (GDestroyNotify)nfd_metrics_writer_free);
}
