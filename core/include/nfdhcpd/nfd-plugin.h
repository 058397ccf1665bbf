/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The responder plugin ABI.
 *
 * A plugin is a shared module, libnfd-plugin-<name>.so in the plugins directory
 * (pkg-config --variable=pluginsdir nfdhcpd-plugin), that exports exactly one symbol,
 * nfd_plugin_descriptor(), returning a constant #NfdPluginDescriptor.  NFD_PLUGIN_DEFINE()
 * writes both.  The module links against nothing but GLib: the nfd_* functions resolve
 * against the daemon, which loads the module with RTLD_NOW, so a missing symbol fails at load
 * time and not mid-packet.  The daemon loads a module only if it is a regular file owned by
 * root (or by the daemon's user), not writable by group or others, not setuid.
 *
 * Naming rules: a plugin's name is 1 to 64 characters of [a-z0-9_].  It is the token given to
 * NFD_PLUGIN_DEFINE(), the <name> in libnfd-plugin-<name>.so (the loader refuses a module
 * whose descriptor says otherwise), the configuration group [<name>], the word in
 * [general] plugins = ..., and the log domain nfd-<name>.  A name found twice (two
 * directories, or a module and a builtin) is an error, never a silent choice.
 *
 * Life cycle of one plugin instance (every vfunc may be NULL):
 *  1. init(): read the configuration group, nfd_plugin_set_data(), nfd_plugin_register_queue()
 *     on nfd_plugin_get_queue().  No I/O (no files, sockets or timers): it runs for
 *     --check-config too, and a failed reload must leave nothing behind.  The first time it
 *     runs as root before the daemon drops privileges, on SIGHUP as the unprivileged user.
 *  2. start(): after the queues are open, the first bindings are loaded and privileges are
 *     dropped (the daemon's user, CAP_NET_ADMIN and CAP_NET_RAW only).  Files (in
 *     nfd_plugin_get_state_dir()), timers and main-loop sources start here.  Handlers are
 *     called only between start() and stop().
 *  3. binding_changed(): right after start() returns, one ADDED for every binding that exists
 *     (so a plugin needs no loop of its own), then ADDED, CHANGED, REMOVED as bindings come
 *     and go, only while started.
 *  4. stop(): remove timers and sources; send farewells (e.g. RFC 4861 §6.2.5's final RA)
 *     when nfd_plugin_get_stop_reason() says %NFD_STOP_REASON_SHUTDOWN.
 *  5. finalize(): free what nfd_plugin_set_data()'s destroy notify does not.  It also runs for
 *     an instance whose init() failed half-way, or that was never started.
 *
 * Across SIGHUP, all or nothing: the daemon builds a whole new configuration generation first:
 * a new instance of every configured plugin, whose init() runs while the old instances keep
 * serving.  If any init() (or anything else in the new configuration) fails, the new instances
 * are finalized without being started and the old ones keep running unchanged.  Otherwise the
 * new instances are started next to the running ones (each gets its ADDED events), so start()
 * must not take anything the running instance holds; then the bindings are rescanned (events
 * go to the new instances).  If a start() or the rescan fails, the new instances are stopped
 * (told RELOAD) and finalized, and the old ones keep serving.  Otherwise each old instance is
 * stopped (told RELOAD when the plugin is in the new configuration too, SHUTDOWN when it was
 * removed) and finalized.  Nothing is carried from one instance to the next; state that must
 * survive belongs in the binding or in a file.
 *
 * Evolution rules: append only.  Never reorder or resize a field; new fields take the place
 * of reserved[] entries, so the struct size stays.  A new field or function gets a
 * "Since: 1.N" tag, goes into a new version node NFD_1.N of core/nfdhcpd.ver, and bumps
 * NFD_PLUGIN_API_MINOR.  The core reads only the part of a descriptor that fits its
 * struct_size, so a plugin built against an older minor keeps loading; it refuses a plugin
 * built for a newer minor or another major.  A removal or a changed signature bumps the major
 * (and the install directory plugins-<major>).
 */
#pragma once

#include "nfd-binding.h"
#include "nfd-common.h"
#include "nfd-config.h"
#include "nfd-fields.h"
#include "nfd-packet.h"
#include "nfd-reply.h"
#include "nfd-version.h"

G_BEGIN_DECLS

/**
 * NfdPluginFlags:
 * @NFD_PLUGIN_FLAG_NONE: no flag
 * @NFD_PLUGIN_FLAG_NEEDS_BINDING: never call the handler for a packet from a tap without a
 *   binding; the core ACCEPTs such packets itself (a tap without a binding is not ours).  Every
 *   in-tree plugin sets it; without it a handler gets @binding NULL for unbound taps.
 * @NFD_PLUGIN_FLAG_NO_QUEUE: the plugin claims no queue of its own (it only sends, say): the
 *   core then reads no `queue` key for it and nfd_plugin_get_queue() is meaningless
 *
 * The descriptor's @flags.
 *
 * Since: 1.0
 */
typedef enum {
	NFD_PLUGIN_FLAG_NONE = 0,
	NFD_PLUGIN_FLAG_NEEDS_BINDING = 1 << 0,
	NFD_PLUGIN_FLAG_NO_QUEUE = 1 << 1,
} NfdPluginFlags;

/**
 * NfdClassifyFunc:
 * @packet: a packet that matched the claim's family, protocol, port and ICMPv6 type
 * @user_data: the claim's @user_data
 *
 * An optional refinement after the declarative match of a claim, e.g. one DHCP message type.
 * It must be pure and cheap: it runs before the binding lookup, for every matching packet.
 * Two claims that overlap declaratively may share a queue only when both have one.
 *
 * Returns: TRUE to take the packet, FALSE to let the next claim of the queue try
 *
 * Since: 1.0
 */
typedef gboolean (*NfdClassifyFunc)(const NfdPacket *packet, gpointer user_data);

/**
 * NfdHandleFunc:
 * @plugin: the plugin instance
 * @packet: the packet (valid during this call only)
 * @binding: (nullable): the binding of the tap the packet came from, looked up by
 *   nfd_packet_get_ifindex(); NULL only for a plugin without %NFD_PLUGIN_FLAG_NEEDS_BINDING
 *   when the tap has none
 * @reply: the reply to fill, preset as nfd-reply.h says (valid during this call only)
 * @user_data: the claim's @user_data
 *
 * Handles one packet.  To answer, fill @reply and return %NFD_VERDICT_REPLY.  Called from the
 * main loop, once per packet, only while the plugin is started; it must not block and should
 * not allocate (the daemon's per-packet path allocates nothing; debug logging through
 * nfd_plugin_log() costs nothing while debug is off).
 *
 * Returns: the verdict (see #NfdVerdict)
 *
 * Since: 1.0
 */
typedef NfdVerdict (*NfdHandleFunc)(NfdPlugin *plugin,
				    const NfdPacket *packet,
				    const NfdBinding *binding,
				    NfdReply *reply,
				    gpointer user_data);

/**
 * NfdExplainRequestFunc:
 * @plugin: the plugin instance
 * @binding: the binding of the tap whose guest is to be imitated
 * @mac: (array fixed-size=6): the guest's MAC to use: the binding's, or the one the operator
 *   gave (`nfdhcpctl explain --mac`)
 * @request_list: (nullable) (array length=request_list_len): the option codes the guest asks
 *   for: the operator's `--request-list`, else the list the guest itself last sent (as the
 *   plugin noted it with nfd_plugin_note_client()), else NULL for the plugin's own default
 * @request_list_len: the length of @request_list
 * @request: the frame to build the request in, with the #NfdReply calls a handler uses for
 *   its replies; preset with the tap's interface, Ethernet source @mac, Ethernet destination
 *   ff:ff:ff:ff:ff:ff and TTL 64
 * @error: return location for an error
 *
 * Builds the request the tap's guest would send (`nfdhcpctl explain TAP PROTO`): the core then
 * runs it through the plugin's own handler, exactly as a queued packet, but marked synthetic
 * (nfd_packet_is_synthetic()): nothing is sent, no verdict goes to the kernel and no counter
 * or event changes; then shows the reply decoded by #NfdExplainDecodeFunc.  Cold path.
 *
 * Returns: TRUE, or FALSE with @error (%NFD_ERROR_NOT_SUPPORTED) when no such request makes
 *   sense for this binding (e.g. no IPv6 in it)
 *
 * Since: 1.1
 */
typedef gboolean (*NfdExplainRequestFunc)(NfdPlugin *plugin,
					  const NfdBinding *binding,
					  const guint8 *mac,
					  const guint8 *request_list,
					  gsize request_list_len,
					  NfdReply *request,
					  GError **error);

/**
 * NfdExplainDecodeFunc:
 * @plugin: the plugin instance
 * @packet: a message of the plugin's protocol: the synthetic request, or the reply its
 *   handler built (its L3/L4 accessors work as for a queued packet)
 * @out: where the fields go
 *
 * Decodes one message for the operator, field by field and option by option, into @out
 * (nfd_fields_add()).  The core adds the Ethernet and IP addressing itself.  The bytes are the
 * plugin's own reply or request, but the decoder must still check every length.  Cold path.
 *
 * Since: 1.1
 */
typedef void (*NfdExplainDecodeFunc)(NfdPlugin *plugin, const NfdPacket *packet, NfdFields *out);

/**
 * NfdQueueClaim:
 * @queue_num: the NFQUEUE number, 0 to 65535 (the iptables rule's --queue-num)
 * @family: AF_INET or AF_INET6
 * @l4_proto: IPPROTO_UDP, IPPROTO_ICMPV6, or 0 for any
 * @dst_port: UDP destination port (host byte order), or 0 for any
 * @icmp6_type: ICMPv6 type, or 0 for any (needs @l4_proto IPPROTO_ICMPV6)
 * @_pad: zero
 * @priority: claims sharing a queue are tried in descending priority
 * @classify: (nullable): optional refinement
 * @handle: the handler
 * @user_data: passed to @classify and @handle
 * @reserved: zero
 *
 * A declarative claim on part of a queue's traffic, registered in init() with
 * nfd_plugin_register_queue().  Several plugins may share a queue.  Two claims on the same
 * queue that match the same family, protocol, port and type are a configuration error
 * naming both plugins, unless both have a @classify.  Packets of a queue that no claim takes
 * are ACCEPTed.
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
 * @api_major: the SDK major the plugin was built against (set by NFD_PLUGIN_DEFINE())
 * @api_minor: the SDK minor the plugin was built against (set by NFD_PLUGIN_DEFINE())
 * @struct_size: sizeof the descriptor the plugin was built with (set by NFD_PLUGIN_DEFINE())
 * @name: the plugin name (set by NFD_PLUGIN_DEFINE(), see the naming rules)
 * @description: required: one line for --list-plugins
 * @version: required: the plugin's own version (in-tree plugins use %NFD_PACKAGE_VERSION)
 * @origin: (nullable): who ships the plugin ("nfdhcpd" for the in-tree ones, a vendor or URL
 *   for third parties); logged when the plugin is loaded
 * @flags: #NfdPluginFlags
 * @config_keys: (nullable) (array zero-terminated=1): every key the plugin reads from its
 *   group besides `queue`; the core warns about any other key, with file and line (and
 *   --check-config lists it)
 * @legacy_keys: (nullable) (array zero-terminated=1): the GRNET keys that map onto the
 *   plugin's own (see #NfdConfigAlias), ended by an entry whose @group is NULL
 * @default_queue: the NFQUEUE number, 0 to 65535, when the group sets no `queue`.  The core
 *   owns the `queue` key: it reads and validates it before init() (a bad value fails the
 *   configuration with file and line) and nfd_plugin_get_queue() returns it.  Ignored with
 *   %NFD_PLUGIN_FLAG_NO_QUEUE.
 * @counters: (nullable) (array zero-terminated=1): names of the plugin's counters, each of
 *   [a-z0-9_] and at most 64 long; nfd_plugin_count() bumps them by index, the core keeps
 *   and prints them (SIGUSR1) and will serve them to metrics
 * @init: (nullable): see the life cycle at the top of this header; returns FALSE with an
 *   error (%NFD_ERROR_CONFIG from the config getters) to refuse the configuration
 * @start: (nullable): see the life cycle; returns FALSE with an error to stop the daemon (or
 *   fail the reload)
 * @binding_changed: (nullable): a binding was added, changed or removed
 * @stop: (nullable): see the life cycle
 * @finalize: (nullable): see the life cycle
 * @dump: (nullable): SIGUSR1: append human-readable lines about the plugin's state to @out
 *   (the core already prints the packets handled, the replies sent and the @counters)
 * @message_types: (nullable) (array zero-terminated=1): the names of the message types the
 *   plugin handles and sends ("DISCOVER", "OFFER", ...), 1 to 32 of [A-Za-z0-9_.-] each, at
 *   most 254; code N (nfd_plugin_note_message()) is entry N - 1, code 0 is "unknown".  The core
 *   counts what arrives and what is answered per tap and type (`nfdhcpctl stats`, metrics).
 *   Since: 1.1
 * @reasons: (nullable) (array zero-terminated=1): the names of the plugin's outcomes
 *   ("reply", "spoofed", "no_ip", ...), 1 to 32 of [a-z0-9_] each (they are metric labels),
 *   at most 254; code N is entry N - 1.  Since: 1.1
 * @explain_request: (nullable): builds the request a tap's guest would send, for
 *   `nfdhcpctl explain` (#NfdExplainRequestFunc).  Since: 1.1
 * @explain_decode: (nullable): decodes a message of the plugin's protocol for the operator
 *   (#NfdExplainDecodeFunc).  Since: 1.1
 * @reserved: zero; room for fields added in later minors
 *
 * What a plugin exports.  Write it with NFD_PLUGIN_DEFINE(), which fills the first four
 * fields; the layout is fixed for API 1 (static assertions below guard it).
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
	const NfdConfigAlias *legacy_keys;
	guint32 default_queue;
	const gchar *const *counters;
	gboolean (*init)(NfdPlugin *plugin, const NfdConfigSection *config, GError **error);
	gboolean (*start)(NfdPlugin *plugin, GError **error);
	void (*binding_changed)(NfdPlugin *plugin,
				const NfdBinding *binding,
				NfdBindingEvent event);
	void (*stop)(NfdPlugin *plugin);
	void (*finalize)(NfdPlugin *plugin);
	void (*dump)(NfdPlugin *plugin, GString *out);
	const gchar *const *message_types;
	const gchar *const *reasons;
	NfdExplainRequestFunc explain_request;
	NfdExplainDecodeFunc explain_decode;
	gpointer reserved[4];
} NfdPluginDescriptor;

/* the descriptor and claim layouts are ABI: these fail the build of anything that changes
 * them (LP64 and ILP32 offsets) */
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdPluginDescriptor, name) == 8);
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdPluginDescriptor, flags) == NFD_ABI_LAYOUT_(40, 24));
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdPluginDescriptor, config_keys) == NFD_ABI_LAYOUT_(48, 28));
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdPluginDescriptor, legacy_keys) == NFD_ABI_LAYOUT_(56, 32));
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdPluginDescriptor, default_queue) == NFD_ABI_LAYOUT_(64, 36));
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdPluginDescriptor, counters) == NFD_ABI_LAYOUT_(72, 40));
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdPluginDescriptor, init) == NFD_ABI_LAYOUT_(80, 44));
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdPluginDescriptor, dump) == NFD_ABI_LAYOUT_(120, 64));
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdPluginDescriptor, message_types) == NFD_ABI_LAYOUT_(128, 68));
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdPluginDescriptor, explain_decode) == NFD_ABI_LAYOUT_(152, 80));
G_STATIC_ASSERT(sizeof(NfdPluginDescriptor) == NFD_ABI_LAYOUT_(192, 100));
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdQueueClaim, priority) == 8);
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdQueueClaim, classify) == NFD_ABI_LAYOUT_(16, 12));
G_STATIC_ASSERT(sizeof(NfdQueueClaim) == NFD_ABI_LAYOUT_(72, 40));

