/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdBindingStore and its NfdBindingSink.
 *
 * The tap name is the key backends use.  The ifindex index holds only bindings whose tap
 * exists; the link monitor moves a binding in and out of it as its tap appears, disappears or
 * is recreated under the same name with a new ifindex.  An identical rewrite of a binding
 * (same keys and values) is not an event.  The store never drops a binding because of a bad
 * rewrite: backends report the error and keep the old one (GRNET logged nothing, bug 13), and
 * the store logs each distinct problem of a tap once, not on every rescan.  GRNET text is
 * parsed here (upsert_text), so backends never see the parser.  A full listing
 * (begin_resync .. end_resync) removes what it did not name, after it upserted the rest.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <string.h>

#include "nfd-binding-private.h"
#include "nfd-binding-store.h"
#include "nfd-proto-private.h"

struct _NfdBindingSink {
	NfdBindingStore *store;
};

struct _NfdBindingStore {
	NfdBindingSink sink;
	GHashTable *by_tap;	/* name -> NfdBinding (owned) */
	GHashTable *by_ifindex; /* ifindex -> NfdBinding */
	GHashTable *by_mac;	/* binding MAC bytes -> NfdBinding */
	NfdBindingEventFunc func;
	gpointer user_data;
	NfdLinkResolveFunc resolve;
	gpointer resolve_data;
	guint8 router_mac[6];
	gboolean has_router_mac;
	guint64 n_errors;
	/* a full listing (begin_resync .. end_resync): the taps it named */
	GHashTable *resync; /* tap (owned), NULL outside a listing */
	/* the last problem reported per tap, so that one bad content is reported once and not
	 * on every rescan; forgotten when the tap gets a binding, loses it or is not listed */
	GHashTable *errors; /* tap -> message (both owned) */
	guint64 n_listings;
	/* the initial load (a listing into an empty store) logs one summary line instead of
	 * one per binding; later rescans log each change as it happens */
	gboolean bulk;
	guint bulk_added;
	guint bulk_changed;
	guint bulk_removed;
};

static guint
mac_hash(gconstpointer key)
{
	const guint8 *m = key;
	return (guint)m[2] << 24 | (guint)m[3] << 16 | (guint)m[4] << 8 | m[5];
}

static gboolean
mac_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, 6) == 0;
}

NfdBindingStore *
nfd_binding_store_new(void)
{
	NfdBindingStore *self = g_new0(NfdBindingStore, 1);

	self->sink.store = self;
	self->by_tap = g_hash_table_new_full(g_str_hash,
					     g_str_equal,
					     g_free,
					     (GDestroyNotify)nfd_binding_unref);
	self->by_ifindex = g_hash_table_new(g_direct_hash, g_direct_equal);
	self->by_mac = g_hash_table_new(mac_hash, mac_equal);
	self->errors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return self;
}

void
nfd_binding_store_free(NfdBindingStore *self)
{
	if (self == NULL)
		return;
	g_clear_pointer(&self->resync, g_hash_table_unref);
	g_hash_table_unref(self->errors);
	g_hash_table_unref(self->by_ifindex);
	g_hash_table_unref(self->by_mac);
	g_hash_table_unref(self->by_tap);
	g_free(self);
}

void
nfd_binding_store_set_event_func(NfdBindingStore *self,
				 NfdBindingEventFunc func,
				 gpointer user_data)
{
	self->func = func;
	self->user_data = user_data;
}

void
nfd_binding_store_set_link_resolver(NfdBindingStore *self,
				    NfdLinkResolveFunc func,
				    gpointer user_data)
{
	self->resolve = func;
	self->resolve_data = user_data;
}

static gboolean
reresolve_binding(NfdBindingStore *self, NfdBinding *binding, guint *old_ifindex);
static void
emit(NfdBindingStore *self, const NfdBinding *binding, NfdBindingEvent event);

