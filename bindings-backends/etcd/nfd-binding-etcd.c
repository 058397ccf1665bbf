/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The etcd binding backend: one key per tap under a per-host prefix of an etcd v3 cluster
 * ([binding-backend:etcd] prefix, default /nfdhcpd/bindings/<hostname>/), the value being the
 * same GRNET binding text as a binding file.  A controller publishes a binding once; the host
 * whose prefix it is serves it as soon as the watch delivers it.
 *
 * Life cycle (all in the main loop, through NfdEtcdClient):
 *  - load: the prefix is read in pages of up to NFD_ETCD_PAGE keys, all pages at the revision
 *    of the first; each page goes to the store as GRNET text as soon as it is parsed, and is
 *    dropped: one full listing (begin_resync at the first page .. end_resync after the last),
 *    after which the store removes what the listing did not name.  Nothing of a value is kept
 *    here: at 65,000 keys a listing held until its end cost 30 MB more at the peak and left
 *    the heap fragmented.  A load that fails half-way has applied some of the values of a
 *    newer revision and removed nothing; it is retried as a load (not as a watch resumed from
 *    an older revision), whose listing replaces the unfinished one;
 *  - watch: from the revision after the load; each put or delete is one binding change;
 *  - the watch lost (etcd stopped, connection reset, an error): the bindings stay in force;
 *    after a delay the watch resumes from the revision after the last one applied, so nothing
 *    that changed meanwhile is missed (a watch lost in the middle of a revision that came in
 *    fragments reads everything again instead); the endpoints are tried in turn;
 *  - that revision compacted away (the watch is canceled with compact_revision): load again;
 *  - etcd unreachable at start: no bindings are served until the first load succeeds.
 * Retries wait a capped exponential delay with jitter (200 ms doubling up to 10 s, half of it
 * random), reset once a watch is established.  The store parses the values
 * (nfd_binding_sink_upsert_text(), the parser of `nfdhcpd --check-bindings`).  A bad value
 * (unparsable binding, more than 16 KiB) is reported once per distinct content, naming the key,
 * and the binding last loaded from that key stays, as with the directory backend.  Keys below the
 * prefix that are not tap names (a '/' inside, more than 15 bytes, ...) are reported once and
 * ignored.  What the backend keeps per key is only that report-once record, for the keys whose
 * value is bad; the number of good ones is a count (a put with version 1 creates its key).
 *
 * The state (endpoint, revision, retries, last error) is logged when it changes, and shown by
 * the SDK's status() hook (`nfdhcpctl status`, the daemon's SIGUSR1 dump).
 */
#include <string.h>

#include "nfd-binding-backend.h"
#include "nfd-etcd-client.h"
#include "nfd-etcd-proto.h"

#define NFD_ETCD_DEFAULT_ENDPOINT "http://127.0.0.1:2379"
/* keys per range request: fewer round trips against a bounded transient parse tree (about
 * 2 KiB a key while a page is parsed) */
#ifndef NFD_ETCD_PAGE
#define NFD_ETCD_PAGE 500
#endif
#define NFD_ETCD_MAX_MESSAGE (8 << 20)
/* as the directory backend and the core's parser: a binding is a dozen short lines */
#define NFD_ETCD_BINDING_MAX (16 * 1024)
#define NFD_ETCD_RETRY_BASE_MS 200
#define NFD_ETCD_RETRY_CAP_MS 10000
#define NFD_ETCD_DIAL_TIMEOUT_MS 5000

typedef enum {
	NFD_ETCD_STATE_STARTING,
	NFD_ETCD_STATE_LOADING,
	NFD_ETCD_STATE_CONNECTING, /* the watch requested, not yet created */
	NFD_ETCD_STATE_WATCHING,
	NFD_ETCD_STATE_WAITING, /* for the next attempt */
	NFD_ETCD_STATE_CLOSED,
} NfdEtcdState;

static const gchar *const nfd_etcd_state_names[] =
    {"starting", "loading", "connecting", "watching", "waiting to retry", "closed"};

/* a bad value reported: what it was (a checksum) and what was said about it */
typedef struct {
	gchar *fingerprint;
	GError *error;
} NfdEtcdBad;

typedef struct {
	NfdBindingSink *sink;
	NfdEtcdClient *client;
	GBytes *prefix;
	GBytes *range_end;
	gchar *prefix_str;
	/* tap or key -> NfdEtcdBad: the bad value already reported; for a tap key that exists,
	 * present exactly while its value is bad */
	GHashTable *bad;
	guint n_good; /* tap keys whose value is a binding */
	guint n_bad;  /* tap keys whose value is not (each keeps its tap's previous binding) */
	/* a load in progress */
	GCancellable *cancellable;
	gboolean listing; /* the store's full listing begun (by this or a failed load), not ended */
	gboolean load_begun; /* this load began its listing */
	guint load_good;
	guint load_bad;
	/* the page read last, parsed, applied to the store while etcd prepares the next one */
	NfdEtcdRange *pending;
	gboolean pending_last;
	guint pending_source;
	GBytes *next_key;
	gint64 load_revision;
	guint page_limit;
	gint64 load_started;
	/* the watch */
	gint64 revision; /* the store revision the bindings reflect */
	gboolean loaded; /* a load completed since open() */
	gboolean mid_revision;
	/* retries and status */
	NfdEtcdState state;
	gint64 state_since;
	guint attempt;
	guint retry_source;
	guint start_source;
	GRand *rand;
	gchar *last_error;
	guint64 n_reconnects;
	guint64 n_loads;
	guint64 n_events;
} NfdBindingEtcd;