#ifdef NFD_PLUGIN_BUILTIN
/* a builtin build (-Dbuiltin_plugins=true): a per-name getter the daemon's table calls */
#define NFD_PLUGIN_ENTRY_(token)                                    \
	const NfdPluginDescriptor *nfdbuiltin_plugin_##token(void); \
	const NfdPluginDescriptor *nfdbuiltin_plugin_##token(void)  \
	{                                                           \
		return &nfd_plugin_desc_##token;                    \
	}
#else
/* a module: the one exported symbol, visible even without -fvisibility=hidden */
#define NFD_PLUGIN_ENTRY_(token)                                                                 \
	__attribute__((visibility("default"))) const NfdPluginDescriptor *nfd_plugin_descriptor( \
	    void);                                                                               \
	const NfdPluginDescriptor *nfd_plugin_descriptor(void)                                   \
	{                                                                                        \
		return &nfd_plugin_desc_##token;                                                 \
	}
#endif

/**
 * NFD_PLUGIN_DEFINE:
 * @token: the plugin name as a bare word (see the naming rules: [a-z0-9_], at most 64)
 * @...: the other descriptor fields as designated initialisers (.description = ...)
 *
 * Defines the plugin's descriptor (a static constant) and its entry point, and pins the API
 * version and descriptor size the plugin is compiled against.  It behaves as a declaration:
 * end it with a semicolon.  In a module it defines nfd_plugin_descriptor(), the only symbol
 * the module needs to export (it is marked visible, the descriptor itself is static, so even a
 * build without -fvisibility=hidden exports nothing else from the macro).  Compiled with
 * -DNFD_PLUGIN_BUILTIN, it defines nfdbuiltin_plugin_<token>() instead, so the same source can
 * be linked into the daemon.
 *
 * |[<!-- language="C" -->
 * NFD_PLUGIN_DEFINE(hello,
 *                   .description = "says hello",
 *                   .version = "1.0",
 *                   .flags = NFD_PLUGIN_FLAG_NEEDS_BINDING,
 *                   .init = hello_init);
 * ]|
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
	NFD_PLUGIN_ENTRY_(token)                                     \
	G_STATIC_ASSERT(sizeof(#token) > 1 && sizeof(#token) <= 64 + 1)

/**
 * NfdStopReason:
 * @NFD_STOP_REASON_SHUTDOWN: the daemon is exiting, or the plugin was removed from the
 *   configuration: the plugin stops serving, e.g. the RA farewell of RFC 4861 §6.2.5
 * @NFD_STOP_REASON_RELOAD: SIGHUP: another instance of the same plugin keeps serving (the new
 *   one; or, when the reload is refused after this new instance started, the running one), so
 *   no farewell is due
 *
 * Why stop() is called; see nfd_plugin_get_stop_reason().
 *
 * Since: 1.0
 */
