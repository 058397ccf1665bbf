/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `nfdhcpctl explain TAP PROTO [--mac MAC] [--request-list 1,3,6]`: what the daemon would
 * answer TAP's guest, decoded, without sending anything.
 *
 * The plugin builds the request the guest would send (its explain_request(), SDK 1.1) in an
 * NfdReply, the frame builder of replies; the core parses that frame exactly as a queued
 * packet (nfd_packet_parse_l3()), marks it synthetic and runs it through the running dispatch
 * table and the plugin's own handler (nfd_dispatch_explain()): same claim lookup, same
 * binding, same code, but the reply is captured instead of sent, no verdict goes to the
 * kernel, and no counter, event or rate limiter changes.  The captured reply is decoded: the
 * Ethernet and IP headers by the core, the payload by the plugin (explain_decode()).  What the
 * handler would have logged comes back in the answer too.
 *
 * The request list: the operator's --request-list, else the DHCPv4 option 55 list this tap's
 * guest last sent (its fingerprint), else the plugin's default; so by default the answer is
 * the one the real guest gets.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "nfd-binding-private.h"
#include "nfd-dispatch.h"
#include "nfd-ops-private.h"
#include "nfd-packet-private.h"
#include "nfd-proto-private.h"
#include "nfd-reply-private.h"

#define NFD_ETH_HLEN 14

typedef struct {
	NfdOps *ops;
	gchar *tap;
	gchar *plugin;	     /* the plugin asked */
	gchar *handled_by;   /* the plugin whose claim took the request, or NULL */
	gchar *message;	     /* the request's type */
	gchar *verdict;	     /* reply, drop, accept */
	gchar *reason;	     /* the plugin's or the core's, or NULL */
	gchar *reply_type;   /* the reply's type, or NULL */
	gchar *mac;	     /* the guest MAC used */
	gchar *request_list; /* "1,3,6", or NULL */
	gchar *request_list_from;
	NfdFields *request; /* the synthetic request, decoded */
	NfdFields *reply;   /* the reply, decoded; NULL when none */
	GPtrArray *log;	    /* what the plugin would have logged */
} NfdExplain;

static void
explain_free(NfdExplain *e)
{
	g_free(e->tap);
	g_free(e->plugin);
	g_free(e->handled_by);
	g_free(e->message);
	g_free(e->verdict);
	g_free(e->reason);
	g_free(e->reply_type);
	g_free(e->mac);
	g_free(e->request_list);
	g_free(e->request_list_from);
	g_clear_pointer(&e->request, nfd_fields_free);
	g_clear_pointer(&e->reply, nfd_fields_free);
	g_clear_pointer(&e->log, g_ptr_array_unref);
	g_free(e);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdExplain, explain_free)

/* "1,3,6,15": option codes 1 to 254 */
static gboolean
parse_request_list(const gchar *text, guint8 *out, gsize *n, GError **error)
{
	g_auto(GStrv) items = g_strsplit(text, ",", -1);

	*n = 0;
	for (guint i = 0; items[i] != NULL; i++) {
		guint64 v = 0;
		g_strstrip(items[i]);
		if (*n >= NFD_TAP_PRL_MAX ||
		    !g_ascii_string_to_unsigned(items[i], 10, 1, 254, &v, NULL)) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_FAILED,
				    "--request-list: '%s' is not a list of at most %u option codes "
				    "from 1 to 254",
				    text,
				    NFD_TAP_PRL_MAX);
			return FALSE;
		}
		out[(*n)++] = (guint8)v;
	}
	return TRUE;
}

static gchar *
format_request_list(const guint8 *prl, gsize n)
{
	GString *out = g_string_new(NULL);

	for (gsize i = 0; i < n; i++)
		g_string_append_printf(out, "%s%u", i > 0 ? "," : "", prl[i]);
	return g_string_free(out, FALSE);
}

