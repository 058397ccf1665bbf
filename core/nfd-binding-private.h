/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Core-only parts of NfdBinding: the store resolves the tap's ifindex and the router MAC
 * (the MAC replies come from) from rtnetlink and writes them here; the store compares,
 * references and describes bindings; the tap's own warning rate limiter, so that one noisy tap
 * spends only its own warning budget; and the GRNET binding file parser (nfd-binding-file.c),
 * which backends reach only through nfd_binding_sink_upsert_text().
 */
#pragma once

#include "nfd-binding.h"
#include "nfd-log.h"

/* Caps on one binding text, from any backend (issue 13: a 64 KiB file with 9,283 keys took
 * 1.3 s and stalled every tap's DHCP).  A gnt-networking file is under 1 KiB with 13 keys and
 * the plugins' keys add 7 (ROUTES, IPV6_ONLY_PREFERRED, IP6, PREFIX6, RA_MODE, PREF64,
 * CAPTIVE_PORTAL): 16 KiB and 64 KEY=VALUE lines leave room for long ROUTES lists, comments
 * and keys of the VM manager's own, and bound what one hostile file costs to a few hundred
 * microseconds. */
#define NFD_BINDING_TEXT_MAX (16 * 1024)
#define NFD_BINDING_KEYS_MAX 64

NfdBinding *
nfd_binding_ref(NfdBinding *self);
gboolean
nfd_binding_equal(const NfdBinding *a, const NfdBinding *b);
gchar *
nfd_binding_to_string(const NfdBinding *self);
void
nfd_binding_set_ifindex(NfdBinding *self, guint ifindex);
/* the tap's current ifindex, 0 while it does not exist */
guint
nfd_binding_get_ifindex(const NfdBinding *self);
/* INDEV, or the tap when INDEV is not set */
const gchar *
nfd_binding_get_indev(const NfdBinding *self);
const gchar *
nfd_binding_get_tags(const NfdBinding *self);
void
nfd_binding_set_router_mac(NfdBinding *self, const guint8 *mac);

/* the parser's two halves of nfd_binding_set_value(): one key's typed field, checked (in file
 * order, so the first bad line is reported), then every key as written in one allocation (the
 * keys unique, the arrays @n long) */
gboolean
nfd_binding_apply_value(NfdBinding *self, const gchar *key, const gchar *value, GError **error);
void
nfd_binding_set_values(NfdBinding *self,
		       const gchar *const *keys,
		       const gchar *const *values,
		       guint n);

NfdBinding *
nfd_binding_new_from_data(const gchar *tap, const gchar *data, gsize len, GError **error);
/* the tap's warning limiter: log state, not binding data, so it is reached through a const
 * binding (plugins hold const ones) and ignored by nfd_binding_equal() */
NfdRateLimit *
nfd_binding_get_warn_ratelimit(const NfdBinding *self);

/* for the operator (nfdhcpctl), not binding data (nfd_binding_equal() ignores them): the
 * tap's statistics block (owned; set through a const binding, as plugins and the dispatcher
 * hold const ones), where the binding came from, and when the store took it (wall clock, µs) */
struct _NfdTapStats *
nfd_binding_get_tap_stats(const NfdBinding *self);
void
nfd_binding_set_tap_stats(const NfdBinding *self, struct _NfdTapStats *stats);
struct _NfdTapStats *
nfd_binding_steal_tap_stats(NfdBinding *self);
void
nfd_binding_set_origin(NfdBinding *self, const gchar *origin);
gchar *
nfd_binding_dup_origin(const NfdBinding *self);
void
nfd_binding_set_changed(NfdBinding *self, gint64 when);
gint64
nfd_binding_get_changed(const NfdBinding *self);