typedef enum {
	NFD_STOP_REASON_SHUTDOWN,
	NFD_STOP_REASON_RELOAD,
} NfdStopReason;

/**
 * nfd_plugin_get_queue:
 * @self: the plugin instance
 *
 * The plugin's NFQUEUE number: [<name>] queue, or the descriptor's @default_queue, read and
 * validated by the core before init().  What a plugin puts in its claims' @queue_num.
 *
 * Returns: the queue number
 *
 * Since: 1.0
 */
guint16
nfd_plugin_get_queue(NfdPlugin *self);

/**
 * nfd_plugin_count:
 * @self: the plugin instance
 * @counter: the index of a name in the descriptor's @counters
 *
 * Adds one to a counter of this plugin.  O(1) and allocation-free, so a handler calls it per
 * packet.  The core owns the counters: it prints them on SIGUSR1 ("<plugin>: <name>: N") and
 * will serve them to metrics.  They start at 0 with each plugin instance (SIGHUP makes a new
 * one).  An index outside the table is ignored.
 *
 * Since: 1.0
 */
void
nfd_plugin_count(NfdPlugin *self, guint counter);

/**
 * nfd_plugin_get_state_dir:
 * @self: the plugin instance
 *
 * The daemon's state directory ([general] state-dir, default
 * /var/lib/nfdhcpd/state), for what a plugin must keep across restarts and upgrades (the
 * dhcp6 plugin's server DUID).  The core creates it at start-up, mode 0750, owned by the
 * daemon's user, who may create files there from start() on.  It is shared: a plugin names
 * its files after itself ("dhcp6-duid"), writes them atomically (g_file_set_contents()) and
 * copes with one that is missing or unreadable.
 *
 * Returns: (transfer none) (nullable): the directory, valid as long as the plugin instance; or
 *   NULL when the daemon has none (--check-config, or it could not be created: the core has
 *   warned), and the plugin then goes without (and says what that costs)
 *
 * Since: 1.0
 */
