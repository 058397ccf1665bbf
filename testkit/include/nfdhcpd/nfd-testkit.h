/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The plugin test kit: unit-test an nfdhcpd plugin without root, queues or the daemon.
 *
 * An NfdTestkit runs one plugin descriptor in-process on the daemon's own code: the
 * configuration reader (GRNET's layout and the plugin's legacy_keys included), the `queue`
 * key, the plugin object and every SDK function, the binding store and parser, the packet
 * pre-parse, the dispatcher (claims, NEEDS_BINDING, the checksum policy, the verdict) and the
 * reply builder.  Only the edges are replaced: packets come from nfd_testkit_handle() instead
 * of NFQUEUE, frames are recorded instead of sent, taps are names with made-up interface
 * indexes instead of rtnetlink links, and the state directory is a temporary one.
 *
 * |[<!-- language="C" -->
 * NfdTestkit *kit = nfd_testkit_new(nfd_plugin_descriptor(), "[hello]\nqueue = 61\n", &error);
 * nfd_testkit_start(kit, &error);
 * const gchar *kv[] = {"MAC", "52:54:00:00:00:01", "HOSTNAME", "vm1", NULL};
 * nfd_testkit_add_binding(kit, "tap1", kv, &error);
 * g_autoptr(GBytes) req = nfd_testkit_udp4_packet("198.51.100.10", "198.51.100.1", 40000, 9999,
 *                                                 (const guint8 *)"hi", 2);
 * g_autoptr(GBytes) reply = NULL;
 * g_assert_cmpint(nfd_testkit_handle(kit, "tap1", mac, req, &reply), ==, NFD_VERDICT_REPLY);
 * ]|
 *
 * Build a test with `pkg-config --cflags --libs nfdhcpd-testkit` (a static library; it needs
 * GLib only).  Compile the plugin's sources into the test and pass nfd_plugin_descriptor(), or
 * load the built module with nfd_testkit_new_for_module() (then link the test with
 * -Wl,--export-dynamic, so the module finds the SDK in the test as it would in the daemon).
 * Everything runs in the calling thread; plugins with timers need the test to iterate the
 * default main context.
 */
#pragma once

#include <nfdhcpd/nfdhcpd.h>

G_BEGIN_DECLS

/**
 * NFD_TESTKIT_ROUTER_MAC:
 *
 * The MAC every test tap's host side has, so the router MAC of every binding
 * (nfd_binding_get_router_mac()) unless the configuration sets [general] router-mac.
 *
 * Since: 1.0
 */
#define NFD_TESTKIT_ROUTER_MAC "02:00:00:00:00:fe"

/**
 * NfdTestkit:
 *
 * One plugin instance under test, with its configuration, bindings and recorded frames
 * (opaque).
 *
 * Since: 1.0
 */
typedef struct _NfdTestkit NfdTestkit;

/**
 * nfd_testkit_new:
 * @descriptor: the plugin's descriptor, e.g. nfd_plugin_descriptor() of the plugin's sources
 *   compiled into the test
 * @config: (nullable): nfdhcpd.conf text: the plugin's [<name>] group, [general] router-mac,
 *   or GRNET's layout ([dhcp], [ipv6]) that the plugin's legacy_keys map
 * @error: return location for an error
 *
 * Checks the descriptor as the daemon's loader does (API version, name), reads the
 * configuration, reads the plugin's `queue`, and runs its init() and the dispatcher's claim
 * checks.  The plugin is not started yet.
 *
 * Returns: (transfer full) (nullable): the kit, or NULL with @error (what the daemon would
 *   refuse the configuration with: %NFD_ERROR_CONFIG or %NFD_ERROR_PLUGIN, naming file
 *   "testkit.conf", line, group and key)
 *
 * Since: 1.0
 */
NfdTestkit *
nfd_testkit_new(const NfdPluginDescriptor *descriptor, const gchar *config, GError **error);