/* the core's part of a frame: Ethernet, IP and UDP or ICMPv6 headers */
static void
decode_headers(const guint8 *frame, gsize len, const NfdPacket *pkt, NfdFields *out)
{
	gchar mac[NFD_MAC_STRLEN];
	gchar a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	struct in_addr s4, d4;
	struct in6_addr s6, d6;

	if (len < NFD_ETH_HLEN)
		return;
	nfd_proto_mac_format(frame, mac);
	nfd_fields_add(out, "ethernet destination", "%s", mac);
	nfd_proto_mac_format(frame + 6, mac);
	nfd_fields_add(out, "ethernet source", "%s", mac);
	if (nfd_packet_get_ip4_src(pkt, &s4) && nfd_packet_get_ip4_dst(pkt, &d4)) {
		nfd_fields_add(out, "ip source", "%s", inet_ntop(AF_INET, &s4, a, sizeof(a)));
		nfd_fields_add(out, "ip destination", "%s", inet_ntop(AF_INET, &d4, b, sizeof(b)));
		nfd_fields_add(out, "ttl", "%u", nfd_packet_get_hop_limit(pkt));
	} else if (nfd_packet_get_ip6_src(pkt, &s6) && nfd_packet_get_ip6_dst(pkt, &d6)) {
		nfd_fields_add(out, "ip source", "%s", inet_ntop(AF_INET6, &s6, a, sizeof(a)));
		nfd_fields_add(out, "ip destination", "%s", inet_ntop(AF_INET6, &d6, b, sizeof(b)));
		nfd_fields_add(out, "hop limit", "%u", nfd_packet_get_hop_limit(pkt));
	}
	if (nfd_packet_get_l4_proto(pkt) == IPPROTO_UDP) {
		nfd_fields_add(out, "udp source port", "%u", nfd_packet_get_src_port(pkt));
		nfd_fields_add(out, "udp destination port", "%u", nfd_packet_get_dst_port(pkt));
	}
}

/* a frame (from NfdReply) as a packet the plugin's decoder reads */
static gboolean
frame_to_packet(const guint8 *frame, gsize len, guint ifindex, NfdPacket *pkt)
{
	nfd_packet_init(pkt);
	if (len < NFD_ETH_HLEN)
		return FALSE;
	pkt->indev = ifindex;
	pkt->synthetic = TRUE;
	memcpy(pkt->src_mac, frame + 6, 6);
	pkt->has_src_mac = TRUE;
	pkt->hw_protocol = (guint16)(frame[12] << 8 | frame[13]);
	return nfd_packet_parse_l3(pkt, frame + NFD_ETH_HLEN, len - NFD_ETH_HLEN) ==
	       NFD_PACKET_PARSE_OK;
}

static void
decode_frame(NfdPlugin *plugin, const guint8 *frame, gsize len, guint ifindex, NfdFields *out)
{
	NfdPacket pkt;

	if (!frame_to_packet(frame, len, ifindex, &pkt)) {
		nfd_fields_add(out,
			       "frame",
			       "%" G_GSIZE_FORMAT " bytes, not a valid IP packet",
			       len);
		return;
	}
	decode_headers(frame, len, &pkt, out);
	if (plugin != NULL && plugin->desc.explain_decode != NULL)
		plugin->desc.explain_decode(plugin, &pkt, out);
}

/* the guest's MAC: the operator's, else the binding's */
static gboolean
explain_mac(const NfdControlRequest *req, const NfdBinding *b, guint8 *mac, GError **error)
{
	if (req->mac != NULL) {
		if (nfd_proto_mac_parse(req->mac, mac))
			return TRUE;
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_FAILED,
			    "--mac: '%s' is not a MAC",
			    req->mac);
		return FALSE;
	}
	if (nfd_binding_get_mac(b) == NULL) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_FAILED,
			    "%s's binding has no MAC: give one with --mac",
			    nfd_binding_get_tap(b));
		return FALSE;
	}
	memcpy(mac, nfd_binding_get_mac(b), 6);
	return TRUE;
}

/* builds the synthetic request in @frame_out; what it was built from goes to @e */
static gboolean
build_request(NfdOps *self,
	      const NfdControlRequest *req,
	      NfdPlugin *plugin,
	      const NfdBinding *b,
	      NfdExplain *e,
	      NfdReply *frame,
	      GError **error)
{
	static const guint8 broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	const NfdTapStats *st = nfd_binding_get_tap_stats(b);
	guint8 prl[NFD_TAP_PRL_MAX];
	const guint8 *list = NULL;
	gsize n = 0;
	guint8 mac[6];
	gchar macs[NFD_MAC_STRLEN];
	g_autoptr(GError) error_local = NULL;

	if (!explain_mac(req, b, mac, error))
		return FALSE;
	nfd_proto_mac_format(mac, macs);
	e->mac = g_strdup(macs);
	if (req->request_list != NULL) {
		if (!parse_request_list(req->request_list, prl, &n, error))
			return FALSE;
		list = prl;
		e->request_list_from = g_strdup("--request-list");
	} else if (st != NULL && nfd_tap_stats_get_client_plugin(st) == plugin->stats_id &&
		   (list = nfd_tap_stats_get_request_list(st, &n)) != NULL && n > 0) {
		e->request_list_from = g_strdup("the guest's last request");
	} else {
		list = NULL;
		n = 0;
		e->request_list_from = g_strdup("the plugin's default");
	}
	if (list != NULL)
		e->request_list = format_request_list(list, n);
	nfd_reply_reset(frame, nfd_binding_get_ifindex(b), broadcast, mac);
	if (!plugin->desc.explain_request(plugin, b, mac, list, n, frame, &error_local)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_FAILED,
			    "plugin %s cannot build a request for %s: %s",
			    nfd_plugin_get_name(plugin),
			    nfd_binding_get_tap(b),
			    error_local != NULL ? error_local->message : "no reason given");
		return FALSE;
	}
	return TRUE;
}