const gchar *
nfd_plugin_get_state_dir(NfdPlugin *self);

/**
 * nfd_plugin_register_queue:
 * @self: the plugin instance
 * @claim: the claim; copied, so it may live on the stack
 * @error: return location for an error
 *
 * Claims part of a queue's traffic for a handler (see #NfdQueueClaim).  Call it from init()
 * only.  Overlaps with other plugins' claims are found when the dispatch table is built,
 * right after init(), and fail the configuration.
 *
 * Returns: TRUE, or FALSE with @error (%NFD_ERROR_PLUGIN) when the claim has no handler, a
 *   family other than AF_INET or AF_INET6, or an ICMPv6 type without IPPROTO_ICMPV6
 *
 * Since: 1.0
 */
gboolean
nfd_plugin_register_queue(NfdPlugin *self, const NfdQueueClaim *claim, GError **error);

/**
 * nfd_plugin_get_stop_reason:
 * @self: the plugin instance
 *
 * Why the plugin is being stopped; meaningful in stop().
 *
 * Returns: the reason
 *
 * Since: 1.0
 */
NfdStopReason
nfd_plugin_get_stop_reason(NfdPlugin *self);

/**
 * nfd_plugin_set_data:
 * @self: the plugin instance
 * @data: (nullable) (transfer full): the plugin's private data
 * @destroy: (nullable): frees @data when the instance is finalized (after finalize()), or
 *   when other data replaces it
 *
 * Attaches the plugin's private data to this instance; usually in init().  A plugin whose
 * data goes with @destroy needs no finalize().
 *
 * Since: 1.0
 */