/**
 * nfd_testkit_new_for_module:
 * @path: a built plugin module, libnfd-plugin-<name>.so
 * @config: (nullable): as for nfd_testkit_new()
 * @error: return location for an error
 *
 * Loads the module as the daemon does (RTLD_NOW: every SDK function it calls must resolve
 * against the test program, link it with -Wl,--export-dynamic), then as nfd_testkit_new().
 * The module stays loaded.
 *
 * Returns: (transfer full) (nullable): the kit, or NULL with @error
 *
 * Since: 1.0
 */
NfdTestkit *
nfd_testkit_new_for_module(const gchar *path, const gchar *config, GError **error);

/**
 * nfd_testkit_free:
 * @self: (nullable): a kit
 *
 * Stops the plugin (%NFD_STOP_REASON_SHUTDOWN) if it runs, finalizes it, and removes the
 * temporary state directory the kit made.
 *
 * Since: 1.0
 */
void
nfd_testkit_free(NfdTestkit *self);

/**
 * nfd_testkit_set_state_dir:
 * @self: a kit
 * @dir: (nullable): the directory nfd_plugin_get_state_dir() returns, or NULL for none
 *
 * Before nfd_testkit_start(): use @dir (not removed by the kit) instead of a temporary
 * directory, e.g. to start a second kit on the state the first one left.
 *
 * Since: 1.0
 */
void
nfd_testkit_set_state_dir(NfdTestkit *self, const gchar *dir);

/**
 * nfd_testkit_start:
 * @self: a kit
 * @error: return location for an error
 *
 * Starts the plugin as the daemon does after its first binding load: start(), then one ADDED
 * event per binding added so far.
 *
 * Returns: TRUE, or FALSE with the error start() gave
 *
 * Since: 1.0
 */
gboolean
nfd_testkit_start(NfdTestkit *self, GError **error);

/**
 * nfd_testkit_stop:
 * @self: a kit
 * @reason: what the daemon would be doing: exiting, or reloading
 *
 * Stops the plugin; frames it sends in stop() (farewells) are recorded as unsolicited.
 *
 * Since: 1.0
 */
void
nfd_testkit_stop(NfdTestkit *self, NfdStopReason reason);

/**
 * nfd_testkit_get_plugin:
 * @self: a kit
 *
 * Returns: (transfer none): the plugin instance, for SDK calls a test wants to make itself
 *
 * Since: 1.0
 */
NfdPlugin *
nfd_testkit_get_plugin(NfdTestkit *self);

/**
 * nfd_testkit_get_queue:
 * @self: a kit
 *
 * Returns: the queue the core read for the plugin (nfd_plugin_get_queue()); packets given to
 *   nfd_testkit_handle() arrive on it
 *
 * Since: 1.0
 */
guint16
nfd_testkit_get_queue(NfdTestkit *self);

/**
 * nfd_testkit_get_warnings:
 * @self: a kit
 *
 * The configuration warnings the daemon would log, e.g. "testkit.conf:3: [hello] unknown
 * key 'x' ignored" for a key the plugin does not declare, or a deprecated GRNET key.
 *
 * Returns: (transfer none) (element-type utf8): the warnings
 *
 * Since: 1.0
 */
GPtrArray *
nfd_testkit_get_warnings(NfdTestkit *self);

/**
 * nfd_testkit_add_binding:
 * @self: a kit
 * @tap: the tap name
 * @kv: (array zero-terminated=1): binding keys and values, alternating: "MAC", "...", "IP",
 *   "...", ..., NULL
 * @error: return location for an error
 *
 * Adds (or replaces) the binding of @tap, checked exactly as a backend's would be; the plugin
 * gets ADDED or CHANGED if started.
 *
 * Returns: TRUE, or FALSE with @error (%NFD_ERROR_BINDING, naming the key)
 *
 * Since: 1.0
 */
gboolean
nfd_testkit_add_binding(NfdTestkit *self, const gchar *tap, const gchar *const *kv, GError **error);