static void
nfd_binding_etcd_load_start(NfdBindingEtcd *self);
static void
nfd_binding_etcd_watch_start(NfdBindingEtcd *self);

static void
nfd_etcd_bad_free(NfdEtcdBad *bad)
{
	g_free(bad->fingerprint);
	g_clear_error(&bad->error);
	g_free(bad);
}

static void
nfd_binding_etcd_free(NfdBindingEtcd *self)
{
	g_clear_object(&self->client);
	g_clear_object(&self->cancellable);
	g_clear_pointer(&self->prefix, g_bytes_unref);
	g_clear_pointer(&self->range_end, g_bytes_unref);
	g_clear_pointer(&self->next_key, g_bytes_unref);
	g_clear_pointer(&self->bad, g_hash_table_unref);
	g_clear_pointer(&self->pending, nfd_etcd_range_free);
	g_clear_pointer(&self->rand, g_rand_free);
	g_free(self->prefix_str);
	g_free(self->last_error);
}

static NfdBindingEtcd *
nfd_binding_etcd_ref(NfdBindingEtcd *self)
{
	return g_rc_box_acquire(self);
}

static void
nfd_binding_etcd_unref(NfdBindingEtcd *self)
{
	g_rc_box_release_full(self, (GDestroyNotify)nfd_binding_etcd_free);
}

static void
nfd_binding_etcd_set_state(NfdBindingEtcd *self, NfdEtcdState state)
{
	if (self->state == state)
		return;
	self->state = state;
	self->state_since = g_get_monotonic_time();
}

/* SDK 1.1: the backend's state for `nfdhcpctl status` and SIGUSR1 */
static void
nfd_binding_etcd_status(NfdBindingBackend *backend, NfdFields *out)
{
	NfdBindingEtcd *self = nfd_binding_backend_get_data(backend);

	if (self == NULL)
		return;
	nfd_fields_add(out,
		       "state",
		       "%s for %" G_GINT64_FORMAT " s",
		       nfd_etcd_state_names[self->state],
		       (g_get_monotonic_time() - self->state_since) / G_USEC_PER_SEC);
	nfd_fields_add(out,
		       "endpoint",
		       "%s",
		       self->client != NULL ? nfd_etcd_client_get_endpoint(self->client) : "-");
	nfd_fields_add(out, "prefix", "%s", self->prefix_str);
	nfd_fields_add(out, "revision", "%" G_GINT64_FORMAT, self->revision);
	nfd_fields_add(out, "bindings", "%u", self->n_good);
	nfd_fields_add(out, "bad values", "%u", self->n_bad);
	nfd_fields_add(out, "failed attempts", "%u", self->attempt);
	nfd_fields_add(out, "reconnects", "%" G_GUINT64_FORMAT, self->n_reconnects);
	nfd_fields_add(out, "full reads", "%" G_GUINT64_FORMAT, self->n_loads);
	nfd_fields_add(out, "changes applied", "%" G_GUINT64_FORMAT, self->n_events);
	nfd_fields_add(out,
		       "last error",
		       "%s",
		       self->last_error != NULL ? self->last_error : "none");
}

/* ---- values ---- */

/* once per distinct problem: a controller that rewrites the same bad value does not spam.  A
 * repeat still goes to the store, with the words it had the first time, which the store then
 * logs no more: inside a full listing that is what keeps the tap's previous binding. */
static void
nfd_binding_etcd_report(NfdBindingEtcd *self,
			const gchar *tap,
			const gchar *id,
			const gchar *fingerprint,
			const GError *error)
{
	NfdEtcdBad *bad = g_hash_table_lookup(self->bad, id);

	if (bad != NULL && g_strcmp0(bad->fingerprint, fingerprint) == 0) {
		if (tap != NULL)
			nfd_binding_sink_report_error(self->sink, tap, bad->error);
		return;
	}
	bad = g_new0(NfdEtcdBad, 1);
	bad->fingerprint = g_strdup(fingerprint);
	bad->error = g_error_copy(error);
	g_hash_table_replace(self->bad, g_strdup(id), bad);
	nfd_binding_sink_report_error(self->sink, tap, error);
}

/* the tap a key names, or NULL (reported) for keys that are not tap names */
static gchar *
nfd_binding_etcd_key_tap(NfdBindingEtcd *self, GBytes *key, const gchar *desc)
{
	g_autoptr(GError) error = NULL;
	gchar *tap = nfd_etcd_key_to_tap(self->prefix, key, &error);

	if (tap == NULL) {
		g_prefix_error(&error, "etcd key %s: ", desc);
		nfd_binding_etcd_report(self, NULL, desc, "name", error);
	}
	return tap;
}

/* the one place a value goes to the store, as GRNET text; FALSE (reported) when it is bad, and
 * the tap then keeps its previous binding */
