/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdOps: `stats [TAP]` and `events TAP` (see nfd-ops.h), from the taps' NfdTapStats blocks
 * and, for taps without a binding, the hub's ring of what arrived from them.
 */
#include <string.h>

#include "nfd-binding-private.h"
#include "nfd-ops-private.h"
#include "nfd-proto-private.h"

#define NFD_OPS_NAME_MAX 32

/* one message type's row: received, answered, sent */
typedef struct {
	guint8 plugin;
	guint8 type;
	guint32 rx;
	guint32 answered;
	guint32 tx;
} NfdTypeRow;

/* one "not answered" row */
typedef struct {
	guint8 plugin;
	NfdTapKind kind;
	guint8 reason;
	guint32 count;
} NfdOutcomeRow;

typedef struct {
	NfdTypeRow types[NFD_TAP_COUNTERS];
	guint n_types;
	NfdOutcomeRow outcomes[NFD_TAP_COUNTERS];
	guint n_outcomes;
} NfdTapRows;

static void
collect_counter(guint8 plugin, NfdTapKind kind, guint8 code, guint32 count, gpointer user_data)
{
	NfdTapRows *rows = user_data;
	NfdTypeRow *row = NULL;

	if (kind == NFD_TAP_KIND_DROPPED || kind == NFD_TAP_KIND_PASSED ||
	    kind == NFD_TAP_KIND_CORE) {
		NfdOutcomeRow *o = &rows->outcomes[rows->n_outcomes++];
		o->plugin = plugin;
		o->kind = kind;
		o->reason = code;
		o->count = count;
		return;
	}
	for (guint i = 0; i < rows->n_types; i++) {
		if (rows->types[i].plugin == plugin && rows->types[i].type == code)
			row = &rows->types[i];
	}
	if (row == NULL) {
		row = &rows->types[rows->n_types++];
		row->plugin = plugin;
		row->type = code;
	}
	if (kind == NFD_TAP_KIND_RX)
		row->rx = count;
	else if (kind == NFD_TAP_KIND_ANSWERED)
		row->answered = count;
	else if (kind == NFD_TAP_KIND_TX)
		row->tx = count;
}

static const gchar *
plugin_name(NfdOps *self, guint8 id)
{
	return self->host->ctx.stats != NULL ? nfd_stats_hub_plugin_name(self->host->ctx.stats, id)
					     : "?";
}

static const gchar *
outcome_reason(NfdOps *self, const NfdOutcomeRow *o, gchar *buf, gsize len)
{
	if (o->kind == NFD_TAP_KIND_CORE)
		return nfd_core_reason_to_string(o->reason);
	return nfd_ops_reason_name(self, o->plugin, o->reason, buf, len);
}

static void
append_count(GString *out, guint32 v)
{
	if (v == 0)
		g_string_append_printf(out, " %9s", "-");
	else
		g_string_append_printf(out, " %9u", v);
}

static void
fingerprint_text(const NfdTapStats *st, GString *out)
{
	gsize n = 0;
	const guint8 *prl = nfd_tap_stats_get_request_list(st, &n);
	const gchar *vendor = nfd_tap_stats_get_vendor_class(st);

	if (n == 0 && vendor[0] == '\0')
		return;
	g_string_append(out, "  client: parameter request list ");
	for (gsize i = 0; i < n; i++)
		g_string_append_printf(out, "%s%u", i > 0 ? "," : "", prl[i]);
	if (n == 0)
		g_string_append(out, "-");
	g_string_append(out, ", vendor class ");
	if (vendor[0] != '\0') {
		g_string_append_c(out, '"');
		g_string_append(out, vendor);
		g_string_append_c(out, '"');
	} else {
		g_string_append(out, "-");
	}
	g_string_append_c(out, '\n');
}

static void
tap_title(const NfdBinding *b, GString *out)
{
	gchar mac[NFD_MAC_STRLEN] = "-";

	if (nfd_binding_get_mac(b) != NULL)
		nfd_proto_mac_format(nfd_binding_get_mac(b), mac);
	g_string_append_printf(out,
			       "%s (ifindex %u, MAC %s)",
			       nfd_binding_get_tap(b),
			       nfd_binding_get_ifindex(b),
			       mac);
}

