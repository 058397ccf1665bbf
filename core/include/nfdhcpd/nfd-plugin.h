/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The responder plugin ABI.
 *
 * A plugin is a shared module (libnfd-plugin-<name>.so) that exports exactly one symbol,
 * nfd_plugin_descriptor(), returning a constant NfdPluginDescriptor.  NFD_PLUGIN_DEFINE()
 * writes it, pins the API version and struct size the plugin was compiled against, and in a
 * builtin build (-DNFD_PLUGIN_BUILTIN) emits a per-name getter instead, so the same sources link
 * statically into the daemon.
 *
 * Life cycle: init() (read config, register queue claims; no I/O, no timers, runs before the
 * daemon drops privileges) -> start() (after the first binding load; timers may start here) ->
 * binding_changed() as bindings come and go -> stop() (farewell messages, remove sources) ->
 * finalize() (free private data; must cope with a half-initialised plugin).  Every function
 * may be NULL; a plugin whose private data goes with nfd_plugin_set_data()'s destroy notify
 * needs no finalize().  On SIGHUP a new instance is initialised and started while the running
 * one still serves (so start() must not take anything the running instance holds), and the
 * running one is stopped only once nothing of the new configuration can fail any more.
 *
 * Evolution rules: append only.  Never reorder or resize a field.  A new field or function
 * gets a "Since: 1.N" tag and goes into a new version node of core/nfdhcpd.ver, and bumps
 * NFD_PLUGIN_API_MINOR.  The core reads only the part of a descriptor that fits its
 * struct_size, so a plugin built against an older minor keeps loading.  A removal or a changed
 * signature bumps the major (and the install directory plugins-<major>).
 */
#pragma once

#include "nfd-binding.h"
#include "nfd-common.h"
#include "nfd-config.h"
#include "nfd-packet.h"
#include "nfd-reply.h"
#include "nfd-version.h"

G_BEGIN_DECLS

/**
 * NfdPluginFlags:
 * @NFD_PLUGIN_FLAG_NEEDS_BINDING: never call the handler for a tap without a binding; such
 *   packets are accepted by the core (a tap without a binding is not ours)
 *
 * Since: 1.0
 */
typedef enum {
	NFD_PLUGIN_FLAG_NONE = 0,
	NFD_PLUGIN_FLAG_NEEDS_BINDING = 1 << 0,
} NfdPluginFlags;

/**
 * NfdClassifyFunc:
 *
 * Optional refinement after the declarative match of a claim; must be pure and cheap.
 *
 * Since: 1.0
 */
typedef gboolean (*NfdClassifyFunc)(const NfdPacket *packet, gpointer user_data);

/**
 * NfdHandleFunc:
 *
 * Handles one packet.  @binding is NULL only for plugins without NFD_PLUGIN_FLAG_NEEDS_BINDING
 * when the tap has no binding.  To reply, fill @reply and return NFD_VERDICT_REPLY.
 *
 * Since: 1.0
 */
typedef NfdVerdict (*NfdHandleFunc)(NfdPlugin *plugin,
				    const NfdPacket *packet,
				    const NfdBinding *binding,
				    NfdReply *reply,
				    gpointer user_data);

/**
 * NfdQueueClaim:
 * @queue_num: NFQUEUE number, normally read from the plugin's config
 * @family: AF_INET or AF_INET6
 * @l4_proto: IPPROTO_UDP, IPPROTO_ICMPV6, or 0 for any
 * @dst_port: UDP destination port, or 0 for any
 * @icmp6_type: ICMPv6 type, or 0 for any
 * @priority: claims sharing a queue are tried in descending priority
 * @classify: optional refinement
 * @handle: the handler
 * @user_data: passed to @classify and @handle
 *
 * A declarative claim on part of a queue's traffic.  Two claims on the same queue that match
 * the same family, protocol, port and type are a configuration error.
 *
 * Since: 1.0
 */
typedef struct {
	guint16 queue_num;
	guint8 family;
	guint8 l4_proto;
	guint16 dst_port;
	guint8 icmp6_type;
	guint8 _pad;
	gint priority;
	NfdClassifyFunc classify;
	NfdHandleFunc handle;
	gpointer user_data;
	gpointer reserved[4];
} NfdQueueClaim;

/**
 * NfdPluginDescriptor:
 *
 * What a plugin exports.  Fill it with NFD_PLUGIN_DEFINE().
 *
 * Since: 1.0
 */
