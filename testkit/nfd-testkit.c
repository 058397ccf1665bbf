/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The plugin test kit (see nfd-testkit.h): one plugin on the daemon's own objects — NfdConfig
 * with the legacy mapping, NfdPlugin, NfdBindingStore, NfdDispatch, NfdReply — with three
 * edges replaced: a recording injector instead of AF_PACKET, a table of made-up ifindexes
 * instead of rtnetlink (every tap's host side has NFD_TESTKIT_ROUTER_MAC), and packets handed
 * in instead of read from NFQUEUE.
 */
#include <arpa/inet.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <string.h>

#include "nfd-config-legacy.h"
#include "nfd-dispatch.h"
#include "nfd-module-loader.h"
#include "nfd-reply-private.h"
#include "nfd-testkit.h"

/* the first made-up ifindex; taps get consecutive ones in the order they are named */
#define NFD_TESTKIT_IFINDEX_BASE 100

typedef struct {
	NfdInjector parent;
	GPtrArray *target; /* where send() puts frames: the current reply, or unsolicited */
} NfdTestkitInjector;

struct _NfdTestkit {
	NfdConfig *config;
	NfdPlugin *plugin;
	NfdBindingStore *store;
	NfdDispatch *dispatch;
	NfdTestkitInjector *injector;
	NfdCoreContext ctx;
	NfdReply *scratch;
	GHashTable *ifindexes; /* tap -> ifindex */
	GPtrArray *replies;    /* frames injected during one nfd_testkit_handle() */
	GPtrArray *unsolicited;
	gchar *tmp_state_dir; /* made by the kit, removed at free */
	gboolean state_dir_set;
};

static gint
injector_send(NfdInjector *injector, guint ifindex, const guint8 *frame, gsize len)
{
	NfdTestkitInjector *self = (NfdTestkitInjector *)injector;

	g_ptr_array_add(self->target, g_bytes_new(frame, len));
	injector->n_sent++;
	return 0;
}

static void
injector_free(NfdInjector *injector)
{
	g_free(injector);
}

static guint
tap_ifindex(NfdTestkit *self, const gchar *tap)
{
	guint ifindex = GPOINTER_TO_UINT(g_hash_table_lookup(self->ifindexes, tap));

	if (ifindex == 0) {
		ifindex = NFD_TESTKIT_IFINDEX_BASE + g_hash_table_size(self->ifindexes);
		g_hash_table_insert(self->ifindexes, g_strdup(tap), GUINT_TO_POINTER(ifindex));
	}
	return ifindex;
}

/* the store's link table: every named link exists and has the router MAC */
static guint
resolve_link(const gchar *name, guint8 *mac, gpointer user_data)
{
	NfdTestkit *self = user_data;

	/* NFD_TESTKIT_ROUTER_MAC */
	nfd_proto_mac_parse(NFD_TESTKIT_ROUTER_MAC, mac);
	return tap_ifindex(self, name);
}

static gboolean
load_config(NfdTestkit *self, const gchar *text, GError **error)
{
	g_autoptr(GArray) legacy = nfd_config_legacy_keys_new();
	const NfdPluginDescriptor *desc = &self->plugin->desc;
	const NfdConfigSection *general;
	g_autoptr(GPtrArray) known = g_ptr_array_new();
	guint8 mac[6];
	gboolean has_mac = FALSE;

	self->config = nfd_config_new();
	if (!nfd_config_load_data(self->config, text != NULL ? text : "", "testkit.conf", error) ||
	    !nfd_config_finish(self->config, error))
		return FALSE;
	/* as the generation does: GRNET's keys the plugin declares, then its keys checked */
	nfd_config_legacy_keys_add(legacy, desc->name, desc->legacy_keys);
	nfd_config_legacy_map_keys(self->config, legacy);
	if (!(desc->flags & NFD_PLUGIN_FLAG_NO_QUEUE))
		g_ptr_array_add(known, (gpointer) "queue");
	for (guint i = 0; desc->config_keys != NULL && desc->config_keys[i] != NULL; i++)
		g_ptr_array_add(known, (gpointer)desc->config_keys[i]);
	g_ptr_array_add(known, NULL);
	nfd_config_check_keys(self->config, desc->name, (const gchar *const *)known->pdata);
	general = nfd_config_get_section(self->config, "general");
	if (!nfd_config_section_get_mac(general, "router-mac", mac, &has_mac, error))
		return FALSE;
	nfd_binding_store_set_router_mac(self->store, has_mac ? mac : NULL);
	return TRUE;
}

NfdTestkit *
nfd_testkit_new(const NfdPluginDescriptor *descriptor, const gchar *config, GError **error)
{
	g_autoptr(NfdTestkit) self = g_new0(NfdTestkit, 1);

	if (!nfd_module_check_header((const NfdModuleHeader *)descriptor, NULL, "testkit", error))
		return NULL;
	self->ifindexes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	self->replies = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	self->unsolicited = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	self->injector = g_new0(NfdTestkitInjector, 1);
	self->injector->parent.send = injector_send;
	self->injector->parent.free = injector_free;
	self->injector->target = self->unsolicited;
	self->store = nfd_binding_store_new();
	nfd_binding_store_set_link_resolver(self->store, resolve_link, self);
	self->scratch = g_new0(NfdReply, 1);
	self->ctx.store = self->store;
	self->ctx.injector = &self->injector->parent;
	self->ctx.scratch = self->scratch;
	self->plugin = nfd_plugin_new(descriptor, "testkit", FALSE);
	nfd_plugin_set_context(self->plugin, &self->ctx);
	self->dispatch = nfd_dispatch_new(self->store, &self->injector->parent);
	if (!load_config(self, config, error))
		return NULL;
	if (!nfd_plugin_init(self->plugin,
			     nfd_config_get_section(self->config, descriptor->name),
			     error) ||
	    !nfd_dispatch_add_plugin(self->dispatch, self->plugin, error))
		return NULL;
	return g_steal_pointer(&self);
}

NfdTestkit *
nfd_testkit_new_for_module(const gchar *path, const gchar *config, GError **error)
{
	NfdModule *module = nfd_module_open(NFD_MODULE_KIND_PLUGIN, path, NULL, error);

	if (module == NULL)
		return NULL;
	/* the module stays resident (nfd_module_free() makes it so): the plugin's code and
	 * strings must outlive the kit's objects */
	{
		const NfdPluginDescriptor *desc = (const NfdPluginDescriptor *)module->header;
		nfd_module_free(module);
		return nfd_testkit_new(desc, config, error);
	}
}

static void
remove_tree(const gchar *path)
{
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	const gchar *name;

	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *fn = g_build_filename(path, name, NULL);
		if (g_file_test(fn, G_FILE_TEST_IS_DIR) && !g_file_test(fn, G_FILE_TEST_IS_SYMLINK))
			remove_tree(fn);
		else
			g_unlink(fn);
	}
	g_rmdir(path);
}