void
nfd_ops_stats_tap_text(NfdOps *self, const NfdBinding *binding, GString *out)
{
	const NfdTapStats *st = nfd_binding_get_tap_stats(binding);
	NfdTapRows rows = {0};
	gchar buf[NFD_OPS_NAME_MAX];

	tap_title(binding, out);
	if (st == NULL) {
		g_string_append(out, ": no packets since its binding appeared\n");
		return;
	}
	g_string_append(out, ", last seen ");
	nfd_ops_append_time(out, nfd_tap_stats_get_last_seen(st), FALSE);
	g_string_append(out, " (");
	nfd_ops_append_duration(out, g_get_real_time() - nfd_tap_stats_get_last_seen(st));
	g_string_append(out, " ago)\n");
	nfd_tap_stats_foreach_counter(st, collect_counter, &rows);
	g_string_append_printf(out,
			       "  %-10s %-24s %9s %9s %9s\n",
			       "PLUGIN",
			       "MESSAGE",
			       "RECEIVED",
			       "ANSWERED",
			       "SENT");
	for (guint i = 0; i < rows.n_types; i++) {
		const NfdTypeRow *r = &rows.types[i];
		g_string_append_printf(
		    out,
		    "  %-10s %-24s",
		    plugin_name(self, r->plugin),
		    nfd_ops_type_name(self, r->plugin, r->type, buf, sizeof(buf)));
		append_count(out, r->rx);
		append_count(out, r->answered);
		append_count(out, r->tx);
		g_string_append_c(out, '\n');
	}
	if (rows.n_outcomes > 0)
		g_string_append_printf(out,
				       "  not answered:\n  %-10s %-8s %-24s %9s\n",
				       "PLUGIN",
				       "VERDICT",
				       "REASON",
				       "COUNT");
	for (guint i = 0; i < rows.n_outcomes; i++) {
		const NfdOutcomeRow *o = &rows.outcomes[i];
		g_string_append_printf(out,
				       "  %-10s %-8s %-24s %9u\n",
				       plugin_name(self, o->plugin),
				       o->kind == NFD_TAP_KIND_PASSED ? "accept" : "drop",
				       outcome_reason(self, o, buf, sizeof(buf)),
				       o->count);
	}
	if (nfd_tap_stats_get_overflow(st) > 0)
		g_string_append_printf(out,
				       "  (%u counts did not fit the tap's table)\n",
				       nfd_tap_stats_get_overflow(st));
	fingerprint_text(st, out);
}