/* a reload that changes [general] router-mac changes it for the bindings already loaded too */
void
nfd_binding_store_set_router_mac(NfdBindingStore *self, const guint8 *mac)
{
	GHashTableIter iter;
	gpointer value;
	g_autoptr(GPtrArray) changed = g_ptr_array_new();

	if (self->has_router_mac == (mac != NULL) &&
	    (mac == NULL || memcmp(self->router_mac, mac, 6) == 0))
		return;
	self->has_router_mac = mac != NULL;
	if (mac != NULL)
		memcpy(self->router_mac, mac, 6);
	g_hash_table_iter_init(&iter, self->by_tap);
	while (g_hash_table_iter_next(&iter, NULL, &value)) {
		guint old_ifindex = 0;
		if (reresolve_binding(self, value, &old_ifindex))
			g_ptr_array_add(changed, value);
	}
	for (guint i = 0; i < changed->len; i++)
		emit(self, g_ptr_array_index(changed, i), NFD_BINDING_EVENT_CHANGED);
}

NfdBindingSink *
nfd_binding_store_get_sink(NfdBindingStore *self)
{
	return &self->sink;
}

static guint
resolve_link(NfdBindingStore *self, const gchar *name, guint8 *mac, gboolean *has_mac)
{
	guint ifindex;

	*has_mac = FALSE;
	if (self->resolve != NULL) {
		memset(mac, 0, 6);
		ifindex = self->resolve(name, mac, self->resolve_data);
		*has_mac =
		    ifindex != 0 && (mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]) != 0;
		return ifindex;
	}
	return if_nametoindex(name);
}

/* (re)compute the tap's ifindex and the router MAC: [general] router-mac, else INDEV's MAC,
 * else the tap's own MAC */
static void
resolve_binding(NfdBindingStore *self, NfdBinding *binding)
{
	guint8 mac[6];
	gboolean has_mac = FALSE;
	guint ifindex = resolve_link(self, nfd_binding_get_tap(binding), mac, &has_mac);

	nfd_binding_set_ifindex(binding, ifindex);
	if (self->has_router_mac) {
		nfd_binding_set_router_mac(binding, self->router_mac);
		return;
	}
	if (g_strcmp0(nfd_binding_get_indev(binding), nfd_binding_get_tap(binding)) != 0) {
		guint8 indev_mac[6];
		gboolean indev_has_mac = FALSE;
		if (resolve_link(self, nfd_binding_get_indev(binding), indev_mac, &indev_has_mac) !=
			0 &&
		    indev_has_mac) {
			nfd_binding_set_router_mac(binding, indev_mac);
			return;
		}
	}
	nfd_binding_set_router_mac(binding, has_mac ? mac : NULL);
}

static void
unindex(NfdBindingStore *self, NfdBinding *binding)
{
	guint ifindex = nfd_binding_get_ifindex(binding);
	const guint8 *mac = nfd_binding_get_mac(binding);

	if (ifindex != 0 &&
	    g_hash_table_lookup(self->by_ifindex, GUINT_TO_POINTER(ifindex)) == binding)
		g_hash_table_remove(self->by_ifindex, GUINT_TO_POINTER(ifindex));
	if (mac != NULL && g_hash_table_lookup(self->by_mac, mac) == binding)
		g_hash_table_remove(self->by_mac, mac);
}

static void
index_binding(NfdBindingStore *self, NfdBinding *binding)
{
	guint ifindex = nfd_binding_get_ifindex(binding);
	const guint8 *mac = nfd_binding_get_mac(binding);

	if (ifindex != 0)
		g_hash_table_insert(self->by_ifindex, GUINT_TO_POINTER(ifindex), binding);
	/* the newest binding with a MAC wins: a listing removes what it no longer names after
	 * it upserted the rest, so a MAC that moved to another tap must not stay with the old */
	if (mac != NULL)
		g_hash_table_replace(self->by_mac, (gpointer)mac, binding);
}

static void
emit(NfdBindingStore *self, const NfdBinding *binding, NfdBindingEvent event)
{
	if (self->func != NULL)
		self->func(binding, event, self->user_data);
}

/* inside a full listing: @tap is part of it */
static void
resync_mark(NfdBindingStore *self, const gchar *tap)
{
	if (self->resync != NULL && !g_hash_table_contains(self->resync, tap))
		g_hash_table_add(self->resync, g_strdup(tap));
}

