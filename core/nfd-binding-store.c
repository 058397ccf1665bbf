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
 * (begin_resync .. end_resync) removes what it did not name, after it upserted the rest; it may
 * span main-loop turns (the directory backend reads in slices), during which each tap keeps its
 * binding until the listing reaches it and whatever is upserted meanwhile counts as listed.
 */
#include <arpa/inet.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
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
	/* a set of NfdBinding (owned), keyed by tap name: a binding starts with its tap name
	 * (nfd-binding.c), so a plain name looks it up, and no name is copied */
	GHashTable *by_tap;
	GHashTable *by_ifindex; /* ifindex -> NfdBinding */
	/* a set of the bindings' MAC bytes (inside each NfdBinding; binding_of_mac() gets it
	 * back): a set costs one pointer a slot less than a map */
	GHashTable *by_mac;
	NfdBindingEventFunc func;
	gpointer user_data;
	NfdLinkResolveFunc resolve;
	gpointer resolve_data;
	guint8 router_mac[6];
	gboolean has_router_mac;
	guint64 n_errors;
	/* a full listing (begin_resync .. end_resync) marks each binding it names with its
	 * serial (nfd_binding_set_listing()); 0 outside a listing */
	guint resync;
	guint resync_serial;
	/* the last problem reported per tap, so that one bad content is reported once and not
	 * on every rescan; forgotten when the tap gets a binding, loses it or is not listed */
	GHashTable *errors; /* tap (owned) -> NfdBindingError (owned) */
	guint64 n_listings;
	/* while someone walks a list of the bindings (nfd_binding_store_hold()), the ones that
	 * leave the table are kept here */
	guint holds;
	GPtrArray *held;
	/* the initial load (a listing into an empty store) logs one summary line instead of
	 * one per binding; later rescans log each change as it happens, and a summary */
	gboolean bulk;
	guint bulk_added;
	guint bulk_changed;
	guint bulk_removed;
};

/* the last problem reported for a tap, and the listing that last named it */
typedef struct {
	gchar *message;
	guint listing;
} NfdBindingError;

static void
nfd_binding_error_free(NfdBindingError *error)
{
	g_free(error->message);
	g_free(error);
}

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
	self->by_tap =
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)nfd_binding_unref);
	self->by_ifindex = g_hash_table_new(g_direct_hash, g_direct_equal);
	self->by_mac = g_hash_table_new(mac_hash, mac_equal);
	self->errors = g_hash_table_new_full(g_str_hash,
					     g_str_equal,
					     g_free,
					     (GDestroyNotify)nfd_binding_error_free);
	return self;
}

void
nfd_binding_store_free(NfdBindingStore *self)
{
	if (self == NULL)
		return;
	g_hash_table_unref(self->errors);
	g_clear_pointer(&self->held, g_ptr_array_unref);
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
	if (mac != NULL && g_hash_table_lookup(self->by_mac, mac) == mac)
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
		g_hash_table_add(self->by_mac, (gpointer)mac);
}

static void
emit(NfdBindingStore *self, const NfdBinding *binding, NfdBindingEvent event)
{
	if (self->func != NULL)
		self->func(binding, event, self->user_data);
}

/* a binding leaves the table (replaced or removed): kept alive while a hold lasts */
static void
hold_leaving(NfdBindingStore *self, NfdBinding *binding)
{
	if (self->holds == 0)
		return;
	if (self->held == NULL)
		self->held = g_ptr_array_new_with_free_func((GDestroyNotify)nfd_binding_unref);
	g_ptr_array_add(self->held, nfd_binding_ref(binding));
}

