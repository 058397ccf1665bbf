/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdBinding: what the VM manager says about one tap (GRNET binding file keys).
 *
 * A binding is opaque and reference counted.  Backends build one with nfd_binding_new() and
 * nfd_binding_set_value() (which parses and validates each GRNET key, so every backend accepts
 * exactly the same values) and hand it to the core's store through an NfdBindingSink.  Plugins
 * only read it.  Keys unknown to the core are kept verbatim and can be read with
 * nfd_binding_get_value(), so a plugin can define its own binding keys (e.g. ROUTES, IP6).
 *
 * Addresses are returned in network byte order.
 */
#pragma once

#include <netinet/in.h>

#include "nfd-common.h"

G_BEGIN_DECLS

/**
 * NfdBindingEvent:
 *
 * What happened to a binding, as told to plugins' binding_changed().
 *
 * Since: 1.0
 */
typedef enum {
	NFD_BINDING_EVENT_ADDED,
	NFD_BINDING_EVENT_CHANGED,
	NFD_BINDING_EVENT_REMOVED,
} NfdBindingEvent;

NfdBinding *
nfd_binding_new(const gchar *tap);
NfdBinding *
nfd_binding_ref(NfdBinding *self);
void
nfd_binding_unref(NfdBinding *self);
gboolean
nfd_binding_set_value(NfdBinding *self, const gchar *key, const gchar *value, GError **error);
gboolean
nfd_binding_validate(NfdBinding *self, GError **error);
gboolean
nfd_binding_equal(const NfdBinding *a, const NfdBinding *b);
gchar *
nfd_binding_to_string(const NfdBinding *self);

const gchar *
nfd_binding_get_tap(const NfdBinding *self);
guint
nfd_binding_get_ifindex(const NfdBinding *self);
const gchar *
nfd_binding_get_indev(const NfdBinding *self);
const guint8 *
nfd_binding_get_mac(const NfdBinding *self);
const guint8 *
nfd_binding_get_router_mac(const NfdBinding *self);
const gchar *
nfd_binding_get_hostname(const NfdBinding *self);
const gchar *
nfd_binding_get_tags(const NfdBinding *self);
gboolean
nfd_binding_get_ip4(const NfdBinding *self, struct in_addr *addr);
gboolean
nfd_binding_get_subnet4(const NfdBinding *self, struct in_addr *network, guint *prefix_len);
gboolean
nfd_binding_get_gateway4(const NfdBinding *self, struct in_addr *addr);
gboolean
nfd_binding_get_subnet6(const NfdBinding *self, struct in6_addr *network, guint *prefix_len);
gboolean
nfd_binding_get_gateway6(const NfdBinding *self, struct in6_addr *addr);
gboolean
nfd_binding_get_eui64(const NfdBinding *self, struct in6_addr *addr);
guint
nfd_binding_get_mtu(const NfdBinding *self);
gboolean
nfd_binding_get_private(const NfdBinding *self);
gboolean
nfd_binding_get_macspoof(const NfdBinding *self);
const gchar *
nfd_binding_get_value(const NfdBinding *self, const gchar *key);

/* the GRNET binding file format (KEY=VALUE lines, shell-style quotes), parsed by the core so
 * that the directory backend and `nfdhcpd --check-bindings` agree exactly */
NfdBinding *
nfd_binding_new_from_data(const gchar *tap, const gchar *data, gsize len, GError **error);
gboolean
nfd_binding_file_name_is_ignored(const gchar *basename);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdBinding, nfd_binding_unref)

G_END_DECLS