/**
 * nfd_testkit_add_binding_text:
 * @self: a kit
 * @tap: the tap name
 * @text: a GRNET binding file (KEY=VALUE lines)
 * @error: return location for an error
 *
 * As nfd_testkit_add_binding(), from the binding file format (nfd_binding_sink_upsert_text()).
 *
 * Returns: TRUE, or FALSE with @error naming line and key
 *
 * Since: 1.0
 */
gboolean
nfd_testkit_add_binding_text(NfdTestkit *self, const gchar *tap, const gchar *text, GError **error);

/**
 * nfd_testkit_remove_binding:
 * @self: a kit
 * @tap: the tap name
 *
 * Removes the binding of @tap; the plugin gets REMOVED if started.
 *
 * Since: 1.0
 */
void
nfd_testkit_remove_binding(NfdTestkit *self, const gchar *tap);

/**
 * nfd_testkit_handle:
 * @self: a started kit
 * @tap: the tap the packet comes from (any name; without a binding it is an unbound tap)
 * @src_mac: (nullable) (array fixed-size=6): the Ethernet source of the packet
 * @packet: the IPv4 or IPv6 packet, from the IP header on (see nfd_testkit_udp4_packet())
 * @reply: (out) (optional) (transfer full): the Ethernet frame injected on the tap, or NULL
 *
 * Queues @packet on the plugin's queue and dispatches it as the daemon does: pre-parse,
 * claim match, binding lookup, the checksum policy, the handler, the reply's headers and
 * checksums.
 *
 * Returns: %NFD_VERDICT_REPLY when a reply frame was injected, %NFD_VERDICT_DROP or
 *   %NFD_VERDICT_ACCEPT for the verdict the kernel would get otherwise (a packet no claim
 *   takes, or from an unbound tap for a NEEDS_BINDING plugin, is ACCEPTed)
 *
 * Since: 1.0
 */
NfdVerdict
nfd_testkit_handle(NfdTestkit *self,
		   const gchar *tap,
		   const guint8 *src_mac,
		   GBytes *packet,
		   GBytes **reply);

/**
 * nfd_testkit_get_outcome:
 * @self: a kit
 * @message_type: (out) (optional) (transfer none): the name of the message type the handler
 *   noted for the last packet of nfd_testkit_handle() (nfd_plugin_note_message()), or NULL
 * @reply_type: (out) (optional) (transfer none): the reply type it noted
 *   (nfd_plugin_note_reply()), or NULL
 * @reason: (out) (optional) (transfer none): the reason it noted, or NULL
 *
 * What the plugin told the core about the last packet (SDK 1.1), by the names of its
 * descriptor's message_types and reasons: what `nfdhcpctl stats` and `events` would show.
 *
 * Returns: TRUE when the handler noted a message type or a reason for that packet
 *
 * Since: 1.1
 */
gboolean
nfd_testkit_get_outcome(NfdTestkit *self,
			const gchar **message_type,
			const gchar **reply_type,
			const gchar **reason);

/**
 * nfd_testkit_explain:
 * @self: a started kit
 * @tap: a tap with a binding
 * @mac: (nullable) (array fixed-size=6): the guest MAC, NULL for the binding's
 * @request: (out) (optional) (transfer full): the request the plugin built, an Ethernet frame
 * @reply: (out) (optional) (transfer full): the reply frame the handler built, or NULL
 * @error: return location for an error
 *
 * What `nfdhcpctl explain TAP PROTO` does (SDK 1.1): the plugin's explain_request() builds the
 * request @tap's guest would send, which runs through the dispatcher and the handler as a
 * synthetic packet; the reply is captured, nothing is sent, no counter or outcome changes.
 *
 * Returns: the verdict, or -1 with @error when the plugin has no explain_request() or it
 *   failed, or @tap has no binding
 *
 * Since: 1.1
 */