static gboolean
nfd_binding_etcd_apply(NfdBindingEtcd *self,
		       const gchar *tap,
		       const gchar *desc,
		       GBytes *value,
		       gint64 mod_revision)
{
	g_autoptr(GError) error = NULL;
	/* the key alone: the store keeps a prefix + tap origin without a copy per binding (the
	 * revision in it cost 100 bytes a binding); a report names the revision too */
	g_autofree gchar *origin = g_strdup_printf("etcd key %s", desc);
	g_autofree gchar *fingerprint = NULL;
	gsize len = 0;
	const gchar *data = g_bytes_get_data(value, &len);

	if (len > NFD_ETCD_BINDING_MAX) {
		g_set_error(&error,
			    NFD_ERROR,
			    NFD_ERROR_BINDING,
			    "%s: larger than %u bytes, not a binding",
			    origin,
			    (guint)NFD_ETCD_BINDING_MAX);
	} else if (nfd_binding_sink_upsert_text(self->sink,
						tap,
						data != NULL ? data : "",
						len,
						origin,
						&error)) {
		g_hash_table_remove(self->bad, tap);
		return TRUE;
	}
	if (g_str_has_prefix(error->message, origin)) {
		gchar *message = g_strdup_printf("%s (revision %" G_GINT64_FORMAT ")%s",
						 origin,
						 mod_revision,
						 error->message + strlen(origin));
		g_free(error->message);
		error->message = message;
	}
	fingerprint = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, value);
	nfd_binding_etcd_report(self, tap, tap, fingerprint, error);
	return FALSE;
}

/* a watch's put: the key was good before unless the put created it (version 1) or its value
 * was bad (the watch follows a load or a watch, so every existing key was seen) */
static void
nfd_binding_etcd_put(NfdBindingEtcd *self, NfdEtcdKv *kv)
{
	g_autofree gchar *desc = nfd_etcd_key_describe(kv->key);
	g_autofree gchar *tap = nfd_binding_etcd_key_tap(self, kv->key, desc);
	gboolean was_good;
	gboolean was_bad;

	if (tap == NULL)
		return;
	was_bad = kv->version > 1 && g_hash_table_contains(self->bad, tap);
	was_good = kv->version > 1 && !was_bad;
	if (nfd_binding_etcd_apply(self, tap, desc, kv->value, kv->mod_revision)) {
		self->n_good += was_good ? 0 : 1;
		self->n_bad -= was_bad && self->n_bad > 0 ? 1 : 0;
	} else {
		self->n_good -= was_good && self->n_good > 0 ? 1 : 0;
		self->n_bad += was_bad ? 0 : 1;
	}
}

static void
nfd_binding_etcd_delete(NfdBindingEtcd *self, GBytes *key)
{
	g_autofree gchar *tap = nfd_etcd_key_to_tap(self->prefix, key, NULL);
	g_autofree gchar *desc = nfd_etcd_key_describe(key);

	g_hash_table_remove(self->bad, desc);
	if (tap == NULL)
		return;
	/* etcd sends a deletion only of a key that exists */
	if (g_hash_table_remove(self->bad, tap))
		self->n_bad -= self->n_bad > 0 ? 1 : 0;
	else
		self->n_good -= self->n_good > 0 ? 1 : 0;
	/* also a binding kept for this tap by the store through a bad value: the key is gone */
	nfd_binding_sink_remove(self->sink, tap);
}

/* ---- failures and retries ---- */

static void
nfd_binding_etcd_drop_pending(NfdBindingEtcd *self)
{
	g_clear_handle_id(&self->pending_source, g_source_remove);
	g_clear_pointer(&self->pending, nfd_etcd_range_free);
}

static gboolean
nfd_binding_etcd_retry_cb(gpointer user_data)
{
	NfdBindingEtcd *self = user_data;

	self->retry_source = 0;
	/* a load that applied part of its listing, or a watch lost in the middle of a fragmented
	 * revision, is not resumed: what it applied is newer than the revision a watch would
	 * resume from */
	if (self->loaded && !self->listing && !self->mid_revision) {
		g_info("resuming the watch from revision %" G_GINT64_FORMAT " on %s (attempt %u)",
		       self->revision + 1,
		       nfd_etcd_client_get_endpoint(self->client),
		       self->attempt + 1);
		nfd_binding_etcd_watch_start(self);
	} else {
		g_info("loading bindings from %s (attempt %u)",
		       nfd_etcd_client_get_endpoint(self->client),
		       self->attempt + 1);
		nfd_binding_etcd_load_start(self);
	}
	return G_SOURCE_REMOVE;
}

/* something failed: keep what is served, try again later, on the next endpoint */
static void
nfd_binding_etcd_failed(NfdBindingEtcd *self, const gchar *what, const GError *error)
{
	g_autofree gchar *msg = g_strdup_printf("%s: %s", what, error->message);
	gboolean repeated = g_strcmp0(msg, self->last_error) == 0;
	guint delay;

	g_cancellable_cancel(self->cancellable);
	g_clear_object(&self->cancellable);
	nfd_etcd_client_watch_stop(self->client);
	nfd_binding_etcd_drop_pending(self);
	self->attempt++;
	delay = nfd_etcd_backoff_delay(self->attempt,
				       NFD_ETCD_RETRY_BASE_MS,
				       NFD_ETCD_RETRY_CAP_MS,
				       g_rand_int(self->rand));
	g_free(self->last_error);
	self->last_error = g_steal_pointer(&msg);
	/* the same failure again (etcd still down) is not worth a warning every few seconds */
	g_log_structured(
	    G_LOG_DOMAIN,
	    repeated ? G_LOG_LEVEL_INFO : G_LOG_LEVEL_WARNING,
	    "MESSAGE",
	    "%s; %s; retrying in %u ms%s",
	    self->last_error,
	    self->loaded ? "keeping the bindings in force" : "no bindings read from etcd yet",
	    delay,
	    nfd_etcd_client_get_n_endpoints(self->client) > 1 ? " on the next endpoint" : "");
	nfd_etcd_client_next_endpoint(self->client);
	nfd_binding_etcd_set_state(self, NFD_ETCD_STATE_WAITING);
	self->retry_source = g_timeout_add(delay, nfd_binding_etcd_retry_cb, self);
}

