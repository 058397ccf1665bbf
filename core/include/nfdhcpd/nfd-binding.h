/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdBinding: what the VM manager says about one tap (the GRNET binding keys).
 *
 * Plugins only read bindings: the core hands them a const NfdBinding for the tap a packet came
 * from, in binding_changed(), and through nfd_plugin_lookup_binding() and
 * nfd_plugin_foreach_binding().  Such a pointer is valid until the plugin returns to the main
 * loop; a plugin that needs a tap later keeps its name (nfd_binding_get_tap()) and looks it up
 * again.  Every value was validated when the binding was made, so the getters never fail per
 * packet: they say "set" or "not set".  Keys unknown to the core are kept verbatim and read
 * with nfd_binding_get_value(), so a plugin can define its own binding keys (ROUTES, IP6, ...).
 *
 * Backends that have key/value data (not GRNET text, for which see
 * nfd_binding_sink_upsert_text()) build a binding with nfd_binding_new(),
 * nfd_binding_set_value() and nfd_binding_validate(), and hand it to the core with
 * nfd_binding_sink_upsert().  Keys are upper case ([A-Z_][A-Z0-9_]*); an empty value means
 * "unset", for every key.
 *
 * Addresses are returned in network byte order, in the libc types of <netinet/in.h>.
 */
#pragma once

#include <netinet/in.h>

#include "nfd-common.h"

G_BEGIN_DECLS

/**
 * NfdBindingEvent:
 * @NFD_BINDING_EVENT_ADDED: a tap got a binding (also sent once per existing binding right
 *   after the plugin's start(); after a reload's start, over several main-loop turns)
 * @NFD_BINDING_EVENT_CHANGED: a tap's binding has new values (an identical rewrite is no
 *   event); the binding passed is the new one
 * @NFD_BINDING_EVENT_REMOVED: a tap lost its binding; the binding passed is the last one
 *
 * What happened to a binding, as told to a plugin's binding_changed().
 *
 * Since: 1.0
 */
typedef enum {
	NFD_BINDING_EVENT_ADDED,
	NFD_BINDING_EVENT_CHANGED,
	NFD_BINDING_EVENT_REMOVED,
} NfdBindingEvent;

/**
 * nfd_binding_new:
 * @tap: the tap's interface name (1 to 15 bytes, no '/', ':' or blanks; checked by
 *   nfd_binding_validate())
 *
 * Starts an empty binding for @tap, to be filled with nfd_binding_set_value().  For backends.
 *
 * Returns: (transfer full): a new binding with one reference; free with nfd_binding_unref()
 *   (or g_autoptr(NfdBinding))
 *
 * Since: 1.0
 */
NfdBinding *
nfd_binding_new(const gchar *tap);

/**
 * nfd_binding_unref:
 * @self: (nullable): a binding
 *
 * Drops one reference; the last one frees the binding.  NULL is ignored.  For backends,
 * after handing their binding to nfd_binding_sink_upsert() (which takes its own reference).
 *
 * Since: 1.0
 */
void
nfd_binding_unref(NfdBinding *self);

/**
 * nfd_binding_set_value:
 * @self: a binding being built
 * @key: an upper-case binding key: a GRNET key (INDEV, IP, MAC, HOSTNAME, TAGS, GATEWAY,
 *   SUBNET, GATEWAY6, SUBNET6, EUI64, PRIVATE, MTU, MACSPOOF) or any plugin key
 * @value: its value as text, "" to unset
 * @error: return location for an error
 *
 * Parses, validates and sets one key, so every backend accepts exactly the same values
 * (e.g. MTU is a number from 68 to 65535, SUBNET a network without host bits, MAC any case).
 * A later call for the same key replaces the value.  Plugin keys are only checked for UTF-8.
 *
 * Returns: TRUE, or FALSE with @error (%NFD_ERROR_BINDING, the message starts with the key:
 *   "MTU: 'abc' is not a number from 68 to 65535"); the binding is then unchanged
 *
 * Since: 1.0
 */
gboolean
nfd_binding_set_value(NfdBinding *self, const gchar *key, const gchar *value, GError **error);

/**
 * nfd_binding_validate:
 * @self: a binding being built
 * @error: return location for an error
 *
 * The checks over the whole binding: the tap name is an interface name, MAC is set, IP has a
 * SUBNET and lies inside it.  nfd_binding_sink_upsert() requires a validated binding.
 *
 * Returns: TRUE, or FALSE with @error (%NFD_ERROR_BINDING, naming the key)
 *
 * Since: 1.0
 */
gboolean
nfd_binding_validate(NfdBinding *self, GError **error);

/**
 * nfd_binding_get_tap:
 * @self: a binding
 *
 * The tap the binding is for: the binding file's name, or the [binding:<tap>] group's.  The
 * core finds a packet's binding by this tap's current ifindex (see nfd_packet_get_ifindex()).
 *
 * Returns: (transfer none): the tap name, valid as long as @self
 *
 * Since: 1.0
 */
const gchar *
nfd_binding_get_tap(const NfdBinding *self);

/**
 * nfd_binding_get_mac:
 * @self: a binding
 *
 * The VM's MAC (key MAC), the destination of replies.
 *
 * Returns: (transfer none) (array fixed-size=6): 6 bytes, valid as long as @self; never NULL
 *   for a binding the core handed out (MAC is required)
 *
 * Since: 1.0
 */
const guint8 *
nfd_binding_get_mac(const NfdBinding *self);