void
nfd_plugin_set_data(NfdPlugin *self, gpointer data, GDestroyNotify destroy);

/**
 * nfd_plugin_get_data:
 * @self: the plugin instance
 *
 * Returns: (transfer none) (nullable): the data given to nfd_plugin_set_data(), or NULL
 *
 * Since: 1.0
 */
gpointer
nfd_plugin_get_data(NfdPlugin *self);

/**
 * nfd_plugin_log:
 * @self: the plugin instance
 * @level: a #GLogLevelFlags level (G_LOG_LEVEL_DEBUG, _INFO, _MESSAGE, _WARNING)
 * @binding: (nullable): the binding the message is about, or NULL
 * @format: a printf() format
 * @...: its arguments
 *
 * Logs a structured message with the plugin's log domain (nfd-<name>) and the fields
 * NFD_PLUGIN, and with @binding NFD_TAP and NFD_MAC, to wherever the daemon logs (journal,
 * file or stderr).  A debug message costs nothing, no formatting, while debug is off
 * (-d/--debug), so it may be used per packet; anything louder caused by a packet should go
 * through nfd_plugin_warn_ratelimited().  Never use G_LOG_LEVEL_ERROR, which aborts.
 *
 * Since: 1.0
 */
void
nfd_plugin_log(NfdPlugin *self,
	       GLogLevelFlags level,
	       const NfdBinding *binding,
	       const gchar *format,
	       ...) G_GNUC_PRINTF(4, 5);