static void
stats_tap_json(NfdOps *self, const NfdBinding *binding, NfdJsonWriter *w)
{
	const NfdTapStats *st = nfd_binding_get_tap_stats(binding);
	NfdTapRows rows = {0};
	gchar buf[NFD_OPS_NAME_MAX];
	g_autoptr(GString) t = g_string_new(NULL);
	gsize n = 0;
	const guint8 *prl;

	nfd_json_begin_object(w);
	nfd_json_member_string(w, "tap", nfd_binding_get_tap(binding));
	nfd_json_member_uint(w, "ifindex", nfd_binding_get_ifindex(binding));
	nfd_json_member_bool(w, "bound", TRUE);
	nfd_json_key(w, "last_seen");
	if (st == NULL) {
		nfd_json_null(w);
		nfd_json_end_object(w);
		return;
	}
	nfd_ops_append_time(t, nfd_tap_stats_get_last_seen(st), TRUE);
	nfd_json_string(w, t->str);
	nfd_tap_stats_foreach_counter(st, collect_counter, &rows);
	nfd_json_key(w, "messages");
	nfd_json_begin_array(w);
	for (guint i = 0; i < rows.n_types; i++) {
		const NfdTypeRow *r = &rows.types[i];
		nfd_json_begin_object(w);
		nfd_json_member_string(w, "plugin", plugin_name(self, r->plugin));
		nfd_json_member_string(
		    w,
		    "type",
		    nfd_ops_type_name(self, r->plugin, r->type, buf, sizeof(buf)));
		nfd_json_member_uint(w, "received", r->rx);
		nfd_json_member_uint(w, "answered", r->answered);
		nfd_json_member_uint(w, "sent", r->tx);
		nfd_json_end_object(w);
	}
	nfd_json_end_array(w);
	nfd_json_key(w, "not_answered");
	nfd_json_begin_array(w);
	for (guint i = 0; i < rows.n_outcomes; i++) {
		const NfdOutcomeRow *o = &rows.outcomes[i];
		nfd_json_begin_object(w);
		nfd_json_member_string(w, "plugin", plugin_name(self, o->plugin));
		nfd_json_member_string(w,
				       "verdict",
				       o->kind == NFD_TAP_KIND_PASSED ? "accept" : "drop");
		nfd_json_member_string(w, "reason", outcome_reason(self, o, buf, sizeof(buf)));
		nfd_json_member_bool(w, "by_core", o->kind == NFD_TAP_KIND_CORE);
		nfd_json_member_uint(w, "count", o->count);
		nfd_json_end_object(w);
	}
	nfd_json_end_array(w);
	nfd_json_member_uint(w, "overflow", nfd_tap_stats_get_overflow(st));
	nfd_json_key(w, "fingerprint");
	nfd_json_begin_object(w);
	prl = nfd_tap_stats_get_request_list(st, &n);
	nfd_json_key(w, "request_list");
	nfd_json_begin_array(w);
	for (gsize i = 0; i < n; i++)
		nfd_json_uint(w, prl[i]);
	nfd_json_end_array(w);
	nfd_json_member_string(w, "vendor_class", nfd_tap_stats_get_vendor_class(st));
	nfd_json_end_object(w);
	nfd_json_end_object(w);
}

void
nfd_ops_stats_unbound_text(NfdOps *self, GString *out)
{
	NfdStatsHub *hub = self->host->ctx.stats;
	gboolean any = FALSE;

	for (guint i = 0; hub != NULL && i < nfd_stats_hub_n_plugins(hub); i++) {
		guint64 n = nfd_stats_hub_get_unbound(hub, (guint8)i);
		if (n == 0)
			continue;
		if (!any)
			g_string_append(out,
					"\nfrom taps without a binding (left to the kernel):\n");
		any = TRUE;
		g_string_append_printf(out,
				       "  %-10s %9" G_GUINT64_FORMAT " packets\n",
				       nfd_stats_hub_plugin_name(hub, (guint8)i),
				       n);
	}
}

static void
stats_unbound_json(NfdOps *self, NfdJsonWriter *w)
{
	NfdStatsHub *hub = self->host->ctx.stats;

	nfd_json_key(w, "unbound");
	nfd_json_begin_array(w);
	for (guint i = 0; hub != NULL && i < nfd_stats_hub_n_plugins(hub); i++) {
		guint64 n = nfd_stats_hub_get_unbound(hub, (guint8)i);
		if (n == 0)
			continue;
		nfd_json_begin_object(w);
		nfd_json_member_string(w, "plugin", nfd_stats_hub_plugin_name(hub, (guint8)i));
		nfd_json_member_uint(w, "packets", n);
		nfd_json_end_object(w);
	}
	nfd_json_end_array(w);
}

/* a tap without a binding: what arrived from it */
static void
unbound_tap_text(NfdOps *self, const gchar *tap, GString *out)
{
	NfdUnboundEvent ev[NFD_STATS_UNBOUND_EVENTS];
	guint ifindex = nfd_ops_tap_ifindex(self, tap);
	guint n = self->host->ctx.stats != NULL && ifindex != 0
		      ? nfd_stats_hub_get_unbound_events(self->host->ctx.stats, ifindex, ev)
		      : 0;
	guint total = 0;

	for (guint i = 0; i < n; i++)
		total += ev[i].repeat;
	g_string_append_printf(out,
			       "%s has no binding%s: the daemon does not answer it and leaves its "
			       "packets to the kernel\n",
			       tap,
			       ifindex == 0 ? " and no such interface exists" : "");
	if (n > 0) {
		g_string_append_printf(out, "  %u recent packets from it, the last at ", total);
		nfd_ops_append_time(out,
				    (gint64)ev[n - 1].time_s * G_USEC_PER_SEC +
					(gint64)ev[n - 1].time_ms * 1000,
				    FALSE);
		g_string_append_c(out, '\n');
	}
}