/* ---- the load ---- */

static void
nfd_binding_etcd_load_page(NfdBindingEtcd *self);

/* the store's full listing, begun at the first page of a load (or at its end, if empty) */
static void
nfd_binding_etcd_load_begin(NfdBindingEtcd *self)
{
	if (self->load_begun)
		return;
	nfd_binding_sink_begin_resync(self->sink);
	self->load_begun = TRUE;
	self->listing = TRUE;
}

/* the last page applied: the listing ends (the store removes what it did not name) */
static void
nfd_binding_etcd_load_finish(NfdBindingEtcd *self)
{
	nfd_binding_etcd_load_begin(self);
	nfd_binding_sink_end_resync(self->sink);
	self->listing = FALSE;
	self->n_good = self->load_good;
	self->n_bad = self->load_bad;
	self->revision = self->load_revision;
	self->mid_revision = FALSE;
	self->loaded = TRUE;
	self->n_loads++;
	g_clear_object(&self->cancellable);
}

static void
nfd_binding_etcd_load_done(NfdBindingEtcd *self)
{
	g_autofree gchar *bad = NULL;

	nfd_binding_etcd_load_finish(self);
	if (self->load_bad > 0)
		bad = g_strdup_printf(" (%u keys with a bad value)", self->load_bad);
	g_message("%u bindings under %s at revision %" G_GINT64_FORMAT
		  " from %s in %" G_GINT64_FORMAT " ms%s",
		  self->n_good,
		  self->prefix_str,
		  self->revision,
		  nfd_etcd_client_get_endpoint(self->client),
		  (g_get_monotonic_time() - self->load_started) / 1000,
		  bad != NULL ? bad : "");
	nfd_binding_etcd_watch_start(self);
}

/* one page to the store: each value parsed there as it comes (a bad one keeps the tap's
 * previous binding), nothing kept here */
static void
nfd_binding_etcd_load_range(NfdBindingEtcd *self, NfdEtcdRange *range)
{
	nfd_binding_etcd_load_begin(self);
	for (guint i = 0; i < range->kvs->len; i++) {
		NfdEtcdKv *kv = g_ptr_array_index(range->kvs, i);
		g_autofree gchar *desc = nfd_etcd_key_describe(kv->key);
		g_autofree gchar *tap = nfd_binding_etcd_key_tap(self, kv->key, desc);

		if (tap == NULL)
			continue;
		if (nfd_binding_etcd_apply(self, tap, desc, kv->value, kv->mod_revision))
			self->load_good++;
		else
			self->load_bad++;
	}
}

/* the pending page to the store, and the load done if it was the last */
static void
nfd_binding_etcd_flush(NfdBindingEtcd *self)
{
	g_autoptr(NfdEtcdRange) range = g_steal_pointer(&self->pending);

	g_clear_handle_id(&self->pending_source, g_source_remove);
	if (range == NULL)
		return;
	nfd_binding_etcd_load_range(self, range);
	if (self->pending_last)
		nfd_binding_etcd_load_done(self);
}

static gboolean
nfd_binding_etcd_pending_cb(gpointer user_data)
{
	NfdBindingEtcd *self = user_data;

	self->pending_source = 0;
	nfd_binding_etcd_flush(self);
	return G_SOURCE_REMOVE;
}

/* the answer to a request of a load that is no more: closed, or superseded (SIGHUP, a
 * failure); each load has its own GCancellable, cancelled when it ends */
static gboolean
nfd_binding_etcd_is_stale(NfdBindingEtcd *self, GAsyncResult *res)
{
	GCancellable *c = g_task_get_cancellable(G_TASK(res));

	return self->state != NFD_ETCD_STATE_LOADING || c != self->cancellable ||
	       g_cancellable_is_cancelled(c);
}

/* a single key too large for a response (etcd's --max-request-bytes raised above our limit):
 * its name, keys only, then the load goes on after it */
static void
nfd_binding_etcd_probe_cb(GObject *source, GAsyncResult *res, gpointer user_data)
{
	NfdBindingEtcd *self = user_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) body = nfd_etcd_client_call_finish(NFD_ETCD_CLIENT(source), res, &error);
	g_autoptr(NfdEtcdRange) range = NULL;
	gsize len = 0;

	if (nfd_binding_etcd_is_stale(self, res)) {
		nfd_binding_etcd_unref(self);
		return;
	}
	nfd_binding_etcd_flush(self);
	if (body != NULL)
		range = nfd_etcd_parse_range(g_bytes_get_data(body, &len), len, &error);
	if (range == NULL) {
		nfd_binding_etcd_failed(self, "loading the bindings", error);
	} else if (range->kvs->len == 0) {
		nfd_binding_etcd_load_done(self);
	} else {
		NfdEtcdKv *kv = g_ptr_array_index(range->kvs, 0);
		g_autofree gchar *desc = nfd_etcd_key_describe(kv->key);
		g_autofree gchar *tap = nfd_etcd_key_to_tap(self->prefix, kv->key, NULL);
		g_autoptr(GError) e = g_error_new(NFD_ERROR,
						  NFD_ERROR_BINDING,
						  "etcd key %s: the value is larger than %u bytes",
						  desc,
						  (guint)NFD_ETCD_MAX_MESSAGE);

		/* part of the listing, which keeps the tap's previous binding */
		nfd_binding_etcd_load_begin(self);
		nfd_binding_etcd_report(self, tap, tap != NULL ? tap : desc, "huge", e);
		if (tap != NULL)
			self->load_bad++;
		g_bytes_unref(self->next_key);
		self->next_key = nfd_etcd_key_successor(kv->key);
		nfd_binding_etcd_load_page(self);
	}
	nfd_binding_etcd_unref(self);
}

