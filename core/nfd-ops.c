/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdOps: the control socket's commands (see nfd-ops.h): which command runs what, `status`,
 * `bindings`, `reload`, and the SIGUSR1 dump built from the same renderers.  Statistics and
 * events are in nfd-ops-stats.c, explain in nfd-explain.c, the metrics in nfd-metrics.c.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <string.h>
#include <unistd.h>

#include "nfd-binding-private.h"
#include "nfd-ops-private.h"
#include "nfd-proto-private.h"
#include "nfd-version.h"

#define NFD_OPS_QUEUE_PROC "/proc/net/netfilter/nfnetlink_queue"

NfdOps *
nfd_ops_new(NfdGenerationHost *host)
{
	NfdOps *self = g_new0(NfdOps, 1);

	self->host = host;
	self->started = g_get_real_time();
	return self;
}

void
nfd_ops_free(NfdOps *self)
{
	if (self == NULL)
		return;
	nfd_queue_proc_free(self->proc);
	g_free(self->metrics_listen);
	g_free(self->last_reload_problems);
	g_free(self);
}

void
nfd_ops_set_reload_func(NfdOps *self, NfdOpsReloadFunc func, gpointer user_data)
{
	self->reload = func;
	self->reload_data = user_data;
}

void
nfd_ops_set_link_resolver(NfdOps *self, NfdLinkResolveFunc func, gpointer user_data)
{
	self->resolve = func;
	self->resolve_data = user_data;
}

void
nfd_ops_set_queue_proc(NfdOps *self, NfdQueueProc *proc)
{
	nfd_queue_proc_free(self->proc);
	self->proc = proc;
}

void
nfd_ops_set_control(NfdOps *self, NfdControl *control)
{
	self->control = control;
}

void
nfd_ops_set_metrics_listen(NfdOps *self, const gchar *address)
{
	g_free(self->metrics_listen);
	self->metrics_listen = g_strdup(address);
}

void
nfd_ops_record_reload(NfdOps *self, const GError *error)
{
	self->last_reload = g_get_real_time();
	g_clear_pointer(&self->last_reload_problems, g_free);
	if (error == NULL) {
		self->reloads_applied++;
		return;
	}
	self->reloads_refused++;
	self->last_reload_problems = g_strdup(error->message);
}

/* ---- helpers ---- */

NfdPlugin *
nfd_ops_find_plugin(NfdOps *self, const gchar *name)
{
	NfdGeneration *gen = self->host->current;

	for (guint i = 0; gen != NULL && i < gen->plugins->len; i++) {
		NfdPlugin *p = g_ptr_array_index(gen->plugins, i);
		if (g_strcmp0(nfd_plugin_get_name(p), name) == 0)
			return p;
	}
	return NULL;
}

static NfdPlugin *
plugin_by_id(NfdOps *self, guint8 id)
{
	if (self->host->ctx.stats == NULL)
		return NULL;
	return nfd_ops_find_plugin(self, nfd_stats_hub_plugin_name(self->host->ctx.stats, id));
}

const gchar *
nfd_ops_type_name(NfdOps *self, guint8 plugin, guint8 code, gchar *buf, gsize len)
{
	NfdPlugin *p = plugin_by_id(self, plugin);
	const gchar *name = p != NULL ? nfd_plugin_get_message_type_name(p, code) : NULL;

	if (name != NULL)
		return name;
	if (code == 0)
		return "message";
	g_snprintf(buf, len, "type-%u", code);
	return buf;
}

const gchar *
nfd_ops_reason_name(NfdOps *self, guint8 plugin, guint8 code, gchar *buf, gsize len)
{
	NfdPlugin *p = plugin_by_id(self, plugin);
	const gchar *name = p != NULL ? nfd_plugin_get_reason_name(p, code) : NULL;

	if (name != NULL)
		return name;
	if (code == 0)
		return "-";
	g_snprintf(buf, len, "reason-%u", code);
	return buf;
}

const gchar *
nfd_ops_verdict_name(guint verdict)
{
	switch (verdict) {
	case NFD_VERDICT_REPLY:
		return "reply";
	case NFD_VERDICT_DROP:
		return "drop";
	case NFD_VERDICT_ACCEPT:
		return "accept";
	default:
		return "?";
	}
}