typedef struct {
	NfdOps *ops;
	GPtrArray *list;
	guint next;
	gboolean started;
} NfdStatsState;

static void
stats_state_free(NfdStatsState *s)
{
	g_ptr_array_unref(s->list);
	g_free(s);
}

static gboolean
produce_stats_all(gpointer state, NfdJsonWriter *json, GString *text)
{
	NfdStatsState *s = state;
	guint done = 0;

	if (!s->started) {
		s->started = TRUE;
		if (json != NULL) {
			nfd_json_begin_object(json);
			nfd_json_key(json, "taps");
			nfd_json_begin_array(json);
		}
	}
	for (; s->next < s->list->len && done < NFD_OPS_CHUNK_TAPS; s->next++) {
		const NfdBinding *b = g_ptr_array_index(s->list, s->next);
		/* taps that sent nothing are not worth a line each */
		if (nfd_binding_get_tap_stats(b) == NULL)
			continue;
		done++;
		if (json != NULL) {
			stats_tap_json(s->ops, b, json);
		} else {
			if (text->len > 0 || s->next > 0)
				g_string_append_c(text, '\n');
			nfd_ops_stats_tap_text(s->ops, b, text);
		}
	}
	if (s->next < s->list->len)
		return FALSE;
	if (json != NULL) {
		nfd_json_end_array(json);
		stats_unbound_json(s->ops, json);
		nfd_json_end_object(json);
	} else {
		nfd_ops_stats_unbound_text(s->ops, text);
	}
	return TRUE;
}

typedef struct {
	NfdOps *ops;
	NfdBinding *binding; /* NULL: a tap without a binding */
	gchar *tap;
} NfdTapState;

static void
tap_state_free(NfdTapState *s)
{
	if (s->binding != NULL)
		nfd_binding_unref(s->binding);
	g_free(s->tap);
	g_free(s);
}

static NfdTapState *
tap_state_new(NfdOps *self, const gchar *tap)
{
	NfdTapState *s = g_new0(NfdTapState, 1);
	const NfdBinding *b = nfd_binding_store_lookup_tap(self->host->store, tap);

	s->ops = self;
	s->tap = g_strdup(tap);
	if (b != NULL)
		s->binding = nfd_binding_ref((NfdBinding *)b);
	return s;
}

static gboolean
produce_stats_tap(gpointer state, NfdJsonWriter *json, GString *text)
{
	NfdTapState *s = state;

	if (s->binding != NULL) {
		if (json != NULL)
			stats_tap_json(s->ops, s->binding, json);
		else
			nfd_ops_stats_tap_text(s->ops, s->binding, text);
		return TRUE;
	}
	if (json != NULL) {
		NfdUnboundEvent ev[NFD_STATS_UNBOUND_EVENTS];
		guint ifindex = nfd_ops_tap_ifindex(s->ops, s->tap);
		guint n =
		    s->ops->host->ctx.stats != NULL && ifindex != 0
			? nfd_stats_hub_get_unbound_events(s->ops->host->ctx.stats, ifindex, ev)
			: 0;
		guint total = 0;
		for (guint i = 0; i < n; i++)
			total += ev[i].repeat;
		nfd_json_begin_object(json);
		nfd_json_member_string(json, "tap", s->tap);
		nfd_json_member_uint(json, "ifindex", ifindex);
		nfd_json_member_bool(json, "bound", FALSE);
		nfd_json_member_uint(json, "recent_packets", total);
		nfd_json_end_object(json);
	} else {
		unbound_tap_text(s->ops, s->tap, text);
	}
	return TRUE;
}

void
nfd_ops_cmd_stats(NfdOps *self, const NfdControlRequest *request, NfdControlReply *reply)
{
	NfdStatsState *s;

	if (request->tap != NULL) {
		nfd_control_reply_produce(reply,
					  produce_stats_tap,
					  tap_state_new(self, request->tap),
					  (GDestroyNotify)tap_state_free);
		return;
	}
	s = g_new0(NfdStatsState, 1);
	s->ops = self;
	s->list = nfd_binding_store_snapshot(self->host->store);
	nfd_control_reply_produce(reply, produce_stats_all, s, (GDestroyNotify)stats_state_free);
}