static void
nfd_binding_etcd_probe(NfdBindingEtcd *self)
{
	g_autofree gchar *body =
	    nfd_etcd_range_request(self->next_key, self->range_end, self->load_revision, 1, TRUE);

	nfd_etcd_client_call(self->client,
			     "/v3/kv/range",
			     body,
			     self->cancellable,
			     nfd_binding_etcd_probe_cb,
			     nfd_binding_etcd_ref(self));
}

static void
nfd_binding_etcd_page_cb(GObject *source, GAsyncResult *res, gpointer user_data)
{
	NfdBindingEtcd *self = user_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) body = nfd_etcd_client_call_finish(NFD_ETCD_CLIENT(source), res, &error);
	g_autoptr(NfdEtcdRange) range = NULL;
	gsize len = 0;
	const gchar *data;

	if (nfd_binding_etcd_is_stale(self, res)) {
		nfd_binding_etcd_unref(self);
		return;
	}
	if (body != NULL) {
		data = g_bytes_get_data(body, &len);
		range = nfd_etcd_parse_range(data, len, &error);
	}
	if (range == NULL && g_error_matches(error, NFD_ETCD_ERROR, NFD_ETCD_ERROR_TOO_LARGE)) {
		/* huge values: smaller pages, down to one key, which is then skipped */
		if (self->page_limit > 1) {
			self->page_limit = MAX(self->page_limit / 8, 1u);
			nfd_binding_etcd_load_page(self);
		} else {
			nfd_binding_etcd_probe(self);
		}
	} else if (range == NULL &&
		   g_error_matches(error, NFD_ETCD_ERROR, NFD_ETCD_ERROR_COMPACTED)) {
		/* the revision of the first page was compacted while paging: start over */
		g_info("revision %" G_GINT64_FORMAT " compacted during the load, reading again",
		       self->load_revision);
		nfd_binding_etcd_load_start(self);
	} else if (range == NULL) {
		nfd_binding_etcd_failed(self,
					self->loaded ? "reading the bindings again"
						     : "loading the bindings",
					error);
	} else {
		gboolean more = range->more && range->kvs->len > 0;

		if (self->load_revision == 0)
			self->load_revision = range->revision;
		if (range->kvs->len > 0) {
			NfdEtcdKv *last = g_ptr_array_index(range->kvs, range->kvs->len - 1);
			g_bytes_unref(self->next_key);
			self->next_key = nfd_etcd_key_successor(last->key);
		}
		self->page_limit = MIN(self->page_limit * 2, (guint)NFD_ETCD_PAGE);
		/* the next page is asked for now, and this one parsed once the request is out, so
		 * that etcd prepares one while the other is parsed (at 65k keys each side takes
		 * about half of the load) */
		nfd_binding_etcd_flush(self);
		if (more)
			nfd_binding_etcd_load_page(self);
		self->pending = g_steal_pointer(&range);
		self->pending_last = !more;
		self->pending_source = g_idle_add(nfd_binding_etcd_pending_cb, self);
	}
	nfd_binding_etcd_unref(self);
}

static void
nfd_binding_etcd_load_page(NfdBindingEtcd *self)
{
	g_autofree gchar *body = nfd_etcd_range_request(self->next_key,
							self->range_end,
							self->load_revision,
							self->page_limit,
							FALSE);

	nfd_etcd_client_call(self->client,
			     "/v3/kv/range",
			     body,
			     self->cancellable,
			     nfd_binding_etcd_page_cb,
			     nfd_binding_etcd_ref(self));
}

static void
nfd_binding_etcd_load_start(NfdBindingEtcd *self)
{
	if (self->cancellable != NULL)
		g_cancellable_cancel(self->cancellable);
	g_clear_object(&self->cancellable);
	nfd_etcd_client_watch_stop(self->client);
	self->cancellable = g_cancellable_new();
	nfd_binding_etcd_drop_pending(self);
	self->load_begun = FALSE;
	self->load_good = 0;
	self->load_bad = 0;
	g_bytes_unref(self->next_key);
	self->next_key = g_bytes_ref(self->prefix);
	self->load_revision = 0;
	self->page_limit = NFD_ETCD_PAGE;
	self->load_started = g_get_monotonic_time();
	nfd_binding_etcd_set_state(self, NFD_ETCD_STATE_LOADING);
	nfd_binding_etcd_load_page(self);
}

#ifdef NFD_ETCD_TESTING
void
nfd_binding_etcd_test_load_page(NfdBindingBackend *backend,
				const gchar *data,
				gsize len,
				gboolean last);

/* the unit tests' way into a load: a page as if etcd had answered with @data, the last one if
 * @last (the load then ends without starting a watch); nothing is sent anywhere */
