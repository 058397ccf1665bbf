/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdBindingStore: the core-owned table of bindings, indexed by tap name, by the tap's current
 * ifindex (the per-packet lookup) and by MAC (optional fallback).  Backends write into it
 * through its NfdBindingSink; plugins read it; every change becomes one ADDED/CHANGED/REMOVED
 * event for the plugins.
 */
#pragma once

#include "nfd-binding-backend.h"
#include "nfd-binding-private.h"

typedef struct _NfdBindingStore NfdBindingStore;

typedef void (*NfdBindingEventFunc)(const NfdBinding *binding,
				    NfdBindingEvent event,
				    gpointer user_data);

NfdBindingStore *
nfd_binding_store_new(void);
void
nfd_binding_store_free(NfdBindingStore *self);
void
nfd_binding_store_set_event_func(NfdBindingStore *self,
				 NfdBindingEventFunc func,
				 gpointer user_data);
/* what the store asks about a link: its ifindex (0: not present) and, when it has one, its MAC
 * into @mac (else all zero).  The daemon answers from its rtnetlink link monitor, the plugin
 * test kit from its own table; without a resolver the store uses if_nametoindex(). */
typedef guint (*NfdLinkResolveFunc)(const gchar *name, guint8 *mac, gpointer user_data);

void
nfd_binding_store_set_link_resolver(NfdBindingStore *self,
				    NfdLinkResolveFunc func,
				    gpointer user_data);
void
nfd_binding_store_set_router_mac(NfdBindingStore *self, const guint8 *mac);
/* @name appeared, went away or changed: re-resolve the bindings whose tap or INDEV it is (the
 * link monitor's table holds the new ifindex and MAC) */
void
nfd_binding_store_link_changed(NfdBindingStore *self, const gchar *name);
NfdBindingSink *
nfd_binding_store_get_sink(NfdBindingStore *self);
const NfdBinding *
nfd_binding_store_lookup_ifindex(NfdBindingStore *self, guint ifindex);
const NfdBinding *
nfd_binding_store_lookup_mac(NfdBindingStore *self, const guint8 *mac);
const NfdBinding *
nfd_binding_store_lookup_tap(NfdBindingStore *self, const gchar *tap);
guint
nfd_binding_store_get_size(NfdBindingStore *self);
void
nfd_binding_store_foreach(NfdBindingStore *self,
			  void (*func)(const NfdBinding *binding, gpointer user_data),
			  gpointer user_data);
gchar *
nfd_binding_store_dump(NfdBindingStore *self);
/* every binding, by tap name, each with a reference (the array's free function drops them):
 * what a reply streamed over several main-loop turns walks */
GPtrArray *
nfd_binding_store_snapshot(NfdBindingStore *self);
/* bad bindings reported (each distinct problem of a tap once) */
guint64
nfd_binding_store_get_error_count(NfdBindingStore *self);
/* full listings (begin_resync .. end_resync) so far */
guint64
nfd_binding_store_get_listing_count(NfdBindingStore *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdBindingStore, nfd_binding_store_free)