gint
nfd_testkit_explain(NfdTestkit *self,
		    const gchar *tap,
		    const guint8 *mac,
		    GBytes **request,
		    GBytes **reply,
		    GError **error);

/**
 * nfd_testkit_take_unsolicited:
 * @self: a kit
 *
 * The frames the plugin sent on its own (nfd_plugin_send_unsolicited()) since the last call;
 * the Ethernet destination says which VM each was for.
 *
 * Returns: (transfer full) (element-type GBytes): the frames, oldest first
 *
 * Since: 1.0
 */
GPtrArray *
nfd_testkit_take_unsolicited(NfdTestkit *self);

/**
 * nfd_testkit_get_counter:
 * @self: a kit
 * @name: a name of the descriptor's counters
 *
 * Returns: the counter's value (see nfd_plugin_count()), 0 for an unknown name
 *
 * Since: 1.0
 */
guint64
nfd_testkit_get_counter(NfdTestkit *self, const gchar *name);

/**
 * nfd_testkit_dump:
 * @self: a kit
 *
 * What the daemon would log for this plugin on SIGUSR1: the core's lines, the counters and
 * the plugin's dump().
 *
 * Returns: (transfer full): the text; free with g_free()
 *
 * Since: 1.0
 */
gchar *
nfd_testkit_dump(NfdTestkit *self);

/**
 * nfd_testkit_udp4_packet:
 * @src: the IPv4 source address, dotted
 * @dst: the IPv4 destination address, dotted
 * @src_port: the UDP source port
 * @dst_port: the UDP destination port
 * @payload: (array length=len) (nullable): the datagram
 * @len: its length
 *
 * An IPv4/UDP packet with correct lengths and checksums (TTL 64), for nfd_testkit_handle().
 *
 * Returns: (transfer full): the packet
 *
 * Since: 1.0
 */
GBytes *
nfd_testkit_udp4_packet(const gchar *src,
			const gchar *dst,
			guint16 src_port,
			guint16 dst_port,
			const guint8 *payload,
			gsize len);

/**
 * nfd_testkit_udp6_packet:
 * @src: the IPv6 source address
 * @dst: the IPv6 destination address
 * @src_port: the UDP source port
 * @dst_port: the UDP destination port
 * @payload: (array length=len) (nullable): the datagram
 * @len: its length
 *
 * An IPv6/UDP packet with correct lengths and checksum (hop limit 64).
 *
 * Returns: (transfer full): the packet
 *
 * Since: 1.0
 */
GBytes *
nfd_testkit_udp6_packet(const gchar *src,
			const gchar *dst,
			guint16 src_port,
			guint16 dst_port,
			const guint8 *payload,
			gsize len);

/**
 * nfd_testkit_icmp6_packet:
 * @src: the IPv6 source address
 * @dst: the IPv6 destination address
 * @hop_limit: the hop limit (255 for Neighbor Discovery)
 * @message: (array length=len): the whole ICMPv6 message, type first; its checksum field is
 *   filled in
 * @len: its length, at least 4
 *
 * An IPv6/ICMPv6 packet with a correct checksum.
 *
 * Returns: (transfer full): the packet
 *
 * Since: 1.0
 */
GBytes *
nfd_testkit_icmp6_packet(const gchar *src,
			 const gchar *dst,
			 guint8 hop_limit,
			 const guint8 *message,
			 gsize len);

/**
 * nfd_testkit_frame_payload:
 * @frame: a frame from nfd_testkit_handle() or nfd_testkit_take_unsolicited()
 * @len: (out): the payload length
 *
 * Returns: (transfer none) (array length=len) (nullable): the UDP datagram or the whole
 *   ICMPv6 message the frame carries, pointing into @frame; NULL for anything else
 *
 * Since: 1.0
 */
const guint8 *
nfd_testkit_frame_payload(GBytes *frame, gsize *len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdTestkit, nfd_testkit_free)

G_END_DECLS