/* ---- events ---- */

static void
event_message(NfdOps *self, const NfdTapEvent *ev, GString *out)
{
	gchar buf[NFD_OPS_NAME_MAX];

	g_string_append(out, nfd_ops_type_name(self, ev->plugin, ev->type, buf, sizeof(buf)));
	if (ev->reply != 0) {
		g_string_append(out, " -> ");
		g_string_append(out,
				nfd_ops_type_name(self, ev->plugin, ev->reply, buf, sizeof(buf)));
	}
}

static const gchar *
event_reason(NfdOps *self, const NfdTapEvent *ev, gchar *buf, gsize len)
{
	if (ev->flags & NFD_TAP_EVENT_CORE)
		return nfd_core_reason_to_string(ev->reason);
	return nfd_ops_reason_name(self, ev->plugin, ev->reason, buf, len);
}

static gint64
event_time(guint32 s, guint16 ms)
{
	return (gint64)s * G_USEC_PER_SEC + (gint64)ms * 1000;
}

static void
events_text(NfdOps *self, const NfdTapState *s, GString *out)
{
	NfdTapEvent ev[NFD_TAP_EVENTS];
	const NfdTapStats *st = nfd_binding_get_tap_stats(s->binding);
	guint n = st != NULL ? nfd_tap_stats_get_events(st, ev) : 0;
	gchar buf[NFD_OPS_NAME_MAX];

	tap_title(s->binding, out);
	if (n == 0) {
		g_string_append(out, ": no packets since its binding appeared\n");
		return;
	}
	g_string_append_printf(out,
			       ": the last %u decisions, oldest first\n%-23s %-8s %-28s %-7s "
			       "%-22s %-26s %s\n",
			       n,
			       "TIME",
			       "PLUGIN",
			       "MESSAGE",
			       "VERDICT",
			       "REASON",
			       "ADDRESS",
			       "REPEAT");
	for (guint i = 0; i < n; i++) {
		g_autoptr(GString) msg = g_string_new(NULL);
		gchar addr[INET6_ADDRSTRLEN];
		nfd_ops_append_time(out, event_time(ev[i].time_s, ev[i].time_ms), FALSE);
		event_message(self, &ev[i], msg);
		nfd_ops_format_address(ev[i].family, ev[i].addr, addr, sizeof(addr));
		g_string_append_printf(out,
				       " %-8s %-28s %-7s %-22s %-26s %u\n",
				       plugin_name(self, ev[i].plugin),
				       msg->str,
				       nfd_ops_verdict_name(ev[i].verdict),
				       event_reason(self, &ev[i], buf, sizeof(buf)),
				       addr,
				       ev[i].repeat);
	}
}

static void
unbound_events_text(NfdOps *self, const NfdTapState *s, GString *out)
{
	NfdUnboundEvent ev[NFD_STATS_UNBOUND_EVENTS];
	guint ifindex = nfd_ops_tap_ifindex(self, s->tap);
	guint n = self->host->ctx.stats != NULL && ifindex != 0
		      ? nfd_stats_hub_get_unbound_events(self->host->ctx.stats, ifindex, ev)
		      : 0;

	unbound_tap_text(self, s->tap, out);
	if (n == 0)
		return;
	g_string_append_printf(out,
			       "%-23s %-8s %-28s %-7s %-22s %-26s %s\n",
			       "TIME",
			       "PLUGIN",
			       "MESSAGE",
			       "VERDICT",
			       "REASON",
			       "ADDRESS",
			       "REPEAT");
	for (guint i = 0; i < n; i++) {
		nfd_ops_append_time(out, event_time(ev[i].time_s, ev[i].time_ms), FALSE);
		g_string_append_printf(out,
				       " %-8s %-28s %-7s %-22s %-26s %u\n",
				       plugin_name(self, ev[i].plugin),
				       "-",
				       "accept",
				       "no binding",
				       "-",
				       ev[i].repeat);
	}
}