void
nfd_binding_sink_upsert(NfdBindingSink *sink, NfdBinding *binding)
{
	NfdBindingStore *self = sink->store;
	const gchar *tap = nfd_binding_get_tap(binding);
	NfdBinding *old = g_hash_table_lookup(self->by_tap, tap);
	g_autofree gchar *desc = NULL;

	g_return_if_fail(binding != NULL);
	resync_mark(self, tap);
	g_hash_table_remove(self->errors, tap);
	if (old != NULL && nfd_binding_equal(old, binding))
		return;
	nfd_binding_ref(binding);
	resolve_binding(self, binding);
	nfd_binding_set_changed(binding, g_get_real_time());
	/* the tap's statistics go on with its new binding */
	if (old != NULL) {
		unindex(self, old);
		nfd_binding_set_tap_stats(binding, nfd_binding_steal_tap_stats(old));
	}
	/* the old binding stays alive through the event: plugins may compare */
	if (old != NULL)
		nfd_binding_ref(old);
	g_hash_table_replace(self->by_tap, g_strdup(tap), binding);
	index_binding(self, binding);
	if (self->bulk) {
		if (old != NULL)
			self->bulk_changed++;
		else
			self->bulk_added++;
	}
	if (!self->bulk || g_log_get_debug_enabled()) {
		desc = nfd_binding_to_string(binding);
		g_log_structured(G_LOG_DOMAIN,
				 self->bulk ? G_LOG_LEVEL_DEBUG : G_LOG_LEVEL_INFO,
				 "NFD_TAP",
				 tap,
				 "MESSAGE",
				 "%s binding: %s%s",
				 old != NULL ? "changed" : "added",
				 desc,
				 nfd_binding_get_ifindex(binding) == 0 ? " (tap not present yet)"
								       : "");
	}
	emit(self, binding, old != NULL ? NFD_BINDING_EVENT_CHANGED : NFD_BINDING_EVENT_ADDED);
	if (old != NULL)
		nfd_binding_unref(old);
}

void
nfd_binding_sink_remove(NfdBindingSink *sink, const gchar *tap)
{
	NfdBindingStore *self = sink->store;
	NfdBinding *old = g_hash_table_lookup(self->by_tap, tap);
	g_autoptr(NfdBinding) keep = NULL;

	if (self->resync != NULL)
		g_hash_table_remove(self->resync, tap);
	g_hash_table_remove(self->errors, tap);
	if (old == NULL)
		return;
	keep = nfd_binding_ref(old);
	unindex(self, old);
	g_hash_table_remove(self->by_tap, tap);
	if (self->bulk)
		self->bulk_removed++;
	g_log_structured(G_LOG_DOMAIN,
			 self->bulk ? G_LOG_LEVEL_DEBUG : G_LOG_LEVEL_INFO,
			 "NFD_TAP",
			 tap,
			 "MESSAGE",
			 "removed binding for %s",
			 tap);
	emit(self, keep, NFD_BINDING_EVENT_REMOVED);
}

gboolean
nfd_binding_sink_upsert_text(NfdBindingSink *sink,
			     const gchar *tap,
			     const gchar *data,
			     gsize len,
			     const gchar *origin,
			     GError **error)
{
	NfdBindingStore *self = sink->store;
	g_autoptr(NfdBinding) binding = NULL;

	g_return_val_if_fail(tap != NULL, FALSE);
	g_return_val_if_fail(data != NULL || len == 0, FALSE);
	binding = nfd_binding_new_from_data(tap, data, len, error);
	if (binding == NULL) {
		g_prefix_error(error, "%s: ", origin != NULL ? origin : tap);
		/* a bad rewrite keeps the previous binding, also through a full listing */
		resync_mark(self, tap);
		return FALSE;
	}
	nfd_binding_set_origin(binding, origin);
	nfd_binding_sink_upsert(sink, binding);
	return TRUE;
}

void
nfd_binding_sink_begin_resync(NfdBindingSink *sink)
{
	NfdBindingStore *self = sink->store;

	g_return_if_fail(self->resync == NULL);
	self->resync = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	self->n_listings++;
	self->bulk = g_hash_table_size(self->by_tap) == 0;
	self->bulk_added = self->bulk_changed = self->bulk_removed = 0;
}