void
nfd_ops_append_time(GString *out, gint64 wall_us, gboolean iso)
{
	g_autoptr(GDateTime) dt = iso ? g_date_time_new_from_unix_utc(wall_us / G_USEC_PER_SEC)
				      : g_date_time_new_from_unix_local(wall_us / G_USEC_PER_SEC);
	g_autofree gchar *text = NULL;

	if (dt == NULL) {
		g_string_append(out, "-");
		return;
	}
	text = g_date_time_format(dt, iso ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%d %H:%M:%S");
	g_string_append_printf(out,
			       "%s.%03u%s",
			       text,
			       (guint)(wall_us / 1000 % 1000),
			       iso ? "Z" : "");
}

void
nfd_ops_append_duration(GString *out, gint64 us)
{
	gint64 s = MAX(us, 0) / G_USEC_PER_SEC;

	if (s >= 86400)
		g_string_append_printf(out,
				       "%" G_GINT64_FORMAT " d %" G_GINT64_FORMAT " h",
				       s / 86400,
				       s % 86400 / 3600);
	else if (s >= 3600)
		g_string_append_printf(out,
				       "%" G_GINT64_FORMAT " h %" G_GINT64_FORMAT " min",
				       s / 3600,
				       s % 3600 / 60);
	else if (s >= 60)
		g_string_append_printf(out,
				       "%" G_GINT64_FORMAT " min %" G_GINT64_FORMAT " s",
				       s / 60,
				       s % 60);
	else
		g_string_append_printf(out, "%" G_GINT64_FORMAT " s", s);
}

void
nfd_ops_format_address(guint8 family, const guint8 *addr, gchar *buf, gsize len)
{
	if (family == 4)
		inet_ntop(AF_INET, addr, buf, (socklen_t)len);
	else if (family == 6)
		inet_ntop(AF_INET6, addr, buf, (socklen_t)len);
	else
		g_strlcpy(buf, "-", len);
}

guint
nfd_ops_tap_ifindex(NfdOps *self, const gchar *tap)
{
	guint8 mac[6];

	if (self->resolve != NULL)
		return self->resolve(tap, mac, self->resolve_data);
	return if_nametoindex(tap);
}

gchar *
nfd_ops_read_queue_text(NfdOps *self)
{
	/* opened before the privilege drop (the file is 0440 root); retried here for a daemon
	 * that never dropped (tests, a root configuration) */
	if (self->proc == NULL)
		self->proc = nfd_queue_proc_open(NFD_OPS_QUEUE_PROC, NULL);
	return self->proc != NULL ? nfd_queue_proc_read(self->proc) : NULL;
}

gboolean
nfd_ops_read_queue(NfdOps *self, const gchar *text, guint16 queue, NfdQueueKernelStats *out)
{
	return text != NULL && nfd_queue_proc_parse(text, queue, out);
}

/* ---- status ---- */

static gint
cmp_uint(gconstpointer a, gconstpointer b)
{
	guint ua = *(const guint *)a;
	guint ub = *(const guint *)b;

	return ua < ub ? -1 : ua > ub;
}

/* the queues, ascending */
static GArray *
queue_numbers(NfdOps *self)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(guint));
	GHashTableIter iter;
	gpointer key;

	g_hash_table_iter_init(&iter, self->host->queues);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		guint q = GPOINTER_TO_UINT(key);
		g_array_append_val(out, q);
	}
	g_array_sort(out, cmp_uint);
	return out;
}

/* the plugins claiming @queue ("dhcp4,ra") */
static gchar *
queue_plugins(NfdOps *self, guint queue)
{
	NfdGeneration *gen = self->host->current;
	g_autoptr(GPtrArray) names = g_ptr_array_new();

	for (guint i = 0; gen != NULL && i < gen->plugins->len; i++) {
		NfdPlugin *p = g_ptr_array_index(gen->plugins, i);
		GArray *claims = nfd_plugin_get_claims(p);
		for (guint j = 0; j < claims->len; j++) {
			if (g_array_index(claims, NfdQueueClaim, j).queue_num == queue) {
				g_ptr_array_add(names, (gpointer)nfd_plugin_get_name(p));
				break;
			}
		}
	}
	g_ptr_array_add(names, NULL);
	return names->len > 1 ? g_strjoinv(",", (gchar **)names->pdata) : g_strdup("-");
}