void
nfd_binding_etcd_test_load_page(NfdBindingBackend *backend,
				const gchar *data,
				gsize len,
				gboolean last)
{
	NfdBindingEtcd *self = nfd_binding_backend_get_data(backend);
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdEtcdRange) range = nfd_etcd_parse_range(data, len, &error);

	g_assert_no_error(error);
	if (self->state != NFD_ETCD_STATE_LOADING) {
		g_clear_handle_id(&self->start_source, g_source_remove);
		g_clear_object(&self->cancellable);
		self->cancellable = g_cancellable_new();
		self->load_begun = FALSE;
		self->load_good = 0;
		self->load_bad = 0;
		self->load_revision = range->revision;
		nfd_binding_etcd_set_state(self, NFD_ETCD_STATE_LOADING);
	}
	nfd_binding_etcd_load_range(self, range);
	if (last) {
		nfd_binding_etcd_load_finish(self);
		nfd_binding_etcd_set_state(self, NFD_ETCD_STATE_WAITING);
	}
}
#endif

/* ---- the watch ---- */

static void
nfd_binding_etcd_watch_events(NfdBindingEtcd *self, NfdEtcdWatch *watch)
{
	for (guint i = 0; i < watch->events->len; i++) {
		NfdEtcdKv *ev = g_ptr_array_index(watch->events, i);

		if (ev->value != NULL)
			nfd_binding_etcd_put(self, ev);
		else
			nfd_binding_etcd_delete(self, ev->key);
		self->revision = MAX(self->revision, ev->mod_revision);
		self->n_events++;
	}
	/* a fragment leaves the rest of its revision to come: resume at that revision */
	if (watch->fragment)
		g_debug("a fragment of revision %" G_GINT64_FORMAT ": %u events",
			self->revision,
			watch->events->len);
	self->mid_revision = watch->fragment;
}

static gboolean
nfd_binding_etcd_watch_message(const gchar *data, gsize len, gpointer user_data)
{
	NfdBindingEtcd *self = user_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdEtcdWatch) watch = nfd_etcd_parse_watch(data, len, &error);

	if (watch == NULL) {
		if (g_error_matches(error, NFD_ETCD_ERROR, NFD_ETCD_ERROR_AUTH))
			nfd_etcd_client_forget_token(self->client);
		nfd_binding_etcd_failed(self, "watch", error);
		return FALSE;
	}
	if (watch->canceled && watch->compact_revision > 0) {
		g_message("revision %" G_GINT64_FORMAT " is compacted (etcd keeps %" G_GINT64_FORMAT
			  " on): reading every binding again",
			  self->revision + 1,
			  watch->compact_revision);
		nfd_binding_etcd_load_start(self);
		return FALSE;
	}
	if (watch->canceled) {
		/* etcd cancels a watch whose token it refuses (cancel_reason says so) */
		nfd_etcd_client_forget_token(self->client);
		g_autoptr(GError) e = g_error_new(
		    NFD_ETCD_ERROR,
		    NFD_ETCD_ERROR_SERVER,
		    "the watch was canceled: %s",
		    watch->cancel_reason != NULL ? watch->cancel_reason : "no reason given");
		nfd_binding_etcd_failed(self, "watch", e);
		return FALSE;
	}
	if (watch->created && self->state != NFD_ETCD_STATE_WATCHING) {
		if (self->attempt > 0)
			self->n_reconnects++;
		g_message("watching %s from revision %" G_GINT64_FORMAT " on %s%s",
			  self->prefix_str,
			  self->revision + (self->mid_revision ? 0 : 1),
			  nfd_etcd_client_get_endpoint(self->client),
			  self->attempt > 0 ? " (reconnected)" : "");
		self->attempt = 0;
		nfd_binding_etcd_set_state(self, NFD_ETCD_STATE_WATCHING);
	}
	nfd_binding_etcd_watch_events(self, watch);
	/* a progress notification: the watcher is in sync up to that revision (etcd sends them
	 * only then), so a resumed watch can start after it */
	if (watch->events->len == 0 && !watch->created && !watch->fragment && !self->mid_revision &&
	    watch->revision > self->revision)
		self->revision = watch->revision;
	return TRUE;
}

static void
nfd_binding_etcd_watch_end(const GError *error, gpointer user_data)
{
	NfdBindingEtcd *self = user_data;

	/* resuming would meet the same message again: a full read skips the huge key */
	if (g_error_matches(error, NFD_ETCD_ERROR, NFD_ETCD_ERROR_TOO_LARGE)) {
		g_warning("watch: %s: reading every binding again", error->message);
		nfd_binding_etcd_load_start(self);
		return;
	}
	nfd_binding_etcd_failed(self, "watch", error);
}

static void
nfd_binding_etcd_watch_start(NfdBindingEtcd *self)
{
	gint64 start = self->revision + (self->mid_revision ? 0 : 1);
	g_autofree gchar *body = nfd_etcd_watch_request(self->prefix, self->range_end, start);

	nfd_binding_etcd_set_state(self, NFD_ETCD_STATE_CONNECTING);
	nfd_etcd_client_watch(self->client,
			      body,
			      nfd_binding_etcd_watch_message,
			      nfd_binding_etcd_watch_end,
			      self);
}

/* ---- the backend ---- */

static gboolean
nfd_binding_etcd_start_cb(gpointer user_data)
{
	NfdBindingEtcd *self = user_data;

	self->start_source = 0;
	nfd_binding_etcd_load_start(self);
	return G_SOURCE_REMOVE;
}