void
nfd_binding_sink_end_resync(NfdBindingSink *sink)
{
	NfdBindingStore *self = sink->store;
	g_autoptr(GHashTable) named = g_steal_pointer(&self->resync);
	g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func(g_free);
	GHashTableIter iter;
	gpointer key;

	g_return_if_fail(named != NULL);
	g_hash_table_iter_init(&iter, self->by_tap);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		if (!g_hash_table_contains(named, key))
			g_ptr_array_add(gone, g_strdup(key));
	}
	for (guint i = 0; i < gone->len; i++)
		nfd_binding_sink_remove(sink, g_ptr_array_index(gone, i));
	/* a bad record no longer listed is forgotten: if it comes back, it is reported again */
	g_hash_table_iter_init(&iter, self->errors);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		if (!g_hash_table_contains(named, key))
			g_hash_table_iter_remove(&iter);
	}
	if (self->bulk)
		g_info("bindings loaded: %u", self->bulk_added);
	self->bulk = FALSE;
}

void
nfd_binding_sink_report_error(NfdBindingSink *sink, const gchar *tap, const GError *error)
{
	NfdBindingStore *self = sink->store;
	const gchar *message = error != NULL ? error->message : "unknown error";
	gboolean kept = tap != NULL && g_hash_table_contains(self->by_tap, tap);

	if (tap != NULL) {
		/* the tap is part of a listing, bad: it keeps its binding */
		resync_mark(self, tap);
		if (g_strcmp0(g_hash_table_lookup(self->errors, tap), message) == 0) {
			g_debug("bad binding for %s, as reported before: %s", tap, message);
			return;
		}
		g_hash_table_replace(self->errors, g_strdup(tap), g_strdup(message));
	}
	self->n_errors++;
	g_log_structured(G_LOG_DOMAIN,
			 G_LOG_LEVEL_WARNING,
			 "NFD_TAP",
			 tap != NULL ? tap : "",
			 "MESSAGE",
			 "bad binding%s%s: %s%s",
			 tap != NULL ? " for " : "",
			 tap != NULL ? tap : "",
			 message,
			 kept ? " (keeping the previous binding)" : "");
}

/* resolve @binding again; TRUE when its ifindex or router MAC changed */
static gboolean
reresolve_binding(NfdBindingStore *self, NfdBinding *binding, guint *old_ifindex)
{
	guint8 old_router[6];

	*old_ifindex = nfd_binding_get_ifindex(binding);
	memcpy(old_router, nfd_binding_get_router_mac(binding), 6);
	unindex(self, binding);
	resolve_binding(self, binding);
	index_binding(self, binding);
	return *old_ifindex != nfd_binding_get_ifindex(binding) ||
	       memcmp(old_router, nfd_binding_get_router_mac(binding), 6) != 0;
}

void
nfd_binding_store_link_changed(NfdBindingStore *self, const gchar *name)
{
	GHashTableIter iter;
	gpointer value;
	g_autoptr(GPtrArray) changed = g_ptr_array_new();

	/* the tap itself, or an INDEV (bridge) whose MAC is the router MAC of its bindings */
	g_hash_table_iter_init(&iter, self->by_tap);
	while (g_hash_table_iter_next(&iter, NULL, &value)) {
		NfdBinding *b = value;
		if (g_strcmp0(nfd_binding_get_tap(b), name) == 0 ||
		    g_strcmp0(nfd_binding_get_indev(b), name) == 0)
			g_ptr_array_add(changed, b);
	}
	for (guint i = 0; i < changed->len; i++) {
		NfdBinding *b = g_ptr_array_index(changed, i);
		guint old_ifindex = 0;

		if (!reresolve_binding(self, b, &old_ifindex))
			continue;
		g_log_structured(G_LOG_DOMAIN,
				 G_LOG_LEVEL_INFO,
				 "NFD_TAP",
				 nfd_binding_get_tap(b),
				 "MESSAGE",
				 "%s %s (ifindex %u -> %u)",
				 nfd_binding_get_tap(b),
				 nfd_binding_get_ifindex(b) == 0 ? "went away"
				 : old_ifindex == 0		 ? "appeared"
								 : "changed",
				 old_ifindex,
				 nfd_binding_get_ifindex(b));
		emit(self, b, NFD_BINDING_EVENT_CHANGED);
	}
}