static void
status_text_head(NfdOps *self, GString *out)
{
	NfdGeneration *gen = self->host->current;

	g_string_append_printf(out,
			       "nfdhcpd %s, plugin API %u.%u, pid %d, up ",
			       NFD_PACKAGE_VERSION,
			       NFD_PLUGIN_API_MAJOR,
			       NFD_PLUGIN_API_MINOR,
			       (gint)getpid());
	nfd_ops_append_duration(out, g_get_real_time() - self->started);
	g_string_append(out, " (since ");
	nfd_ops_append_time(out, self->started, FALSE);
	g_string_append_printf(out,
			       ")\nconfiguration: %s, running as %s\n",
			       self->host->config_path,
			       gen->general.user);
	g_string_append_printf(out,
			       "bindings: %u (%" G_GUINT64_FORMAT " bad binding reports)\n",
			       nfd_binding_store_get_size(self->host->store),
			       nfd_binding_store_get_error_count(self->host->store));
	g_string_append(out, "last reload: ");
	if (self->last_reload == 0) {
		g_string_append(out, "none\n");
	} else {
		nfd_ops_append_time(out, self->last_reload, FALSE);
		if (self->last_reload_problems == NULL) {
			g_string_append(out, ", applied\n");
		} else {
			g_auto(GStrv) lines = g_strsplit(self->last_reload_problems, "\n", -1);
			g_string_append(out, ", refused:\n");
			for (guint i = 0; lines[i] != NULL; i++)
				g_string_append_printf(out, "  %s\n", lines[i]);
		}
	}
	if (self->control != NULL)
		g_string_append_printf(out,
				       "control socket: %s (%u connected, %" G_GUINT64_FORMAT
				       " requests)\n",
				       nfd_control_get_path(self->control),
				       nfd_control_get_n_clients(self->control),
				       nfd_control_get_stats(self->control)->requests);
	g_string_append_printf(out,
			       "metrics: %s%s%s\n",
			       self->metrics_listen != NULL ? "http://" : "off",
			       self->metrics_listen != NULL ? self->metrics_listen : "",
			       self->metrics_listen != NULL ? "/metrics" : "");
}

static void
status_text_backend(NfdOps *self, GString *out)
{
	g_autoptr(NfdFields) fields = nfd_fields_new();

	g_string_append_printf(out,
			       "\nbinding backend %s",
			       self->host->current->general.binding_backend);
	if (self->host->backend == NULL) {
		g_string_append(out, " (not open)\n");
	} else if (nfd_binding_backend_status(self->host->backend, fields)) {
		g_string_append(out, ":\n");
		nfd_fields_to_text(fields, "  ", out);
	} else {
		g_string_append(out, " (says nothing about its state)\n");
	}
}

static void
status_text_plugins(NfdOps *self, GString *out)
{
	NfdGeneration *gen = self->host->current;

	g_string_append_printf(out,
			       "\n%-10s %-9s %-6s %10s %10s  %s\n",
			       "PLUGIN",
			       "VERSION",
			       "QUEUE",
			       "HANDLED",
			       "REPLIES",
			       "COUNTERS");
	for (guint i = 0; i < gen->plugins->len; i++) {
		NfdPlugin *p = g_ptr_array_index(gen->plugins, i);
		g_string_append_printf(out,
				       "%-10s %-9s %-6u %10" G_GUINT64_FORMAT
				       " %10" G_GUINT64_FORMAT " ",
				       nfd_plugin_get_name(p),
				       p->desc.version,
				       (guint)p->queue,
				       p->n_handled,
				       p->n_replies);
		for (guint c = 0; c < p->n_counters; c++)
			g_string_append_printf(out,
					       " %s=%" G_GUINT64_FORMAT,
					       p->desc.counters[c],
					       p->counters[c]);
		g_string_append(out, p->n_counters == 0 ? " -\n" : "\n");
	}
}