/* inside a full listing: @tap is part of it (its binding, when it has one, is kept) */
static void
resync_mark(NfdBindingStore *self, const gchar *tap)
{
	NfdBinding *binding;

	if (self->resync == 0)
		return;
	binding = g_hash_table_lookup(self->by_tap, tap);
	if (binding != NULL)
		nfd_binding_set_listing(binding, self->resync);
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
	if (g_hash_table_size(self->errors) > 0)
		g_hash_table_remove(self->errors, tap);
	if (old != NULL && nfd_binding_equal(old, binding))
		return;
	nfd_binding_ref(binding);
	nfd_binding_set_listing(binding, self->resync);
	resolve_binding(self, binding);
	nfd_binding_set_changed(binding, g_get_real_time());
	/* the tap's statistics go on with its new binding */
	if (old != NULL) {
		unindex(self, old);
		nfd_binding_set_tap_stats(binding, nfd_binding_steal_tap_stats(old));
	}
	/* the old binding stays alive through the event: plugins may compare */
	if (old != NULL) {
		nfd_binding_ref(old);
		hold_leaving(self, old);
	}
	g_hash_table_replace(self->by_tap, binding, binding);
	index_binding(self, binding);
	if (self->resync != 0) {
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

	g_hash_table_remove(self->errors, tap);
	if (old == NULL)
		return;
	keep = nfd_binding_ref(old);
	hold_leaving(self, old);
	unindex(self, old);
	g_hash_table_remove(self->by_tap, tap);
	if (self->resync != 0)
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

	/* a backend closed half-way through its listing, or one whose load failed half-way (etcd
	 * hands each page over as it comes), left it unfinished: start over; an unfinished first
	 * listing is still the first, summed up in one line */
	gboolean resumed_bulk = self->resync != 0 && self->bulk;

	if (self->resync != 0)
		g_debug("a full listing was left unfinished; starting a new one");
	/* a serial no binding carries yet: bindings made outside a listing carry 0 */
	if (++self->resync_serial == 0)
		self->resync_serial = 1;
	self->resync = self->resync_serial;
	self->n_listings++;
	if (resumed_bulk)
		return;
	self->bulk = g_hash_table_size(self->by_tap) == 0;
	self->bulk_added = self->bulk_changed = self->bulk_removed = 0;
}

/* after the first listing: what reading it needed and no longer does (an etcd listing's pages
 * and texts, the files' buffers) goes back to the system, once, rather than staying in the
 * heap for the daemon's life (65,000 etcd bindings kept 69 MiB without this) */
static gboolean
trim_heap_cb(gpointer user_data)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
	return G_SOURCE_REMOVE;
}

void
nfd_binding_sink_end_resync(NfdBindingSink *sink)
{
	NfdBindingStore *self = sink->store;
	guint serial = self->resync;
	g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func(g_free);
	GHashTableIter iter;
	gpointer key;
	gpointer value;

	g_return_if_fail(serial != 0);
	self->resync = 0;
	g_hash_table_iter_init(&iter, self->by_tap);
	while (g_hash_table_iter_next(&iter, NULL, &value)) {
		if (nfd_binding_get_listing(value) != serial)
			g_ptr_array_add(gone, g_strdup(nfd_binding_get_tap(value)));
	}
	for (guint i = 0; i < gone->len; i++)
		nfd_binding_sink_remove(sink, g_ptr_array_index(gone, i));
	self->bulk_removed += gone->len;
	/* a bad record no longer listed is forgotten: if it comes back, it is reported again */
	g_hash_table_iter_init(&iter, self->errors);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		if (((NfdBindingError *)value)->listing != serial)
			g_hash_table_iter_remove(&iter);
	}
	if (self->bulk) {
		g_info("bindings loaded: %u", self->bulk_added);
		/* once the backend has freed what it read them with */
		g_idle_add_full(G_PRIORITY_LOW, trim_heap_cb, NULL, NULL);
	} else
		g_message("full listing done: %u bindings (%u added, %u changed, %u removed)",
			  g_hash_table_size(self->by_tap),
			  self->bulk_added,
			  self->bulk_changed,
			  self->bulk_removed);
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
		NfdBindingError *known = g_hash_table_lookup(self->errors, tap);
		if (known != NULL && g_strcmp0(known->message, message) == 0) {
			known->listing = self->resync;
			g_debug("bad binding for %s, as reported before: %s", tap, message);
			return;
		}
		known = g_new0(NfdBindingError, 1);
		known->message = g_strdup(message);
		known->listing = self->resync;
		g_hash_table_replace(self->errors, g_strdup(tap), known);
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
	const guint8 *found;

	if (mac == NULL)
		return NULL;
	found = g_hash_table_lookup(self->by_mac, mac);
	return found != NULL ? nfd_binding_of_mac(found) : NULL;
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
nfd_binding_store_hold(NfdBindingStore *self)
{
	GPtrArray *list = g_ptr_array_sized_new(g_hash_table_size(self->by_tap));
	GHashTableIter iter;
	gpointer value;

	/* the table's own array is read, not the bindings: no reference to take or drop on
	 * each of them (at 100,000 that was a pass of cache misses each way) */
	g_hash_table_iter_init(&iter, self->by_tap);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		g_ptr_array_add(list, value);
	self->holds++;
	return list;
}

void
nfd_binding_store_release(NfdBindingStore *self)
{
	g_return_if_fail(self->holds > 0);
	if (--self->holds == 0 && self->held != NULL)
		g_ptr_array_set_size(self->held, 0);
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