/**
 * nfd_plugin_warn_ratelimited:
 * @self: the plugin instance
 * @binding: (nullable): the binding the warning is about, or NULL
 * @format: a printf() format
 * @...: its arguments
 *
 * Logs a warning as nfd_plugin_log() does, at most 10 per 5 seconds per tap: the budget is
 * the @binding's, shared with the core's warnings about that tap, so one noisy guest cannot
 * hide the other taps' warnings; with a %NULL @binding, the plugin instance's own budget.  The
 * next one that passes says how many were suppressed.  For anything a guest's packet or a
 * binding value can cause, so a flood of bad packets cannot flood the log.
 *
 * Since: 1.0
 */
void
nfd_plugin_warn_ratelimited(NfdPlugin *self, const NfdBinding *binding, const gchar *format, ...)
    G_GNUC_PRINTF(3, 4);

/**
 * NfdBindingFunc:
 * @binding: a binding (valid during this call only)
 * @user_data: the user data given to nfd_plugin_foreach_binding()
 *
 * Called once per binding by nfd_plugin_foreach_binding().
 *
 * Since: 1.0
 */
typedef void (*NfdBindingFunc)(const NfdBinding *binding, gpointer user_data);

/**
 * nfd_plugin_foreach_binding:
 * @self: the plugin instance
 * @func: called once per binding, in order of tap name
 * @user_data: passed to @func
 *
 * Walks every binding the core has (also those whose tap does not exist yet).  @func must not
 * change the set (it cannot: bindings change only from the main loop).  Does nothing before
 * the daemon has a binding store (e.g. during --check-config).
 *
 * Since: 1.0
 */
