/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The etcd v3 API as its gRPC JSON gateway speaks it (POST /v3/kv/range, /v3/watch,
 * /v3/auth/authenticate): request bodies, response parsing, the key space helpers of the etcd
 * binding backend and its retry delays.  Pure code: no I/O.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define NFD_ETCD_ERROR nfd_etcd_error_quark()

typedef enum {
	NFD_ETCD_ERROR_PROTOCOL,  /* a response that is not what the API says */
	NFD_ETCD_ERROR_TOO_LARGE, /* a message above the size limit */
	NFD_ETCD_ERROR_COMPACTED, /* the revision asked for is compacted away */
	NFD_ETCD_ERROR_AUTH,	  /* no token, or one the server no longer accepts */
	NFD_ETCD_ERROR_SERVER,	  /* any other error etcd reports */
} NfdEtcdError;

GQuark
nfd_etcd_error_quark(void);

/* one key-value of a range response, or one watch event (value NULL: a deletion) */
typedef struct {
	GBytes *key;
	GBytes *value;
	gint64 mod_revision;
	gint64 version; /* 1: the put created the key; 0 in a deletion */
} NfdEtcdKv;

typedef struct {
	gint64 revision; /* header.revision: the store's revision the range was read at */
	GPtrArray *kvs;	 /* NfdEtcdKv */
	gboolean more;
} NfdEtcdRange;

typedef struct {
	gint64 revision; /* header.revision */
	gint64 watch_id;
	gboolean created;
	gboolean canceled;
	gboolean fragment;
	gint64 compact_revision;
	gchar *cancel_reason;
	GPtrArray *events; /* NfdEtcdKv */
} NfdEtcdWatch;

void
nfd_etcd_range_free(NfdEtcdRange *self);
void
nfd_etcd_watch_free(NfdEtcdWatch *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdEtcdRange, nfd_etcd_range_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdEtcdWatch, nfd_etcd_watch_free)

/* request bodies */
gchar *
nfd_etcd_range_request(GBytes *key,
		       GBytes *range_end,
		       gint64 revision,
		       gint64 limit,
		       gboolean keys_only);
gchar *
nfd_etcd_watch_request(GBytes *key, GBytes *range_end, gint64 start_revision);
gchar *
nfd_etcd_auth_request(const gchar *name, const gchar *password);

/* response bodies: one JSON object each; an {"error":...} body becomes the GError */
NfdEtcdRange *
nfd_etcd_parse_range(const gchar *data, gsize len, GError **error);
NfdEtcdWatch *
nfd_etcd_parse_watch(const gchar *data, gsize len, GError **error);
gchar *
nfd_etcd_parse_auth(const gchar *data, gsize len, GError **error);
GError *
nfd_etcd_error_from_body(const gchar *data, gsize len);

/* key space */
GBytes *
nfd_etcd_prefix_range_end(GBytes *prefix);
GBytes *
nfd_etcd_key_successor(GBytes *key);
gchar *
nfd_etcd_key_to_tap(GBytes *prefix, GBytes *key, GError **error);
gchar *
nfd_etcd_key_describe(GBytes *key);

/* "5", "5s", "1500ms": a duration in milliseconds, from 1 ms to @max_ms */
gboolean
nfd_etcd_parse_duration(const gchar *text, guint max_ms, guint *out_ms, GError **error);
/* an endpoint URL, "http(s)://host:port" with at most a trailing '/': the base URL to which
 * API paths are appended */
gchar *
nfd_etcd_parse_endpoint(const gchar *text, gboolean *tls, GError **error);

/* capped exponential backoff with jitter: attempt 1, 2, ...; @random is uniform */
guint
nfd_etcd_backoff_delay(guint attempt, guint base_ms, guint cap_ms, guint32 random);

G_END_DECLS