/**
 * nfd_binding_get_router_mac:
 * @self: a binding
 *
 * The MAC replies come from, resolved by the core: [general] router-mac when set, else the MAC
 * of the binding's INDEV when it differs from the tap (the bridge or routing interface, as
 * GRNET did), else the tap's own host-side MAC.  Re-resolved when links change
 * (rtnetlink).  Until the tap exists it is the fixed locally administered 02:00:00:00:00:01,
 * so replies stay well formed.  The core already puts it as the Ethernet source of every
 * reply (see nfd_reply_set_eth()).
 *
 * Returns: (transfer none) (array fixed-size=6): 6 bytes, never NULL, valid as long as @self
 *
 * Since: 1.0
 */
const guint8 *
nfd_binding_get_router_mac(const NfdBinding *self);

/**
 * nfd_binding_get_hostname:
 * @self: a binding
 *
 * The VM's host name (key HOSTNAME), as written (it may be a FQDN).
 *
 * Returns: (transfer none) (nullable): the name, or NULL when not set
 *
 * Since: 1.0
 */
const gchar *
nfd_binding_get_hostname(const NfdBinding *self);

/**
 * nfd_binding_get_ip4:
 * @self: a binding
 * @addr: (out) (optional): where to store the VM's IPv4 address (key IP)
 *
 * Returns: TRUE when IP is set (then it lies inside SUBNET), FALSE otherwise (@addr untouched)
 *
 * Since: 1.0
 */
gboolean
nfd_binding_get_ip4(const NfdBinding *self, struct in_addr *addr);

/**
 * nfd_binding_get_subnet4:
 * @self: a binding
 * @network: (out) (optional): the network address (key SUBNET, no host bits)
 * @prefix_len: (out) (optional): its prefix length, 0 to 32
 *
 * Returns: TRUE when SUBNET is set, FALSE otherwise (outputs untouched)
 *
 * Since: 1.0
 */
gboolean
nfd_binding_get_subnet4(const NfdBinding *self, struct in_addr *network, guint *prefix_len);

/**
 * nfd_binding_get_gateway4:
 * @self: a binding
 * @addr: (out) (optional): the IPv4 default gateway (key GATEWAY)
 *
 * Returns: TRUE when GATEWAY is set, FALSE otherwise (@addr untouched)
 *
 * Since: 1.0
 */
gboolean
nfd_binding_get_gateway4(const NfdBinding *self, struct in_addr *addr);

/**
 * nfd_binding_get_subnet6:
 * @self: a binding
 * @network: (out) (optional): the IPv6 prefix (key SUBNET6, no host bits)
 * @prefix_len: (out) (optional): its length, 0 to 128
 *
 * Without SUBNET6 a tap has no IPv6 service (the in-tree ra, ndp and dhcp6 plugins drop).
 *
 * Returns: TRUE when SUBNET6 is set, FALSE otherwise (outputs untouched)
 *
 * Since: 1.0
 */
gboolean
nfd_binding_get_subnet6(const NfdBinding *self, struct in6_addr *network, guint *prefix_len);

/**
 * nfd_binding_get_gateway6:
 * @self: a binding
 * @addr: (out) (optional): the IPv6 gateway (key GATEWAY6)
 *
 * Returns: TRUE when GATEWAY6 is set, FALSE otherwise (@addr untouched)
 *
 * Since: 1.0
 */
gboolean
nfd_binding_get_gateway6(const NfdBinding *self, struct in6_addr *addr);

/**
 * nfd_binding_get_eui64:
 * @self: a binding
 * @addr: (out) (optional): the VM's SLAAC address (key EUI64), as the VM manager computed it
 *
 * Returns: TRUE when EUI64 is set, FALSE otherwise (@addr untouched)
 *
 * Since: 1.0
 */
gboolean
nfd_binding_get_eui64(const NfdBinding *self, struct in6_addr *addr);

/**
 * nfd_binding_get_mtu:
 * @self: a binding
 *
 * Returns: the link MTU to announce (key MTU, 68 to 65535), or 0 when not set
 *
 * Since: 1.0
 */
guint
nfd_binding_get_mtu(const NfdBinding *self);

/**
 * nfd_binding_get_private:
 * @self: a binding
 *
 * Whether the tap is on a private network (key PRIVATE): any value but "", 0, no, false and
 * off sets it.  The in-tree dhcp4 and ra plugins then announce no default route.
 *
 * Returns: TRUE when set
 *
 * Since: 1.0
 */
gboolean
nfd_binding_get_private(const NfdBinding *self);

/**
 * nfd_binding_get_macspoof:
 * @self: a binding
 *
 * Whether the VM may send from other MACs than its own (key MACSPOOF, same spellings as
 * PRIVATE); plugins that check the source MAC of requests skip that check then.
 *
 * Returns: TRUE when set
 *
 * Since: 1.0
 */
gboolean
nfd_binding_get_macspoof(const NfdBinding *self);

/**
 * nfd_binding_get_value:
 * @self: a binding
 * @key: an upper-case key, GRNET's or a plugin's (e.g. "ROUTES", "TAGS", "INDEV")
 *
 * Any key as the VM manager wrote it (quotes removed).  This is how plugins read their own
 * binding keys; they parse the value themselves, and should report a bad one with
 * nfd_plugin_warn_ratelimited() and go on without it rather than drop the tap.  The keys the
 * core parses itself are kept in binary, not as text, and given back in canonical form:
 * addresses as inet_ntop() writes them, MAC in lower case, MTU in decimal, PRIVATE and
 * MACSPOOF as "1" when set (NULL otherwise); INDEV, HOSTNAME and TAGS as written.  Use the typed
 * getters for those.
 *
 * Returns: (transfer none) (nullable): the value, or NULL when the key is absent or empty
 *   (or, for PRIVATE and MACSPOOF, not set); valid as long as @self
 *
 * Since: 1.0
 */
const gchar *
nfd_binding_get_value(const NfdBinding *self, const gchar *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdBinding, nfd_binding_unref)

G_END_DECLS