static void
status_text_queues(NfdOps *self, GString *out)
{
	g_autoptr(GArray) queues = queue_numbers(self);
	g_autofree gchar *proc = nfd_ops_read_queue_text(self);

	g_string_append_printf(out,
			       "\n%-6s %-14s %9s %9s %8s %9s %9s %9s %s\n",
			       "QUEUE",
			       "PLUGINS",
			       "RECEIVED",
			       "VERDICTS",
			       "PENDING",
			       "K-DROPPED",
			       "U-DROPPED",
			       "ENQUEUED",
			       "FAILED-OPEN");
	for (guint i = 0; i < queues->len; i++) {
		guint q = g_array_index(queues, guint, i);
		NfdQueue *queue = g_hash_table_lookup(self->host->queues, GUINT_TO_POINTER(q));
		const NfdQueueStats *qs = nfd_queue_get_stats(queue);
		g_autofree gchar *plugins = queue_plugins(self, q);
		NfdQueueKernelStats ks = {0};

		g_string_append_printf(out,
				       "%-6u %-14s %9" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT " ",
				       q,
				       plugins,
				       qs->received,
				       qs->verdicts);
		if (nfd_ops_read_queue(self, proc, (guint16)q, &ks))
			g_string_append_printf(out,
					       "%8u %9u %9u %9u %s\n",
					       ks.pending,
					       ks.queue_dropped,
					       ks.user_dropped,
					       ks.id_sequence,
					       "n/a");
		else
			g_string_append_printf(out,
					       "%8s %9s %9s %9s %s\n",
					       "?",
					       "?",
					       "?",
					       "?",
					       "n/a");
	}
	g_string_append(
	    out,
	    "(K-DROPPED: the queue was full; U-DROPPED: our socket was full; the kernel "
	    "does not count packets it let through when the queue was full, FAILED-OPEN)\n");
}

static void
status_text(NfdOps *self, GString *out)
{
	const NfdDispatchStats *st = nfd_dispatch_get_stats(self->host->current->dispatch);

	status_text_head(self, out);
	status_text_backend(self, out);
	status_text_plugins(self, out);
	status_text_queues(self, out);
	g_string_append_printf(out,
			       "\ndispatch: %" G_GUINT64_FORMAT " packets, %" G_GUINT64_FORMAT
			       " replies, %" G_GUINT64_FORMAT " accepted, %" G_GUINT64_FORMAT
			       " dropped, %" G_GUINT64_FORMAT " malformed, %" G_GUINT64_FORMAT
			       " unbound, %" G_GUINT64_FORMAT " send failures, %" G_GUINT64_FORMAT
			       " bad ICMPv6 checksums, %" G_GUINT64_FORMAT " rate-limited\n",
			       st->packets,
			       st->replies,
			       st->accepted,
			       st->dropped,
			       st->malformed,
			       st->unbound,
			       st->inject_failed,
			       st->bad_checksums,
			       st->rate_limited);
}

static void
status_json_backend(NfdOps *self, NfdJsonWriter *w)
{
	NfdGeneration *gen = self->host->current;
	g_autoptr(NfdFields) fields = nfd_fields_new();

	nfd_json_key(w, "backend");
	nfd_json_begin_object(w);
	nfd_json_member_string(w, "name", gen->general.binding_backend);
	nfd_json_member_bool(w, "open", self->host->backend != NULL);
	nfd_json_key(w, "status");
	if (self->host->backend != NULL && nfd_binding_backend_status(self->host->backend, fields))
		nfd_fields_to_json(fields, w);
	else
		nfd_json_null(w);
	nfd_json_end_object(w);
}

static void
status_json_plugins(NfdOps *self, NfdJsonWriter *w)
{
	NfdGeneration *gen = self->host->current;

	nfd_json_key(w, "plugins");
	nfd_json_begin_array(w);
	for (guint i = 0; i < gen->plugins->len; i++) {
		NfdPlugin *p = g_ptr_array_index(gen->plugins, i);
		nfd_json_begin_object(w);
		nfd_json_member_string(w, "name", nfd_plugin_get_name(p));
		nfd_json_member_string(w, "version", p->desc.version);
		nfd_json_member_string(w, "origin", p->desc.origin);
		nfd_json_member_uint(w, "api_minor", p->desc.api_minor);
		nfd_json_member_uint(w, "queue", p->queue);
		nfd_json_member_uint(w, "handled", p->n_handled);
		nfd_json_member_uint(w, "replies", p->n_replies);
		nfd_json_key(w, "counters");
		nfd_json_begin_object(w);
		for (guint c = 0; c < p->n_counters; c++)
			nfd_json_member_uint(w, p->desc.counters[c], p->counters[c]);
		nfd_json_end_object(w);
		nfd_json_end_object(w);
	}
	nfd_json_end_array(w);
}