void
nfd_testkit_free(NfdTestkit *self)
{
	if (self == NULL)
		return;
	/* the plugin stops and finalizes while the store and the injector still exist */
	if (self->injector != NULL)
		self->injector->target = self->unsolicited;
	nfd_plugin_free(self->plugin);
	nfd_dispatch_free(self->dispatch);
	nfd_binding_store_free(self->store);
	nfd_config_free(self->config);
	if (self->injector != NULL)
		injector_free(&self->injector->parent);
	g_free(self->scratch);
	g_free(self->ctx.state_dir);
	if (self->tmp_state_dir != NULL) {
		remove_tree(self->tmp_state_dir);
		g_free(self->tmp_state_dir);
	}
	if (self->ifindexes != NULL)
		g_hash_table_unref(self->ifindexes);
	if (self->replies != NULL)
		g_ptr_array_unref(self->replies);
	if (self->unsolicited != NULL)
		g_ptr_array_unref(self->unsolicited);
	g_free(self);
}

void
nfd_testkit_set_state_dir(NfdTestkit *self, const gchar *dir)
{
	g_free(self->ctx.state_dir);
	self->ctx.state_dir = g_strdup(dir);
	self->state_dir_set = TRUE;
}

gboolean
nfd_testkit_start(NfdTestkit *self, GError **error)
{
	if (!self->state_dir_set) {
		self->tmp_state_dir = g_dir_make_tmp("nfd-testkit-XXXXXX", error);
		if (self->tmp_state_dir == NULL)
			return FALSE;
		nfd_testkit_set_state_dir(self, self->tmp_state_dir);
	}
	return nfd_plugin_start(self->plugin, error);
}