void
nfd_plugin_foreach_binding(NfdPlugin *self, NfdBindingFunc func, gpointer user_data);

/**
 * nfd_plugin_lookup_binding:
 * @self: the plugin instance
 * @tap: a tap name
 *
 * The binding of @tap now, e.g. when a timer fires for a tap the plugin remembered by name.
 *
 * Returns: (transfer none) (nullable): the binding, valid until the plugin returns to the
 *   main loop, or NULL when @tap has none
 *
 * Since: 1.0
 */
const NfdBinding *
nfd_plugin_lookup_binding(NfdPlugin *self, const gchar *tap);

/**
 * nfd_plugin_begin_unsolicited:
 * @self: the plugin instance
 * @binding: the binding of the tap to send to
 *
 * Starts a frame the plugin sends on its own, e.g. from a timer (periodic Router
 * Advertisements).  The reply comes preset with the binding's tap, the VM's MAC as Ethernet
 * destination and the router MAC as source; fill it as in a handler and send it with
 * nfd_plugin_send_unsolicited().  Only while started.
 *
 * Returns: (transfer none): the core's one reply buffer for unsolicited frames, valid until
 *   nfd_plugin_send_unsolicited() or the return to the main loop, whichever comes first; the
 *   next call reuses it
 *
 * Since: 1.0
 */
NfdReply *
nfd_plugin_begin_unsolicited(NfdPlugin *self, const NfdBinding *binding);