static void
status_json_queues(NfdOps *self, NfdJsonWriter *w)
{
	g_autoptr(GArray) queues = queue_numbers(self);
	g_autofree gchar *proc = nfd_ops_read_queue_text(self);

	nfd_json_key(w, "queues");
	nfd_json_begin_array(w);
	for (guint i = 0; i < queues->len; i++) {
		guint q = g_array_index(queues, guint, i);
		NfdQueue *queue = g_hash_table_lookup(self->host->queues, GUINT_TO_POINTER(q));
		const NfdQueueStats *qs = nfd_queue_get_stats(queue);
		g_autofree gchar *plugins = queue_plugins(self, q);
		NfdQueueKernelStats ks = {0};

		nfd_json_begin_object(w);
		nfd_json_member_uint(w, "queue", q);
		nfd_json_member_string(w, "plugins", plugins);
		nfd_json_member_uint(w, "received", qs->received);
		nfd_json_member_uint(w, "verdicts", qs->verdicts);
		nfd_json_member_uint(w, "send_errors", qs->send_errors);
		nfd_json_key(w, "kernel");
		if (nfd_ops_read_queue(self, proc, (guint16)q, &ks)) {
			nfd_json_begin_object(w);
			nfd_json_member_uint(w, "portid", ks.portid);
			nfd_json_member_uint(w, "pending", ks.pending);
			nfd_json_member_uint(w, "copy_mode", ks.copy_mode);
			nfd_json_member_uint(w, "copy_range", ks.copy_range);
			nfd_json_member_uint(w, "queue_dropped", ks.queue_dropped);
			nfd_json_member_uint(w, "user_dropped", ks.user_dropped);
			nfd_json_member_uint(w, "id_sequence", ks.id_sequence);
			/* not counted by the kernel (nfd-queue-proc.h) */
			nfd_json_key(w, "failed_open");
			nfd_json_null(w);
			nfd_json_end_object(w);
		} else {
			nfd_json_null(w);
		}
		nfd_json_end_object(w);
	}
	nfd_json_end_array(w);
}

static void
status_json(NfdOps *self, NfdJsonWriter *w)
{
	NfdGeneration *gen = self->host->current;
	const NfdDispatchStats *st = nfd_dispatch_get_stats(gen->dispatch);
	g_autoptr(GString) t = g_string_new(NULL);

	nfd_json_begin_object(w);
	nfd_json_member_string(w, "version", NFD_PACKAGE_VERSION);
	g_string_printf(t, "%u.%u", NFD_PLUGIN_API_MAJOR, NFD_PLUGIN_API_MINOR);
	nfd_json_member_string(w, "plugin_api", t->str);
	nfd_json_member_uint(w, "pid", (guint64)getpid());
	g_string_truncate(t, 0);
	nfd_ops_append_time(t, self->started, TRUE);
	nfd_json_member_string(w, "started", t->str);
	nfd_json_member_uint(w,
			     "uptime_seconds",
			     (guint64)((g_get_real_time() - self->started) / G_USEC_PER_SEC));
	nfd_json_member_string(w, "config", self->host->config_path);
	nfd_json_member_string(w, "user", gen->general.user);
	nfd_json_member_uint(w, "bindings", nfd_binding_store_get_size(self->host->store));
	nfd_json_member_uint(w,
			     "binding_errors",
			     nfd_binding_store_get_error_count(self->host->store));
	status_json_backend(self, w);
	status_json_plugins(self, w);
	status_json_queues(self, w);
	nfd_json_key(w, "dispatch");
	nfd_json_begin_object(w);
	nfd_json_member_uint(w, "packets", st->packets);
	nfd_json_member_uint(w, "replies", st->replies);
	nfd_json_member_uint(w, "accepted", st->accepted);
	nfd_json_member_uint(w, "dropped", st->dropped);
	nfd_json_member_uint(w, "malformed", st->malformed);
	nfd_json_member_uint(w, "unclaimed", st->unclaimed);
	nfd_json_member_uint(w, "unbound", st->unbound);
	nfd_json_member_uint(w, "inject_failed", st->inject_failed);
	nfd_json_member_uint(w, "bad_verdicts", st->bad_verdicts);
	nfd_json_member_uint(w, "bad_checksums", st->bad_checksums);
	nfd_json_member_uint(w, "rate_limited", st->rate_limited);
	nfd_json_end_object(w);
	nfd_json_key(w, "reload");
	nfd_json_begin_object(w);
	nfd_json_member_uint(w, "applied", self->reloads_applied);
	nfd_json_member_uint(w, "refused", self->reloads_refused);
	nfd_json_key(w, "last");
	if (self->last_reload == 0) {
		nfd_json_null(w);
	} else {
		nfd_json_begin_object(w);
		g_string_truncate(t, 0);
		nfd_ops_append_time(t, self->last_reload, TRUE);
		nfd_json_member_string(w, "time", t->str);
		nfd_json_member_string(w,
				       "result",
				       self->last_reload_problems == NULL ? "applied" : "refused");
		nfd_json_key(w, "problems");
		nfd_json_begin_array(w);
		if (self->last_reload_problems != NULL) {
			g_auto(GStrv) lines = g_strsplit(self->last_reload_problems, "\n", -1);
			for (guint i = 0; lines[i] != NULL; i++)
				nfd_json_string(w, lines[i]);
		}
		nfd_json_end_array(w);
		nfd_json_end_object(w);
	}
	nfd_json_end_object(w);
	nfd_json_key(w, "metrics_listen");
	nfd_json_string(w, self->metrics_listen);
	nfd_json_end_object(w);
}