/* runs the request through the dispatch table; fills the rest of @e */
static gboolean
run_request(NfdOps *self,
	    NfdPlugin *plugin,
	    const NfdBinding *b,
	    NfdReply *frame,
	    NfdExplain *e,
	    GError **error)
{
	const guint8 *req_frame = NULL;
	gsize req_len = 0;
	const gchar *why = NULL;
	NfdPacket pkt;
	NfdDispatchExplain run = {0};
	gchar buf[32];
	guint8 handled_id;

	if (!nfd_reply_finish(frame, &req_frame, &req_len, &why)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "plugin %s built an unusable request (%s)",
			    nfd_plugin_get_name(plugin),
			    why);
		return FALSE;
	}
	e->request = nfd_fields_new();
	decode_frame(plugin, req_frame, req_len, nfd_binding_get_ifindex(b), e->request);
	if (!frame_to_packet(req_frame, req_len, nfd_binding_get_ifindex(b), &pkt)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "plugin %s built a request that does not parse",
			    nfd_plugin_get_name(plugin));
		return FALSE;
	}
	pkt.queue = plugin->queue;
	/* a bridged tap's packets carry the bridge as indev and the tap as physindev */
	if (g_strcmp0(nfd_binding_get_indev(b), nfd_binding_get_tap(b)) != 0) {
		guint indev = nfd_ops_tap_ifindex(self, nfd_binding_get_indev(b));
		if (indev != 0) {
			pkt.physindev = pkt.indev;
			pkt.indev = indev;
		}
	}
	run.log = e->log;
	run.frame = g_byte_array_new();
	nfd_dispatch_explain(self->host->current->dispatch, &pkt, b, &run);
	if (run.plugin == NULL) {
		g_byte_array_unref(run.frame);
		e->verdict = g_strdup("accept");
		e->reason =
		    g_strdup(run.core_reason == NFD_CORE_REASON_NO_BINDING ? "no binding"
									   : "no plugin claims it");
		return TRUE;
	}
	handled_id = run.plugin->stats_id;
	e->handled_by = g_strdup(nfd_plugin_get_name(run.plugin));
	e->message = g_strdup(nfd_ops_type_name(self, handled_id, run.note.type, buf, sizeof(buf)));
	e->verdict = g_strdup(nfd_ops_verdict_name(run.verdict));
	if (run.core_reason != NFD_CORE_REASON_NONE)
		e->reason = g_strdup(nfd_core_reason_to_string(run.core_reason));
	else if (run.note.reason != 0)
		e->reason = g_strdup(
		    nfd_ops_reason_name(self, handled_id, run.note.reason, buf, sizeof(buf)));
	if (run.note.reply != 0)
		e->reply_type =
		    g_strdup(nfd_ops_type_name(self, handled_id, run.note.reply, buf, sizeof(buf)));
	if (run.frame->len > 0) {
		e->reply = nfd_fields_new();
		decode_frame(run.plugin,
			     run.frame->data,
			     run.frame->len,
			     nfd_binding_get_ifindex(b),
			     e->reply);
	}
	g_byte_array_unref(run.frame);
	return TRUE;
}

static void
explain_text(NfdExplain *e, GString *out)
{
	g_string_append_printf(out,
			       "explain %s %s: what the daemon would answer (nothing was sent)\n",
			       e->tap,
			       e->plugin);
	g_string_append_printf(out, "guest MAC: %s\n", e->mac);
	if (e->request_list != NULL)
		g_string_append_printf(out,
				       "request list: %s (from %s)\n",
				       e->request_list,
				       e->request_list_from);
	g_string_append(out, "\nrequest:\n");
	nfd_fields_to_text(e->request, "  ", out);
	g_string_append_printf(
	    out,
	    "\ndecision: %s%s%s%s%s%s\n",
	    e->verdict,
	    e->reason != NULL ? " (" : "",
	    e->reason != NULL ? e->reason : "",
	    e->reason != NULL ? ")" : "",
	    e->handled_by != NULL && g_strcmp0(e->handled_by, e->plugin) != 0
		? ", handled by plugin "
		: "",
	    e->handled_by != NULL && g_strcmp0(e->handled_by, e->plugin) != 0 ? e->handled_by : "");
	for (guint i = 0; e->log != NULL && i < e->log->len; i++)
		g_string_append_printf(out,
				       "the plugin would log: %s\n",
				       (const gchar *)g_ptr_array_index(e->log, i));
	if (e->reply == NULL) {
		g_string_append(out, "\nno reply\n");
		return;
	}
	g_string_append_printf(out,
			       "\nreply%s%s:\n",
			       e->reply_type != NULL ? " " : "",
			       e->reply_type != NULL ? e->reply_type : "");
	nfd_fields_to_text(e->reply, "  ", out);
}