static void
nfd_binding_etcd_close(NfdBindingBackend *backend)
{
	NfdBindingEtcd *self = nfd_binding_backend_get_data(backend);

	if (self == NULL || self->state == NFD_ETCD_STATE_CLOSED)
		return;
	nfd_binding_etcd_set_state(self, NFD_ETCD_STATE_CLOSED);
	g_clear_handle_id(&self->retry_source, g_source_remove);
	g_clear_handle_id(&self->start_source, g_source_remove);
	nfd_binding_etcd_drop_pending(self);
	if (self->cancellable != NULL)
		g_cancellable_cancel(self->cancellable);
	if (self->client != NULL)
		nfd_etcd_client_watch_stop(self->client);
}

static gboolean
nfd_binding_etcd_rescan(NfdBindingBackend *backend, GError **error)
{
	NfdBindingEtcd *self = nfd_binding_backend_get_data(backend);

	if (self == NULL || self->state == NFD_ETCD_STATE_CLOSED) {
		g_set_error_literal(error, NFD_ERROR, NFD_ERROR_FAILED, "backend is not open");
		return FALSE;
	}
	/* SIGHUP: read everything again now, whatever the state (a retry waits no longer) */
	g_clear_handle_id(&self->retry_source, g_source_remove);
	g_clear_handle_id(&self->start_source, g_source_remove);
	self->attempt = 0;
	nfd_binding_etcd_load_start(self);
	return TRUE;
}

/* a configuration problem, naming the file, line, group and key */
static gboolean
nfd_binding_etcd_config_error(const NfdConfigSection *config,
			      const gchar *key,
			      GError **error,
			      const gchar *why)
{
	g_autofree gchar *where = nfd_config_section_describe_key(config, key);

	g_set_error(error, NFD_ERROR, NFD_ERROR_CONFIG, "%s: %s", where, why);
	return FALSE;
}

/* [binding-backend:etcd] endpoints, validated; NULL-terminated */
static GPtrArray *
nfd_binding_etcd_endpoints(const NfdConfigSection *config, gboolean *any_tls, GError **error)
{
	g_auto(GStrv) list = NULL;
	g_autoptr(GPtrArray) endpoints = g_ptr_array_new_with_free_func(g_free);

	*any_tls = FALSE;
	if (!nfd_config_section_get_string_list(config, "endpoints", &list, error))
		return NULL;
	if (list[0] == NULL && nfd_config_section_has_key(config, "endpoints")) {
		nfd_binding_etcd_config_error(config, "endpoints", error, "empty list");
		return NULL;
	}
	if (list[0] == NULL) {
		g_strfreev(list);
		list = g_strsplit(NFD_ETCD_DEFAULT_ENDPOINT, ",", -1);
	}
	for (guint i = 0; list[i] != NULL; i++) {
		g_autoptr(GError) error_local = NULL;
		gboolean tls = FALSE;
		gchar *url = nfd_etcd_parse_endpoint(list[i], &tls, &error_local);
		if (url == NULL) {
			nfd_binding_etcd_config_error(config,
						      "endpoints",
						      error,
						      error_local->message);
			return NULL;
		}
		*any_tls |= tls;
		g_ptr_array_add(endpoints, url);
	}
	g_ptr_array_add(endpoints, NULL);
	return g_steal_pointer(&endpoints);
}

/* [binding-backend:etcd] prefix, as a directory ("host1" must not also cover "host10") */
static gchar *
nfd_binding_etcd_prefix(const NfdConfigSection *config, GError **error)
{
	const gchar *prefix = nfd_config_section_get_string(config, "prefix", NULL);

	if (prefix == NULL)
		return g_strdup_printf("/nfdhcpd/bindings/%s/", g_get_host_name());
	if (prefix[0] == '\0') {
		nfd_binding_etcd_config_error(config, "prefix", error, "empty");
		return NULL;
	}
	return g_str_has_suffix(prefix, "/") ? g_strdup(prefix) : g_strconcat(prefix, "/", NULL);
}

/* the TLS files and the credentials: what goes together, and only with https */
static gboolean
nfd_binding_etcd_check_credentials(const NfdConfigSection *config,
				   const NfdEtcdClientOptions *opts,
				   gboolean any_tls,
				   GError **error)
{
	const gchar *tls_keys[] = {"ca-file", "cert-file", "key-file"};

	for (guint i = 0; i < G_N_ELEMENTS(tls_keys); i++) {
		const gchar *path = nfd_config_section_get_string(config, tls_keys[i], NULL);
		if (path != NULL && !any_tls)
			return nfd_binding_etcd_config_error(config,
							     tls_keys[i],
							     error,
							     "no endpoint is https://");
		if (path != NULL && !g_path_is_absolute(path))
			return nfd_binding_etcd_config_error(config,
							     tls_keys[i],
							     error,
							     "not an absolute path");
	}
	if ((opts->cert_file == NULL) != (opts->key_file == NULL))
		return nfd_binding_etcd_config_error(config,
						     opts->cert_file == NULL ? "key-file"
									     : "cert-file",
						     error,
						     "cert-file and key-file go together");
	if ((opts->username == NULL) != (opts->password == NULL))
		return nfd_binding_etcd_config_error(config,
						     opts->username == NULL ? "password"
									    : "username",
						     error,
						     "username and password go together");
	return TRUE;
}

/*
 * The backend's group, read and validated without I/O: endpoints, dial-timeout, the TLS files
 * and credentials (what goes together), the prefix.  check() stops here; open() goes on and
 * makes the client, which reads the TLS files.  The strings in @opts point into @config.
 */