static gboolean
produce_status(gpointer state, NfdJsonWriter *json, GString *text)
{
	if (json != NULL)
		status_json(state, json);
	else
		status_text(state, text);
	return TRUE;
}

/* ---- bindings ---- */

static void
binding_ip6(const NfdBinding *b, gchar *subnet, gchar *addr, gsize len)
{
	struct in6_addr a6;
	guint plen = 0;
	const gchar *ip6 = nfd_binding_get_value(b, "IP6");

	g_strlcpy(subnet, "-", len);
	g_strlcpy(addr, "-", len);
	if (nfd_binding_get_subnet6(b, &a6, &plen)) {
		gchar net[INET6_ADDRSTRLEN];
		inet_ntop(AF_INET6, &a6, net, sizeof(net));
		g_snprintf(subnet, len, "%s/%u", net, plen);
	}
	if (ip6 != NULL && ip6[0] != '\0')
		g_strlcpy(addr, ip6, len);
	else if (nfd_binding_get_eui64(b, &a6))
		inet_ntop(AF_INET6, &a6, addr, (socklen_t)len);
}

static gchar *
binding_flags(const NfdBinding *b)
{
	g_autoptr(GPtrArray) flags = g_ptr_array_new();

	if (nfd_binding_get_ifindex(b) == 0)
		g_ptr_array_add(flags, (gpointer) "absent");
	if (g_strcmp0(nfd_binding_get_indev(b), nfd_binding_get_tap(b)) != 0)
		g_ptr_array_add(flags, (gpointer) "bridged");
	if (nfd_binding_get_private(b))
		g_ptr_array_add(flags, (gpointer) "private");
	if (nfd_binding_get_macspoof(b))
		g_ptr_array_add(flags, (gpointer) "macspoof");
	g_ptr_array_add(flags, NULL);
	return flags->len > 1 ? g_strjoinv(",", (gchar **)flags->pdata) : g_strdup("-");
}

static void
binding_text_header(GString *out)
{
	g_string_append_printf(out,
			       "%-12s %-8s %-18s %-16s %-24s %-24s %-16s %-19s %s\n",
			       "TAP",
			       "IFINDEX",
			       "MAC",
			       "IPV4",
			       "SUBNET6",
			       "IPV6",
			       "FLAGS",
			       "CHANGED",
			       "SOURCE");
}

static void
binding_text(const NfdBinding *b, GString *out)
{
	gchar mac[NFD_MAC_STRLEN] = "-";
	gchar ip[INET_ADDRSTRLEN] = "-";
	gchar subnet6[INET6_ADDRSTRLEN + 8];
	gchar ip6[INET6_ADDRSTRLEN + 8];
	g_autofree gchar *flags = binding_flags(b);
	g_autofree gchar *origin = nfd_binding_dup_origin(b);
	g_autoptr(GString) changed = g_string_new(NULL);
	struct in_addr a4;

	if (nfd_binding_get_mac(b) != NULL)
		nfd_proto_mac_format(nfd_binding_get_mac(b), mac);
	if (nfd_binding_get_ip4(b, &a4))
		inet_ntop(AF_INET, &a4, ip, sizeof(ip));
	binding_ip6(b, subnet6, ip6, sizeof(ip6));
	if (nfd_binding_get_changed(b) != 0) {
		nfd_ops_append_time(changed, nfd_binding_get_changed(b), FALSE);
		g_string_truncate(changed, 19);
	} else {
		g_string_assign(changed, "-");
	}
	g_string_append_printf(out,
			       "%-12s %-8u %-18s %-16s %-24s %-24s %-16s %-19s %s\n",
			       nfd_binding_get_tap(b),
			       nfd_binding_get_ifindex(b),
			       mac,
			       ip,
			       subnet6,
			       ip6,
			       flags,
			       changed->str,
			       origin != NULL ? origin : "-");
}