const NfdBinding *
nfd_binding_store_lookup_ifindex(NfdBindingStore *self, guint ifindex)
{
	return g_hash_table_lookup(self->by_ifindex, GUINT_TO_POINTER(ifindex));
}

const NfdBinding *
nfd_binding_store_lookup_mac(NfdBindingStore *self, const guint8 *mac)
{
	if (mac == NULL)
		return NULL;
	return g_hash_table_lookup(self->by_mac, mac);
}

const NfdBinding *
nfd_binding_store_lookup_tap(NfdBindingStore *self, const gchar *tap)
{
	return g_hash_table_lookup(self->by_tap, tap);
}

guint
nfd_binding_store_get_size(NfdBindingStore *self)
{
	return g_hash_table_size(self->by_tap);
}

static GPtrArray *
values_sorted(NfdBindingStore *self);

static gint
cmp_binding(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(nfd_binding_get_tap(*(NfdBinding *const *)a),
			 nfd_binding_get_tap(*(NfdBinding *const *)b));
}

static GPtrArray *
values_sorted(NfdBindingStore *self)
{
	GPtrArray *list = g_ptr_array_new_with_free_func((GDestroyNotify)nfd_binding_unref);
	GHashTableIter iter;
	gpointer value;

	g_hash_table_iter_init(&iter, self->by_tap);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		g_ptr_array_add(list, nfd_binding_ref(value));
	g_ptr_array_sort(list, cmp_binding);
	return list;
}

GPtrArray *
nfd_binding_store_snapshot(NfdBindingStore *self)
{
	return values_sorted(self);
}

void
nfd_binding_store_foreach(NfdBindingStore *self,
			  void (*func)(const NfdBinding *binding, gpointer user_data),
			  gpointer user_data)
{
	/* a callback may change the store (e.g. send and fail): iterate over a snapshot */
	g_autoptr(GPtrArray) list = values_sorted(self);

	for (guint i = 0; i < list->len; i++)
		func(g_ptr_array_index(list, i), user_data);
}

gchar *
nfd_binding_store_dump(NfdBindingStore *self)
{
	g_autoptr(GPtrArray) list = values_sorted(self);
	GString *str = g_string_new(NULL);

	g_string_append_printf(str, "%u bindings\n", list->len);
	g_string_append_printf(str,
			       "%-12s %-8s %-18s %-16s %-24s %s\n",
			       "TAP",
			       "IFINDEX",
			       "MAC",
			       "IP",
			       "HOSTNAME",
			       "IPv6");
	for (guint i = 0; i < list->len; i++) {
		NfdBinding *b = g_ptr_array_index(list, i);
		gchar mac[NFD_MAC_STRLEN] = "-";
		gchar ip[INET_ADDRSTRLEN] = "-";
		gchar ip6[INET6_ADDRSTRLEN + 8] = "-";
		struct in_addr a4;
		struct in6_addr a6;
		guint plen = 0;

		if (nfd_binding_get_mac(b) != NULL)
			nfd_proto_mac_format(nfd_binding_get_mac(b), mac);
		if (nfd_binding_get_ip4(b, &a4))
			inet_ntop(AF_INET, &a4, ip, sizeof(ip));
		if (nfd_binding_get_eui64(b, &a6)) {
			inet_ntop(AF_INET6, &a6, ip6, sizeof(ip6));
		} else if (nfd_binding_get_subnet6(b, &a6, &plen)) {
			gchar net[INET6_ADDRSTRLEN];
			inet_ntop(AF_INET6, &a6, net, sizeof(net));
			g_snprintf(ip6, sizeof(ip6), "%s/%u", net, plen);
		}
		g_string_append_printf(
		    str,
		    "%-12s %-8u %-18s %-16s %-24s %s\n",
		    nfd_binding_get_tap(b),
		    nfd_binding_get_ifindex(b),
		    mac,
		    ip,
		    nfd_binding_get_hostname(b) != NULL ? nfd_binding_get_hostname(b) : "-",
		    ip6);
	}
	return g_string_free(str, FALSE);
}

guint64
nfd_binding_store_get_error_count(NfdBindingStore *self)
{
	return self->n_errors;
}

guint64
nfd_binding_store_get_listing_count(NfdBindingStore *self)
{
	return self->n_listings;
}