void
nfd_testkit_stop(NfdTestkit *self, NfdStopReason reason)
{
	nfd_plugin_stop(self->plugin, reason);
}

NfdPlugin *
nfd_testkit_get_plugin(NfdTestkit *self)
{
	return self->plugin;
}

guint16
nfd_testkit_get_queue(NfdTestkit *self)
{
	return nfd_plugin_get_queue(self->plugin);
}

GPtrArray *
nfd_testkit_get_warnings(NfdTestkit *self)
{
	return nfd_config_get_warnings(self->config);
}

gboolean
nfd_testkit_add_binding(NfdTestkit *self, const gchar *tap, const gchar *const *kv, GError **error)
{
	g_autoptr(NfdBinding) binding = nfd_binding_new(tap);

	for (guint i = 0; kv != NULL && kv[i] != NULL && kv[i + 1] != NULL; i += 2) {
		if (!nfd_binding_set_value(binding, kv[i], kv[i + 1], error))
			return FALSE;
	}
	if (!nfd_binding_validate(binding, error))
		return FALSE;
	nfd_binding_sink_upsert(nfd_binding_store_get_sink(self->store), binding);
	return TRUE;
}

gboolean
nfd_testkit_add_binding_text(NfdTestkit *self, const gchar *tap, const gchar *text, GError **error)
{
	return nfd_binding_sink_upsert_text(nfd_binding_store_get_sink(self->store),
					    tap,
					    text,
					    strlen(text),
					    NULL,
					    error);
}

void
nfd_testkit_remove_binding(NfdTestkit *self, const gchar *tap)
{
	nfd_binding_sink_remove(nfd_binding_store_get_sink(self->store), tap);
}

NfdVerdict
nfd_testkit_handle(NfdTestkit *self,
		   const gchar *tap,
		   const guint8 *src_mac,
		   GBytes *packet,
		   GBytes **reply)
{
	NfdPacket pkt;
	NfdPacketParseResult parsed;
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(packet, &len);
	guint32 verdict;

	if (reply != NULL)
		*reply = NULL;
	nfd_packet_init(&pkt);
	pkt.queue = nfd_plugin_get_queue(self->plugin);
	pkt.indev = tap_ifindex(self, tap);
	pkt.hw_protocol = (len > 0 && data[0] >> 4 == 6) ? 0x86dd : 0x0800;
	if (src_mac != NULL) {
		memcpy(pkt.src_mac, src_mac, 6);
		pkt.has_src_mac = TRUE;
	}
	parsed = nfd_packet_parse_l3(&pkt, data, len);
	/* what the handler notes is this packet's only (nfd_testkit_get_outcome()) */
	memset(&self->ctx.current.note, 0, sizeof(self->ctx.current.note));
	g_ptr_array_set_size(self->replies, 0);
	self->injector->target = self->replies;
	verdict = nfd_dispatch_packet(self->dispatch, &pkt, parsed);
	nfd_dispatch_flush(self->dispatch);
	self->injector->target = self->unsolicited;
	if (self->replies->len > 0) {
		if (reply != NULL)
			*reply = g_bytes_ref(g_ptr_array_index(self->replies, 0));
		return NFD_VERDICT_REPLY;
	}
	return verdict == NFD_NF_ACCEPT ? NFD_VERDICT_ACCEPT : NFD_VERDICT_DROP;
}