static void
explain_json(NfdExplain *e, NfdJsonWriter *w)
{
	nfd_json_begin_object(w);
	nfd_json_member_string(w, "tap", e->tap);
	nfd_json_member_string(w, "plugin", e->plugin);
	nfd_json_member_string(w, "handled_by", e->handled_by);
	nfd_json_member_string(w, "mac", e->mac);
	nfd_json_member_string(w, "request_list", e->request_list);
	nfd_json_member_string(w, "request_list_from", e->request_list_from);
	nfd_json_member_string(w, "message", e->message);
	nfd_json_member_string(w, "verdict", e->verdict);
	nfd_json_member_string(w, "reason", e->reason);
	nfd_json_member_string(w, "reply_type", e->reply_type);
	nfd_json_key(w, "log");
	nfd_json_begin_array(w);
	for (guint i = 0; e->log != NULL && i < e->log->len; i++)
		nfd_json_string(w, g_ptr_array_index(e->log, i));
	nfd_json_end_array(w);
	nfd_json_key(w, "request");
	nfd_fields_to_json(e->request, w);
	nfd_json_key(w, "reply");
	if (e->reply != NULL)
		nfd_fields_to_json(e->reply, w);
	else
		nfd_json_null(w);
	nfd_json_end_object(w);
}

static gboolean
produce_explain(gpointer state, NfdJsonWriter *json, GString *text)
{
	if (json != NULL)
		explain_json(state, json);
	else
		explain_text(state, text);
	return TRUE;
}

/* which plugins can explain, for the error message */
static gchar *
explainers(NfdOps *self)
{
	NfdGeneration *gen = self->host->current;
	g_autoptr(GPtrArray) names = g_ptr_array_new();

	for (guint i = 0; i < gen->plugins->len; i++) {
		NfdPlugin *p = g_ptr_array_index(gen->plugins, i);
		if (p->desc.explain_request != NULL)
			g_ptr_array_add(names, (gpointer)nfd_plugin_get_name(p));
	}
	g_ptr_array_add(names, NULL);
	return names->len > 1 ? g_strjoinv(", ", (gchar **)names->pdata) : g_strdup("none");
}

void
nfd_ops_cmd_explain(NfdOps *self, const NfdControlRequest *request, NfdControlReply *reply)
{
	g_autoptr(NfdExplain) e = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *msg = NULL;
	g_autofree gchar *can = NULL;
	const NfdBinding *b;
	NfdPlugin *plugin;
	NfdReply frame;

	if (request->tap == NULL || request->proto == NULL) {
		nfd_control_reply_error(reply, "bad-request", "explain needs a tap and a protocol");
		return;
	}
	b = nfd_binding_store_lookup_tap(self->host->store, request->tap);
	if (b == NULL) {
		msg = g_strdup_printf("%s has no binding: the daemon answers nothing from it and "
				      "leaves its packets to the kernel",
				      request->tap);
		nfd_control_reply_error(reply, "no-binding", msg);
		return;
	}
	plugin = nfd_ops_find_plugin(self, request->proto);
	if (plugin == NULL || plugin->desc.explain_request == NULL) {
		can = explainers(self);
		msg = g_strdup_printf("%s: %s (plugins that explain: %s)",
				      request->proto,
				      plugin == NULL ? "no such plugin is running"
						     : "this plugin cannot explain (SDK 1.1 "
						       "explain_request)",
				      can);
		nfd_control_reply_error(reply,
					plugin == NULL ? "unknown-plugin" : "not-supported",
					msg);
		return;
	}
	e = g_new0(NfdExplain, 1);
	e->ops = self;
	e->tap = g_strdup(request->tap);
	e->plugin = g_strdup(request->proto);
	e->log = g_ptr_array_new_with_free_func(g_free);
	if (!build_request(self, request, plugin, b, e, &frame, &error) ||
	    !run_request(self, plugin, b, &frame, e, &error)) {
		nfd_control_reply_error(reply, "explain-failed", error->message);
		return;
	}
	nfd_control_reply_produce(reply,
				  produce_explain,
				  g_steal_pointer(&e),
				  (GDestroyNotify)explain_free);
}
