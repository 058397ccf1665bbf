/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdEtcdClient: the etcd v3 JSON gateway over HTTP(S) with libsoup, in the GLib main loop:
 * unary calls (range, authenticate) and one streaming watch, with endpoint failover, an
 * authentication token, TLS, connect/answer timeouts and bounded message sizes.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define NFD_TYPE_ETCD_CLIENT (nfd_etcd_client_get_type())
G_DECLARE_FINAL_TYPE(NfdEtcdClient, nfd_etcd_client, NFD, ETCD_CLIENT, GObject)

typedef struct {
	const gchar *const *endpoints; /* http(s)://host:port, validated by the caller */
	const gchar *ca_file;
	const gchar *cert_file;
	const gchar *key_file;
	const gchar *username;
	const gchar *password;
	guint dial_timeout_ms;
	gsize max_message;
} NfdEtcdClientOptions;

/* one JSON object of the watch stream; FALSE stops the stream (no on_end then) */
typedef gboolean (*NfdEtcdWatchFunc)(const gchar *data, gsize len, gpointer user_data);
/* the stream ended: always with an error (a watch never ends normally) */
typedef void (*NfdEtcdWatchEndFunc)(const GError *error, gpointer user_data);

NfdEtcdClient *
nfd_etcd_client_new(const NfdEtcdClientOptions *options, GError **error);
const gchar *
nfd_etcd_client_get_endpoint(NfdEtcdClient *self);
guint
nfd_etcd_client_get_n_endpoints(NfdEtcdClient *self);
void
nfd_etcd_client_next_endpoint(NfdEtcdClient *self);
void
nfd_etcd_client_forget_token(NfdEtcdClient *self);

void
nfd_etcd_client_call(NfdEtcdClient *self,
		     const gchar *path,
		     const gchar *body,
		     GCancellable *cancellable,
		     GAsyncReadyCallback callback,
		     gpointer user_data);
GBytes *
nfd_etcd_client_call_finish(NfdEtcdClient *self, GAsyncResult *result, GError **error);

void
nfd_etcd_client_watch(NfdEtcdClient *self,
		      const gchar *body,
		      NfdEtcdWatchFunc on_message,
		      NfdEtcdWatchEndFunc on_end,
		      gpointer user_data);
void
nfd_etcd_client_watch_stop(NfdEtcdClient *self);
gboolean
nfd_etcd_client_is_watching(NfdEtcdClient *self);

G_END_DECLS