static void
binding_json(const NfdBinding *b, NfdJsonWriter *w)
{
	gchar mac[NFD_MAC_STRLEN] = "";
	gchar ip[INET_ADDRSTRLEN] = "";
	gchar subnet6[INET6_ADDRSTRLEN + 8];
	gchar ip6[INET6_ADDRSTRLEN + 8];
	g_autofree gchar *flags = binding_flags(b);
	g_autofree gchar *origin = nfd_binding_dup_origin(b);
	g_autoptr(GString) changed = g_string_new(NULL);
	struct in_addr a4;

	binding_ip6(b, subnet6, ip6, sizeof(ip6));
	nfd_json_begin_object(w);
	nfd_json_member_string(w, "tap", nfd_binding_get_tap(b));
	nfd_json_member_uint(w, "ifindex", nfd_binding_get_ifindex(b));
	nfd_json_key(w, "mac");
	if (nfd_binding_get_mac(b) != NULL) {
		nfd_proto_mac_format(nfd_binding_get_mac(b), mac);
		nfd_json_string(w, mac);
	} else {
		nfd_json_null(w);
	}
	nfd_json_key(w, "ipv4");
	if (nfd_binding_get_ip4(b, &a4)) {
		inet_ntop(AF_INET, &a4, ip, sizeof(ip));
		nfd_json_string(w, ip);
	} else {
		nfd_json_null(w);
	}
	nfd_json_key(w, "subnet6");
	nfd_json_string(w, strcmp(subnet6, "-") != 0 ? subnet6 : NULL);
	nfd_json_key(w, "ipv6");
	nfd_json_string(w, strcmp(ip6, "-") != 0 ? ip6 : NULL);
	nfd_json_member_string(w, "hostname", nfd_binding_get_hostname(b));
	nfd_json_member_string(w, "indev", nfd_binding_get_indev(b));
	nfd_json_member_string(w, "flags", strcmp(flags, "-") != 0 ? flags : "");
	nfd_json_member_string(w, "source", origin);
	nfd_json_key(w, "changed");
	if (nfd_binding_get_changed(b) != 0) {
		nfd_ops_append_time(changed, nfd_binding_get_changed(b), TRUE);
		nfd_json_string(w, changed->str);
	} else {
		nfd_json_null(w);
	}
	nfd_json_end_object(w);
}

typedef struct {
	GPtrArray *list; /* bindings, referenced */
	guint next;
	gboolean started;
} NfdBindingsState;

static void
bindings_state_free(NfdBindingsState *s)
{
	g_ptr_array_unref(s->list);
	g_free(s);
}

static gboolean
produce_bindings(gpointer state, NfdJsonWriter *json, GString *text)
{
	NfdBindingsState *s = state;
	guint end = MIN(s->next + NFD_OPS_CHUNK_TAPS * 4, s->list->len);

	if (!s->started) {
		s->started = TRUE;
		if (json != NULL) {
			nfd_json_begin_object(json);
			nfd_json_member_uint(json, "count", s->list->len);
			nfd_json_key(json, "bindings");
			nfd_json_begin_array(json);
		} else {
			g_string_append_printf(text, "%u bindings\n", s->list->len);
			binding_text_header(text);
		}
	}
	for (; s->next < end; s->next++) {
		const NfdBinding *b = g_ptr_array_index(s->list, s->next);
		if (json != NULL)
			binding_json(b, json);
		else
			binding_text(b, text);
	}
	if (s->next < s->list->len)
		return FALSE;
	if (json != NULL) {
		nfd_json_end_array(json);
		nfd_json_end_object(json);
	}
	return TRUE;
}

static void
cmd_bindings(NfdOps *self, const NfdControlRequest *request, NfdControlReply *reply)
{
	NfdBindingsState *s = g_new0(NfdBindingsState, 1);

	if (request->tap != NULL) {
		const NfdBinding *b = nfd_binding_store_lookup_tap(self->host->store, request->tap);
		g_autofree gchar *msg = NULL;
		if (b == NULL) {
			g_free(s);
			msg = g_strdup_printf("%s has no binding", request->tap);
			nfd_control_reply_error(reply, "no-binding", msg);
			return;
		}
		s->list = g_ptr_array_new_with_free_func((GDestroyNotify)nfd_binding_unref);
		g_ptr_array_add(s->list, nfd_binding_ref((NfdBinding *)b));
	} else {
		s->list = nfd_binding_store_snapshot(self->host->store);
	}
	nfd_control_reply_produce(reply, produce_bindings, s, (GDestroyNotify)bindings_state_free);
}