static gboolean
nfd_binding_etcd_parse(const NfdConfigSection *config,
		       NfdEtcdClientOptions *opts,
		       GPtrArray **endpoints_out,
		       gchar **prefix_out,
		       GError **error)
{
	g_autoptr(GPtrArray) endpoints = NULL;
	g_autoptr(GError) error_local = NULL;
	gboolean any_tls = FALSE;

	*opts = (NfdEtcdClientOptions){
	    .ca_file = nfd_config_section_get_string(config, "ca-file", NULL),
	    .cert_file = nfd_config_section_get_string(config, "cert-file", NULL),
	    .key_file = nfd_config_section_get_string(config, "key-file", NULL),
	    .username = nfd_config_section_get_string(config, "username", NULL),
	    .password = nfd_config_section_get_string(config, "password", NULL),
	    .dial_timeout_ms = NFD_ETCD_DIAL_TIMEOUT_MS,
	    .max_message = NFD_ETCD_MAX_MESSAGE,
	};
	endpoints = nfd_binding_etcd_endpoints(config, &any_tls, error);
	if (endpoints == NULL)
		return FALSE;
	opts->endpoints = (const gchar *const *)endpoints->pdata;
	if (nfd_config_section_has_key(config, "dial-timeout") &&
	    !nfd_etcd_parse_duration(nfd_config_section_get_string(config, "dial-timeout", ""),
				     300000,
				     &opts->dial_timeout_ms,
				     &error_local))
		return nfd_binding_etcd_config_error(config,
						     "dial-timeout",
						     error,
						     error_local->message);
	if (!nfd_binding_etcd_check_credentials(config, opts, any_tls, error))
		return FALSE;
	*prefix_out = nfd_binding_etcd_prefix(config, error);
	if (*prefix_out == NULL)
		return FALSE;
	*endpoints_out = g_steal_pointer(&endpoints);
	return TRUE;
}

/* --check-config and every reload: the same checks as open(), nothing read or connected */
static gboolean
nfd_binding_etcd_check(NfdBindingBackend *backend, const NfdConfigSection *config, GError **error)
{
	g_autoptr(GPtrArray) endpoints = NULL;
	g_autofree gchar *prefix = NULL;
	NfdEtcdClientOptions opts;

	return nfd_binding_etcd_parse(config, &opts, &endpoints, &prefix, error);
}

static gboolean
nfd_binding_etcd_configure(NfdBindingEtcd *self, const NfdConfigSection *config, GError **error)
{
	g_autoptr(GPtrArray) endpoints = NULL;
	g_autoptr(NfdEtcdClient) client = NULL;
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *prefix = NULL;
	NfdEtcdClientOptions opts;

	if (!nfd_binding_etcd_parse(config, &opts, &endpoints, &prefix, error))
		return FALSE;
	client = nfd_etcd_client_new(&opts, &error_local);
	if (client == NULL)
		return nfd_binding_etcd_config_error(
		    config,
		    g_str_has_prefix(error_local->message, "cert-file") ? "cert-file" : "ca-file",
		    error,
		    error_local->message);
	self->client = g_steal_pointer(&client);
	self->prefix = g_bytes_new(prefix, strlen(prefix));
	self->range_end = nfd_etcd_prefix_range_end(self->prefix);
	self->prefix_str = g_steal_pointer(&prefix);
	return TRUE;
}

static gboolean
nfd_binding_etcd_open(NfdBindingBackend *backend,
		      const NfdConfigSection *config,
		      NfdBindingSink *sink,
		      GError **error)
{
	NfdBindingEtcd *self = g_rc_box_new0(NfdBindingEtcd);
	g_autofree gchar *endpoints = NULL;

	self->sink = sink;
	self->bad = g_hash_table_new_full(g_str_hash,
					  g_str_equal,
					  g_free,
					  (GDestroyNotify)nfd_etcd_bad_free);
	self->rand = g_rand_new();
	self->state_since = g_get_monotonic_time();
	nfd_binding_backend_set_data(backend, self, (GDestroyNotify)nfd_binding_etcd_unref);
	if (!nfd_binding_etcd_configure(self, config, error))
		return FALSE;
	/* the first connection waits for the main loop: nothing in this process talks to the
	 * network (or starts a thread) before it runs unprivileged */
	self->start_source = g_idle_add(nfd_binding_etcd_start_cb, self);
	g_info("bindings from etcd %s under %s",
	       nfd_etcd_client_get_endpoint(self->client),
	       self->prefix_str);
	return TRUE;
}

static const gchar *const nfd_binding_etcd_keys[] = {"endpoints",
						     "prefix",
						     "ca-file",
						     "cert-file",
						     "key-file",
						     "username",
						     "password",
						     "dial-timeout",
						     NULL};

NFD_BINDING_BACKEND_DEFINE(etcd,
			   .description = "GRNET bindings as keys of an etcd v3 cluster, watched",
			   .version = NFD_PACKAGE_VERSION,
			   .origin = "nfdhcpd",
			   .config_keys = nfd_binding_etcd_keys,
			   .legacy_keys = NULL,
			   .open = nfd_binding_etcd_open,
			   .rescan = nfd_binding_etcd_rescan,
			   .close = nfd_binding_etcd_close,
			   .check = nfd_binding_etcd_check,
			   .status = nfd_binding_etcd_status);