/**
 * nfd_plugin_send_unsolicited:
 * @self: the plugin instance
 * @reply: the reply from nfd_plugin_begin_unsolicited()
 * @error: return location for an error
 *
 * Writes the headers and checksums of @reply and sends it now on its interface.  Counted in
 * the plugin's replies, or in its send failures.
 *
 * Returns: TRUE, or FALSE with @error: %NFD_ERROR_PLUGIN for an incomplete reply (see
 *   nfd-reply.h), %NFD_ERROR_IO when the kernel refused it (e.g. the tap went away)
 *
 * Since: 1.0
 */
gboolean
nfd_plugin_send_unsolicited(NfdPlugin *self, NfdReply *reply, GError **error);

/**
 * nfd_plugin_note_message:
 * @self: the plugin instance
 * @type: the message's type, a code of the descriptor's @message_types (N for entry N - 1; 0
 *   when unknown)
 * @reason: the outcome, a code of the descriptor's @reasons (0 when none applies)
 *
 * Tells the core what the packet being handled was and what the plugin decided about it, for
 * the tap's statistics and events (`nfdhcpctl stats`, `nfdhcpctl events`: "why did tap7 get
 * nothing?") and the metrics.  Call it from a queue handler, once per packet (a later call
 * replaces an earlier one); outside a handler it does nothing.  The verdict the handler
 * returns completes the record: REPLY counts the message as answered, DROP and ACCEPT count
 * @reason as a drop or a pass.  A plugin that never calls it is still counted, as message
 * type 0 with its verdict.  O(1), allocation-free.
 *
 * Since: 1.1
 */
void
nfd_plugin_note_message(NfdPlugin *self, guint type, guint reason);

/**
 * nfd_plugin_note_reply:
 * @self: the plugin instance
 * @type: the reply's message type, a code of the descriptor's @message_types
 *
 * Tells the core the type of the reply being built ("OFFER", "NAK"), counted per tap when the
 * handler returns %NFD_VERDICT_REPLY.  Called outside a handler, between
 * nfd_plugin_begin_unsolicited() and nfd_plugin_send_unsolicited(), it types that unsolicited
 * reply instead (a periodic Router Advertisement): once sent, it is counted on its binding's tap
 * if the tap already has statistics (a tap gets them with its first packet; an unsolicited
 * send never allocates them).  Anywhere else it does nothing.  O(1), allocation-free.
 *
 * Since: 1.1
 */
void
nfd_plugin_note_reply(NfdPlugin *self, guint type);

/**
 * nfd_plugin_note_address:
 * @self: the plugin instance
 * @family: AF_INET or AF_INET6
 * @address: a struct in_addr or struct in6_addr: the address the reply gives (the leased
 *   IPv4 address, the IA address, the advertised prefix, the NA's target)
 *
 * Adds the address the decision is about to the tap's event.  From a queue handler only.
 * O(1), allocation-free.
 *
 * Since: 1.1
 */
void
nfd_plugin_note_address(NfdPlugin *self, gint family, gconstpointer address);

/**
 * nfd_plugin_note_client:
 * @self: the plugin instance
 * @request_list: (array length=request_list_len): the option codes the client asked for, in
 *   its order (DHCPv4 option 55)
 * @request_list_len: the length of @request_list
 * @vendor_class: (nullable) (array length=vendor_class_len): the client's vendor class
 *   (DHCPv4 option 60), not NUL-terminated
 * @vendor_class_len: the length of @vendor_class
 *
 * Keeps the client's fingerprint with the tap (`nfdhcpctl stats`), bounded by the core (the
 * first 48 codes and 47 bytes); `nfdhcpctl explain` asks with the same list.  From a queue
 * handler only.  O(1), allocation-free.
 *
 * Since: 1.1
 */
void
nfd_plugin_note_client(NfdPlugin *self,
		       const guint8 *request_list,
		       gsize request_list_len,
		       const gchar *vendor_class,
		       gsize vendor_class_len);

G_END_DECLS