typedef struct {
	guint16 api_major;
	guint16 api_minor;
	guint32 struct_size;
	const gchar *name;
	const gchar *description;
	const gchar *version;
	const gchar *origin;
	guint32 flags;
	const gchar *const *config_keys;
	gboolean (*init)(NfdPlugin *plugin, const NfdConfigSection *config, GError **error);
	gboolean (*start)(NfdPlugin *plugin, GError **error);
	void (*binding_changed)(NfdPlugin *plugin,
				const NfdBinding *binding,
				NfdBindingEvent event);
	void (*stop)(NfdPlugin *plugin);
	void (*finalize)(NfdPlugin *plugin);
	void (*dump)(NfdPlugin *plugin, GString *out);
	gpointer reserved[8];
} NfdPluginDescriptor;

#ifdef NFD_PLUGIN_BUILTIN
#define NFD_PLUGIN_SHARED_ENTRY(token)
#else
#define NFD_PLUGIN_SHARED_ENTRY(token)                                                           \
	__attribute__((visibility("default"))) const NfdPluginDescriptor *nfd_plugin_descriptor( \
	    void);                                                                               \
	const NfdPluginDescriptor *nfd_plugin_descriptor(void)                                   \
	{                                                                                        \
		return &nfd_plugin_desc_##token;                                                 \
	}
#endif

/**
 * NFD_PLUGIN_DEFINE:
 * @token: the plugin name as a C identifier ([a-z0-9_]); it is also the config group
 * @...: the remaining descriptor fields as designated initialisers
 *
 * Since: 1.0
 */
#define NFD_PLUGIN_DEFINE(token, ...)                                \
	static const NfdPluginDescriptor nfd_plugin_desc_##token = { \
	    .api_major = NFD_PLUGIN_API_MAJOR,                       \
	    .api_minor = NFD_PLUGIN_API_MINOR,                       \
	    .struct_size = sizeof(NfdPluginDescriptor),              \
	    .name = #token,                                          \
	    __VA_ARGS__};                                            \
	const NfdPluginDescriptor *nfdbuiltin_plugin_##token(void);  \
	const NfdPluginDescriptor *nfdbuiltin_plugin_##token(void)   \
	{                                                            \
		return &nfd_plugin_desc_##token;                     \
	}                                                            \
	NFD_PLUGIN_SHARED_ENTRY(token)

/**
 * NfdStopReason:
 * @NFD_STOP_REASON_SHUTDOWN: the daemon is exiting (or the plugin was removed from the
 *   configuration): the plugin stops serving, e.g. the RA farewell of RFC 4861 §6.2.5
 * @NFD_STOP_REASON_RELOAD: SIGHUP: another instance of the same plugin keeps serving (the
 *   new one; or, when the reload is refused after this new instance started, the running
 *   one), so no farewell is due
 *
 * Since: 1.0
 */
typedef enum {
	NFD_STOP_REASON_SHUTDOWN,
	NFD_STOP_REASON_RELOAD,
} NfdStopReason;

gboolean
nfd_plugin_register_queue(NfdPlugin *self, const NfdQueueClaim *claim, GError **error);
NfdStopReason
nfd_plugin_get_stop_reason(NfdPlugin *self);
const gchar *
nfd_plugin_get_name(NfdPlugin *self);
void
nfd_plugin_set_data(NfdPlugin *self, gpointer data, GDestroyNotify destroy);
gpointer
nfd_plugin_get_data(NfdPlugin *self);
void
nfd_plugin_log(NfdPlugin *self,
	       GLogLevelFlags level,
	       const NfdBinding *binding,
	       const gchar *format,
	       ...) G_GNUC_PRINTF(4, 5);
void
nfd_plugin_warn_ratelimited(NfdPlugin *self, const NfdBinding *binding, const gchar *format, ...)
    G_GNUC_PRINTF(3, 4);

typedef void (*NfdBindingFunc)(const NfdBinding *binding, gpointer user_data);

void
nfd_plugin_foreach_binding(NfdPlugin *self, NfdBindingFunc func, gpointer user_data);
const NfdBinding *
nfd_plugin_lookup_binding(NfdPlugin *self, const gchar *tap);
NfdReply *
nfd_plugin_begin_unsolicited(NfdPlugin *self, const NfdBinding *binding);
gboolean
nfd_plugin_send_unsolicited(NfdPlugin *self, NfdReply *reply, GError **error);

G_END_DECLS