/* ---- reload ---- */

static gboolean
produce_reloaded(gpointer state, NfdJsonWriter *json, GString *text)
{
	NfdOps *self = state;

	if (json != NULL) {
		nfd_json_begin_object(json);
		nfd_json_member_string(json, "result", "applied");
		nfd_json_member_uint(json,
				     "bindings",
				     nfd_binding_store_get_size(self->host->store));
		nfd_json_end_object(json);
	} else {
		g_string_append_printf(text,
				       "reload applied: %u plugins, %u queues, %u bindings\n",
				       self->host->current->plugins->len,
				       g_hash_table_size(self->host->queues),
				       nfd_binding_store_get_size(self->host->store));
	}
	return TRUE;
}

static void
cmd_reload(NfdOps *self, NfdControlReply *reply)
{
	g_autoptr(GError) error = NULL;

	if (self->reload == NULL) {
		nfd_control_reply_error(reply, "not-supported", "this daemon cannot reload");
		return;
	}
	/* the daemon records the outcome (nfd_ops_record_reload()), as for SIGHUP */
	if (!self->reload(self->reload_data, &error)) {
		nfd_control_reply_error_problems(reply, "reload-refused", error->message);
		return;
	}
	nfd_control_reply_produce(reply, produce_reloaded, self, NULL);
}

/* ---- commands ---- */

static const gchar *const commands[] =
    {"status", "bindings", "stats", "events", "explain", "reload", "metrics", NULL};

void
nfd_ops_handle(const NfdControlRequest *request, NfdControlReply *reply, gpointer user_data)
{
	NfdOps *self = user_data;
	const gchar *cmd = request->command;

	if (g_strcmp0(cmd, "status") == 0) {
		nfd_control_reply_produce(reply, produce_status, self, NULL);
	} else if (g_strcmp0(cmd, "bindings") == 0) {
		cmd_bindings(self, request, reply);
	} else if (g_strcmp0(cmd, "stats") == 0) {
		nfd_ops_cmd_stats(self, request, reply);
	} else if (g_strcmp0(cmd, "events") == 0) {
		nfd_ops_cmd_events(self, request, reply);
	} else if (g_strcmp0(cmd, "explain") == 0) {
		nfd_ops_cmd_explain(self, request, reply);
	} else if (g_strcmp0(cmd, "reload") == 0) {
		cmd_reload(self, reply);
	} else if (g_strcmp0(cmd, "metrics") == 0) {
		nfd_ops_cmd_metrics(self, request, reply);
	} else {
		g_autofree gchar *list = g_strjoinv(", ", (gchar **)commands);
		g_autofree gchar *msg =
		    g_strdup_printf("unknown command \"%s\" (known: %s)", cmd, list);
		nfd_control_reply_error(reply, "unknown-command", msg);
	}
}

/* ---- SIGUSR1 ---- */

gchar *
nfd_ops_dump(NfdOps *self)
{
	GString *out = g_string_new(NULL);
	g_autoptr(GPtrArray) list = nfd_binding_store_snapshot(self->host->store);
	NfdGeneration *gen = self->host->current;

	status_text(self, out);
	g_string_append_printf(out, "\n%u bindings\n", list->len);
	binding_text_header(out);
	for (guint i = 0; i < list->len; i++)
		binding_text(g_ptr_array_index(list, i), out);
	for (guint i = 0; i < list->len; i++) {
		const NfdBinding *b = g_ptr_array_index(list, i);
		if (nfd_binding_get_tap_stats(b) != NULL) {
			g_string_append_c(out, '\n');
			nfd_ops_stats_tap_text(self, b, out);
		}
	}
	nfd_ops_stats_unbound_text(self, out);
	/* each plugin's counters as SDK 1.0 promises them ("<plugin>: <name>: N") and what it adds
	 * about itself (its dump()) */
	g_string_append_c(out, '\n');
	for (guint i = 0; i < gen->plugins->len; i++)
		nfd_plugin_dump(g_ptr_array_index(gen->plugins, i), out);
	return g_string_free(out, FALSE);
}