static void
event_json(NfdOps *self,
	   NfdJsonWriter *w,
	   gint64 time_us,
	   guint8 plugin,
	   const gchar *type,
	   const gchar *reply,
	   const gchar *verdict,
	   const gchar *reason,
	   const gchar *address,
	   guint repeat)
{
	g_autoptr(GString) t = g_string_new(NULL);

	nfd_ops_append_time(t, time_us, TRUE);
	nfd_json_begin_object(w);
	nfd_json_member_string(w, "time", t->str);
	nfd_json_member_string(w, "plugin", plugin_name(self, plugin));
	nfd_json_member_string(w, "type", type);
	nfd_json_member_string(w, "reply", reply);
	nfd_json_member_string(w, "verdict", verdict);
	nfd_json_member_string(w, "reason", reason);
	nfd_json_member_string(w, "address", address);
	nfd_json_member_uint(w, "repeat", repeat);
	nfd_json_end_object(w);
}

static void
events_json(NfdOps *self, const NfdTapState *s, NfdJsonWriter *w)
{
	gchar tbuf[NFD_OPS_NAME_MAX], rbuf[NFD_OPS_NAME_MAX], xbuf[NFD_OPS_NAME_MAX];
	gchar addr[INET6_ADDRSTRLEN];

	nfd_json_begin_object(w);
	nfd_json_member_string(w, "tap", s->tap);
	nfd_json_member_bool(w, "bound", s->binding != NULL);
	nfd_json_key(w, "events");
	nfd_json_begin_array(w);
	if (s->binding != NULL) {
		NfdTapEvent ev[NFD_TAP_EVENTS];
		const NfdTapStats *st = nfd_binding_get_tap_stats(s->binding);
		guint n = st != NULL ? nfd_tap_stats_get_events(st, ev) : 0;
		for (guint i = 0; i < n; i++) {
			nfd_ops_format_address(ev[i].family, ev[i].addr, addr, sizeof(addr));
			event_json(
			    self,
			    w,
			    event_time(ev[i].time_s, ev[i].time_ms),
			    ev[i].plugin,
			    nfd_ops_type_name(self, ev[i].plugin, ev[i].type, tbuf, sizeof(tbuf)),
			    ev[i].reply != 0 ? nfd_ops_type_name(self,
								 ev[i].plugin,
								 ev[i].reply,
								 xbuf,
								 sizeof(xbuf))
					     : NULL,
			    nfd_ops_verdict_name(ev[i].verdict),
			    event_reason(self, &ev[i], rbuf, sizeof(rbuf)),
			    ev[i].family != 0 ? addr : NULL,
			    ev[i].repeat);
		}
	} else {
		NfdUnboundEvent ev[NFD_STATS_UNBOUND_EVENTS];
		guint ifindex = nfd_ops_tap_ifindex(self, s->tap);
		guint n = self->host->ctx.stats != NULL && ifindex != 0
			      ? nfd_stats_hub_get_unbound_events(self->host->ctx.stats, ifindex, ev)
			      : 0;
		for (guint i = 0; i < n; i++)
			event_json(self,
				   w,
				   event_time(ev[i].time_s, ev[i].time_ms),
				   ev[i].plugin,
				   NULL,
				   NULL,
				   "accept",
				   "no binding",
				   NULL,
				   ev[i].repeat);
	}
	nfd_json_end_array(w);
	nfd_json_end_object(w);
}

static gboolean
produce_events(gpointer state, NfdJsonWriter *json, GString *text)
{
	NfdTapState *s = state;

	if (json != NULL)
		events_json(s->ops, s, json);
	else if (s->binding != NULL)
		events_text(s->ops, s, text);
	else
		unbound_events_text(s->ops, s, text);
	return TRUE;
}

void
nfd_ops_cmd_events(NfdOps *self, const NfdControlRequest *request, NfdControlReply *reply)
{
	if (request->tap == NULL) {
		nfd_control_reply_error(reply, "bad-request", "events needs a tap");
		return;
	}
	nfd_control_reply_produce(reply,
				  produce_events,
				  tap_state_new(self, request->tap),
				  (GDestroyNotify)tap_state_free);
}