GPtrArray *
nfd_testkit_take_unsolicited(NfdTestkit *self)
{
	GPtrArray *out = g_steal_pointer(&self->unsolicited);

	self->unsolicited = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	self->injector->target = self->unsolicited;
	return out;
}

guint64
nfd_testkit_get_counter(NfdTestkit *self, const gchar *name)
{
	const gchar *const *names = self->plugin->desc.counters;

	for (guint i = 0; names != NULL && names[i] != NULL; i++) {
		if (g_strcmp0(names[i], name) == 0)
			return nfd_plugin_get_counter(self->plugin, i);
	}
	return 0;
}

gchar *
nfd_testkit_dump(NfdTestkit *self)
{
	GString *out = g_string_new(NULL);

	nfd_plugin_dump(self->plugin, out);
	return g_string_free(out, FALSE);
}

gboolean
nfd_testkit_get_outcome(NfdTestkit *self,
			const gchar **message_type,
			const gchar **reply_type,
			const gchar **reason)
{
	const NfdTapNote *note = &self->ctx.current.note;

	if (message_type != NULL)
		*message_type = nfd_plugin_get_message_type_name(self->plugin, note->type);
	if (reply_type != NULL)
		*reply_type = nfd_plugin_get_message_type_name(self->plugin, note->reply);
	if (reason != NULL)
		*reason = nfd_plugin_get_reason_name(self->plugin, note->reason);
	return note->type != 0 || note->reason != 0;
}

/* an Ethernet frame as the packet the dispatcher gets */
static gboolean
frame_packet(const guint8 *frame, gsize len, guint ifindex, NfdPacket *pkt)
{
	nfd_packet_init(pkt);
	if (len < 14)
		return FALSE;
	pkt->indev = ifindex;
	memcpy(pkt->src_mac, frame + 6, 6);
	pkt->has_src_mac = TRUE;
	pkt->hw_protocol = (guint16)(frame[12] << 8 | frame[13]);
	return nfd_packet_parse_l3(pkt, frame + 14, len - 14) == NFD_PACKET_PARSE_OK;
}

gint
nfd_testkit_explain(NfdTestkit *self,
		    const gchar *tap,
		    const guint8 *mac,
		    GBytes **request,
		    GBytes **reply,
		    GError **error)
{
	static const guint8 broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	const NfdBinding *b = nfd_binding_store_lookup_tap(self->store, tap);
	g_autofree NfdReply *frame = g_new0(NfdReply, 1);
	NfdDispatchExplain run = {0};
	const guint8 *data = NULL;
	const gchar *why = NULL;
	gsize len = 0;
	NfdPacket pkt;

	if (request != NULL)
		*request = NULL;
	if (reply != NULL)
		*reply = NULL;
	if (b == NULL || self->plugin->desc.explain_request == NULL) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_NOT_SUPPORTED,
			    b == NULL ? "%s has no binding" : "the plugin has no explain_request()",
			    tap);
		return -1;
	}
	if (mac == NULL)
		mac = nfd_binding_get_mac(b);
	nfd_reply_reset(frame, nfd_binding_get_ifindex(b), broadcast, mac);
	if (!self->plugin->desc.explain_request(self->plugin, b, mac, NULL, 0, frame, error))
		return -1;
	if (!nfd_reply_finish(frame, &data, &len, &why) ||
	    !frame_packet(data, len, nfd_binding_get_ifindex(b), &pkt)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "the plugin built an unusable request (%s)",
			    why != NULL ? why : "it does not parse");
		return -1;
	}
	if (request != NULL)
		*request = g_bytes_new(data, len);
	pkt.queue = nfd_plugin_get_queue(self->plugin);
	run.frame = g_byte_array_new();
	nfd_dispatch_explain(self->dispatch, &pkt, b, &run);
	if (reply != NULL && run.frame->len > 0)
		*reply = g_bytes_new(run.frame->data, run.frame->len);
	g_byte_array_unref(run.frame);
	return run.verdict;
}
