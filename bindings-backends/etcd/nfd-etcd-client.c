/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdEtcdClient: HTTP POSTs of JSON to etcd's gRPC gateway with libsoup-3.0 (HTTP/1.1, or HTTP/2
 * where TLS negotiates it), all asynchronous in the thread's main context (no threads of ours).
 *
 * Every exchange is bounded in time and size: the connection and the response headers must
 * come within dial-timeout, a unary body must keep arriving (dial-timeout between reads) and
 * stay under max_message bytes; the watch stream is cut into JSON objects by an NfdEtcdFramer
 * with the same limit, and has no timeout once its first message came (it is quiet when nothing
 * changes): TCP keepalive (10 s idle, 5 s interval, 3 probes) and TCP_USER_TIMEOUT notice a
 * peer that vanished without a FIN or RST.  No proxy is ever used (http_proxy and friends do
 * not apply to a host's own control plane).
 *
 * With a username, the client authenticates (POST /v3/auth/authenticate) before its first call
 * and sends the token in the Authorization header, as etcd's gateway expects; a call refused
 * for its token re-authenticates once.  The endpoint in use changes only when the caller says
 * so (nfd_etcd_client_next_endpoint(), after a failure): failover and its pacing belong to
 * the backend's retry logic.
 */
#include <libsoup/soup.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "nfd-etcd-client.h"
#include "nfd-etcd-framer.h"
#include "nfd-etcd-proto.h"
#include "nfd-version.h"

#define NFD_ETCD_READ_CHUNK 65536
/* etcd's own nesting is five levels deep */
#define NFD_ETCD_MAX_DEPTH 32
#define NFD_ETCD_AUTH_PATH "/v3/auth/authenticate"

typedef struct _NfdEtcdWatchOp NfdEtcdWatchOp;

struct _NfdEtcdClient {
	GObject parent_instance;
	SoupSession *session;
	gchar **endpoints;
	guint current;
	GTlsCertificate *client_cert;
	GList *ca_certs; /* GTlsCertificate: ca-file, the only trust anchors if set */
	gchar *username;
	gchar *password;
	gchar *token;
	guint dial_timeout_ms;
	gsize max_message;
	NfdEtcdWatchOp *watch;
};

G_DEFINE_TYPE(NfdEtcdClient, nfd_etcd_client, G_TYPE_OBJECT)

static void
nfd_etcd_client_finalize(GObject *object)
{
	NfdEtcdClient *self = NFD_ETCD_CLIENT(object);

	soup_session_abort(self->session);
	g_object_unref(self->session);
	g_clear_object(&self->client_cert);
	g_list_free_full(self->ca_certs, g_object_unref);
	g_strfreev(self->endpoints);
	g_free(self->username);
	if (self->password != NULL)
		memset(self->password, 0, strlen(self->password));
	g_free(self->password);
	g_free(self->token);
	G_OBJECT_CLASS(nfd_etcd_client_parent_class)->finalize(object);
}

static void
nfd_etcd_client_class_init(NfdEtcdClientClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = nfd_etcd_client_finalize;
}

static void
nfd_etcd_client_init(NfdEtcdClient *self)
{
}

NfdEtcdClient *
nfd_etcd_client_new(const NfdEtcdClientOptions *options, GError **error)
{
	g_autoptr(NfdEtcdClient) self = g_object_new(NFD_TYPE_ETCD_CLIENT, NULL);

	g_return_val_if_fail(options->endpoints != NULL && options->endpoints[0] != NULL, NULL);
	self->endpoints = g_strdupv((gchar **)options->endpoints);
	self->username = g_strdup(options->username);
	self->password = g_strdup(options->password);
	self->dial_timeout_ms = options->dial_timeout_ms;
	self->max_message = options->max_message;
	/* "proxy-resolver" NULL: never a proxy; timeouts are ours (a watch is idle for hours) */
	self->session = soup_session_new_with_options("proxy-resolver",
						      NULL,
						      "timeout",
						      0,
						      "idle-timeout",
						      60,
						      "max-conns-per-host",
						      4,
						      "user-agent",
						      "nfdhcpd/" NFD_PACKAGE_VERSION,
						      NULL);
	/* the files are read now, while the daemon still runs as root.  Not a GTlsFileDatabase:
	 * glib-networking reads its file again at every handshake, which fails once the daemon
	 * runs unprivileged; the certificates are kept in memory and checked in
	 * on_accept_certificate() instead, with no other trust anchor */
	if (options->ca_file != NULL) {
		self->ca_certs = g_tls_certificate_list_new_from_file(options->ca_file, error);
		if (self->ca_certs == NULL) {
			if (error != NULL && *error == NULL)
				g_set_error_literal(error,
						    G_IO_ERROR,
						    G_IO_ERROR_INVALID_DATA,
						    "no certificate in the file");
			g_prefix_error(error, "ca-file %s: ", options->ca_file);
			return NULL;
		}
		soup_session_set_tls_database(self->session, NULL);
	}
	if (options->cert_file != NULL) {
		self->client_cert =
		    g_tls_certificate_new_from_files(options->cert_file, options->key_file, error);
		if (self->client_cert == NULL) {
			g_prefix_error(error, "cert-file %s: ", options->cert_file);
			return NULL;
		}
	}
	return g_steal_pointer(&self);
}

const gchar *
nfd_etcd_client_get_endpoint(NfdEtcdClient *self)
{
	return self->endpoints[self->current];
}

guint
nfd_etcd_client_get_n_endpoints(NfdEtcdClient *self)
{
	return g_strv_length(self->endpoints);
}

void
nfd_etcd_client_next_endpoint(NfdEtcdClient *self)
{
	self->current = (self->current + 1) % g_strv_length(self->endpoints);
	/* a token is only valid on the cluster that issued it; endpoints may be other clusters'
	 * proxies, so get a fresh one */
	nfd_etcd_client_forget_token(self);
}

void
nfd_etcd_client_forget_token(NfdEtcdClient *self)
{
	g_clear_pointer(&self->token, g_free);
}

static gboolean
needs_token(NfdEtcdClient *self)
{
	return self->username != NULL && self->token == NULL;
}

/* ---- one message ---- */

static void
on_network_event(SoupMessage *msg, GSocketClientEvent event, GIOStream *conn, gpointer user_data)
{
	GSocket *sock;

	if (event != G_SOCKET_CLIENT_CONNECTED || !G_IS_SOCKET_CONNECTION(conn))
		return;
	sock = g_socket_connection_get_socket(G_SOCKET_CONNECTION(conn));
	g_socket_set_keepalive(sock, TRUE);
	/* tcp(7); failures only mean the kernel defaults apply */
	(void)g_socket_set_option(sock, IPPROTO_TCP, TCP_KEEPIDLE, 10, NULL);
	(void)g_socket_set_option(sock, IPPROTO_TCP, TCP_KEEPINTVL, 5, NULL);
	(void)g_socket_set_option(sock, IPPROTO_TCP, TCP_KEEPCNT, 3, NULL);
	(void)g_socket_set_option(sock, IPPROTO_TCP, TCP_USER_TIMEOUT, 30000, NULL);
}

/* with a ca-file, every server certificate comes here (the session has no database): it must
 * chain to one of the file's certificates and name the endpoint's host */
static gboolean
on_accept_certificate(SoupMessage *msg,
		      GTlsCertificate *peer,
		      GTlsCertificateFlags errors,
		      gpointer user_data)
{
	NfdEtcdClient *self = user_data;
	g_autoptr(GSocketConnectable) identity = NULL;
	GUri *uri = soup_message_get_uri(msg);

	identity = g_network_address_new(g_uri_get_host(uri), (guint16)g_uri_get_port(uri));
	for (GList *l = self->ca_certs; l != NULL; l = l->next) {
		if (g_tls_certificate_verify(peer, identity, l->data) == 0)
			return TRUE;
	}
	return FALSE;
}

static SoupMessage *
new_message(NfdEtcdClient *self, const gchar *path, const gchar *body, gboolean with_token)
{
	g_autofree gchar *url = g_strconcat(nfd_etcd_client_get_endpoint(self), path, NULL);
	g_autoptr(GBytes) bytes = g_bytes_new(body, strlen(body));
	SoupMessage *msg = soup_message_new(SOUP_METHOD_POST, url);

	/* endpoints are validated at open(): a URI that libsoup refuses is a bug */
	g_return_val_if_fail(msg != NULL, NULL);
	soup_message_set_request_body_from_bytes(msg, "application/json", bytes);
	/* reads and watch creation are safe to resend on a kept-alive connection that died */
	soup_message_add_flags(msg, SOUP_MESSAGE_IDEMPOTENT);
	if (with_token && self->token != NULL)
		soup_message_headers_replace(soup_message_get_request_headers(msg),
					     "Authorization",
					     self->token);
	if (self->client_cert != NULL)
		soup_message_set_tls_client_certificate(msg, self->client_cert);
	if (self->ca_certs != NULL)
		g_signal_connect(msg,
				 "accept-certificate",
				 G_CALLBACK(on_accept_certificate),
				 self);
	g_signal_connect(msg, "network-event", G_CALLBACK(on_network_event), NULL);
	return msg;
}

/* a GCancellable that a timer, an outer cancellable or the owner can cancel */
typedef struct {
	GCancellable *cancellable;
	GCancellable *outer;
	gulong outer_id;
	GSource *timer;
	gboolean timed_out;
	guint timeout_ms;
} NfdEtcdDeadline;

static gboolean
deadline_cb(gpointer user_data)
{
	NfdEtcdDeadline *d = user_data;

	d->timed_out = TRUE;
	g_clear_pointer(&d->timer, g_source_unref);
	g_cancellable_cancel(d->cancellable);
	return G_SOURCE_REMOVE;
}

static void
outer_cancelled_cb(GCancellable *outer, gpointer user_data)
{
	g_cancellable_cancel(user_data);
}

static void
deadline_init(NfdEtcdDeadline *d, GCancellable *outer, guint timeout_ms)
{
	d->cancellable = g_cancellable_new();
	d->timeout_ms = timeout_ms;
	if (outer != NULL) {
		d->outer = g_object_ref(outer);
		d->outer_id = g_cancellable_connect(outer,
						    G_CALLBACK(outer_cancelled_cb),
						    d->cancellable,
						    NULL);
	}
}

static void
deadline_stop(NfdEtcdDeadline *d)
{
	if (d->timer != NULL) {
		g_source_destroy(d->timer);
		g_clear_pointer(&d->timer, g_source_unref);
	}
}

/* (re)starts the timer: the next step must complete within the timeout */
static void
deadline_arm(NfdEtcdDeadline *d)
{
	deadline_stop(d);
	d->timer = g_timeout_source_new(d->timeout_ms);
	g_source_set_callback(d->timer, deadline_cb, d, NULL);
	g_source_attach(d->timer, NULL);
}

static void
deadline_clear(NfdEtcdDeadline *d)
{
	deadline_stop(d);
	if (d->outer != NULL) {
		g_cancellable_disconnect(d->outer, d->outer_id);
		g_clear_object(&d->outer);
	}
	g_clear_object(&d->cancellable);
}

/* a cancellation caused by the timer reads as a timeout */
static void
deadline_fix_error(NfdEtcdDeadline *d, GError **error, const gchar *endpoint)
{
	if (!d->timed_out || error == NULL || *error == NULL ||
	    !g_error_matches(*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		return;
	g_clear_error(error);
	g_set_error(error,
		    G_IO_ERROR,
		    G_IO_ERROR_TIMED_OUT,
		    "%s: no answer within %u ms",
		    endpoint,
		    d->timeout_ms);
}

/* ---- a unary exchange: one POST, the whole (bounded) body ---- */

typedef struct {
	SoupMessage *msg;
	GInputStream *stream;
	GByteArray *body;
	NfdEtcdDeadline deadline;
	gchar *endpoint;
} NfdEtcdExchange;

static void
exchange_free(NfdEtcdExchange *ex)
{
	deadline_clear(&ex->deadline);
	g_clear_object(&ex->msg);
	g_clear_object(&ex->stream);
	g_byte_array_unref(ex->body);
	g_free(ex->endpoint);
	g_free(ex);
}

static void
exchange_fail(GTask *task, GError *error)
{
	NfdEtcdExchange *ex = g_task_get_task_data(task);

	deadline_fix_error(&ex->deadline, &error, ex->endpoint);
	g_task_return_error(task, error);
	g_object_unref(task);
}

static void
exchange_read_cb(GObject *source, GAsyncResult *res, gpointer user_data)
{
	GTask *task = user_data;
	NfdEtcdExchange *ex = g_task_get_task_data(task);
	NfdEtcdClient *self = g_task_get_source_object(task);
	GError *error = NULL;
	g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish(ex->stream, res, &error);

	if (chunk == NULL) {
		exchange_fail(task, error);
		return;
	}
	if (g_bytes_get_size(chunk) == 0) {
		GByteArray *body = g_steal_pointer(&ex->body);

		deadline_stop(&ex->deadline);
		/* exchange_finish() needs the body no more: no copy */
		ex->body = g_byte_array_new();
		g_task_return_pointer(task,
				      g_byte_array_free_to_bytes(body),
				      (GDestroyNotify)g_bytes_unref);
		g_object_unref(task);
		return;
	}
	if (ex->body->len + g_bytes_get_size(chunk) > self->max_message) {
		exchange_fail(task,
			      g_error_new(NFD_ETCD_ERROR,
					  NFD_ETCD_ERROR_TOO_LARGE,
					  "%s: a response larger than %" G_GSIZE_FORMAT " bytes",
					  ex->endpoint,
					  self->max_message));
		return;
	}
	g_byte_array_append(ex->body,
			    g_bytes_get_data(chunk, NULL),
			    (guint)g_bytes_get_size(chunk));
	deadline_arm(&ex->deadline);
	g_input_stream_read_bytes_async(ex->stream,
					NFD_ETCD_READ_CHUNK,
					G_PRIORITY_DEFAULT,
					ex->deadline.cancellable,
					exchange_read_cb,
					task);
}

static void
exchange_sent_cb(GObject *source, GAsyncResult *res, gpointer user_data)
{
	GTask *task = user_data;
	NfdEtcdExchange *ex = g_task_get_task_data(task);
	GError *error = NULL;

	ex->stream = soup_session_send_finish(SOUP_SESSION(source), res, &error);
	if (ex->stream == NULL) {
		g_prefix_error(&error, "%s: ", ex->endpoint);
		exchange_fail(task, error);
		return;
	}
	deadline_arm(&ex->deadline);
	g_input_stream_read_bytes_async(ex->stream,
					NFD_ETCD_READ_CHUNK,
					G_PRIORITY_DEFAULT,
					ex->deadline.cancellable,
					exchange_read_cb,
					task);
}

/* POST @body to @path; the result is the body, whatever the HTTP status (see exchange_finish) */
static void
exchange_async(NfdEtcdClient *self,
	       const gchar *path,
	       const gchar *body,
	       gboolean with_token,
	       GCancellable *cancellable,
	       GAsyncReadyCallback callback,
	       gpointer user_data)
{
	GTask *task = g_task_new(self, cancellable, callback, user_data);
	NfdEtcdExchange *ex = g_new0(NfdEtcdExchange, 1);

	g_task_set_check_cancellable(task, FALSE);
	ex->body = g_byte_array_new();
	ex->endpoint = g_strdup(nfd_etcd_client_get_endpoint(self));
	ex->msg = new_message(self, path, body, with_token);
	deadline_init(&ex->deadline, cancellable, self->dial_timeout_ms);
	g_task_set_task_data(task, ex, (GDestroyNotify)exchange_free);
	deadline_arm(&ex->deadline);
	soup_session_send_async(self->session,
				ex->msg,
				G_PRIORITY_DEFAULT,
				ex->deadline.cancellable,
				exchange_sent_cb,
				task);
}

/* an error that is not etcd's JSON (a proxy's page, the gateway's own refusals): its text,
 * if short and printable, tells the admin more than the status line */
static gchar *
plain_text_of(const gchar *data, gsize len)
{
	if (len == 0 || len > 300 || !g_utf8_validate(data, (gssize)len, NULL))
		return g_strdup("");
	for (gsize i = 0; i < len; i++) {
		if ((guchar)data[i] < 0x20 && data[i] != '\n' && data[i] != '\r' && data[i] != '\t')
			return g_strdup("");
	}
	return g_strstrip(g_strdelimit(g_strndup(data, len), "\r\n\t", ' '));
}

/* the body of a 200 answer; any other status is an error, etcd's own if the body has one */
static GBytes *
exchange_finish(GAsyncResult *res, GError **error)
{
	GTask *task = G_TASK(res);
	NfdEtcdExchange *ex = g_task_get_task_data(task);
	g_autoptr(GBytes) body = g_task_propagate_pointer(task, error);
	guint status;
	GError *etcd_error;
	gsize len = 0;
	const gchar *data;

	if (body == NULL)
		return NULL;
	status = soup_message_get_status(ex->msg);
	if (status == SOUP_STATUS_OK)
		return g_steal_pointer(&body);
	data = g_bytes_get_data(body, &len);
	etcd_error = len > 0 ? nfd_etcd_error_from_body(data, len) : NULL;
	if (etcd_error != NULL) {
		g_prefix_error(&etcd_error, "%s: ", ex->endpoint);
		g_propagate_error(error, etcd_error);
	} else {
		g_autofree gchar *text = plain_text_of(data, len);
		g_set_error(error,
			    NFD_ETCD_ERROR,
			    status == SOUP_STATUS_UNAUTHORIZED ? NFD_ETCD_ERROR_AUTH
							       : NFD_ETCD_ERROR_SERVER,
			    "%s: HTTP %u %s%s%s",
			    ex->endpoint,
			    status,
			    soup_message_get_reason_phrase(ex->msg) != NULL
				? soup_message_get_reason_phrase(ex->msg)
				: "",
			    text[0] != '\0' ? ": " : "",
			    text);
	}
	return NULL;
}

/* ---- authentication ---- */

static void
authenticate_cb(GObject *source, GAsyncResult *res, gpointer user_data)
{
	GTask *task = user_data;
	NfdEtcdClient *self = NFD_ETCD_CLIENT(source);
	GError *error = NULL;
	g_autoptr(GBytes) body = exchange_finish(res, &error);
	gchar *token;
	gsize len = 0;
	const gchar *data;

	if (body == NULL) {
		g_prefix_error(&error, "authentication as %s: ", self->username);
		g_task_return_error(task, error);
		g_object_unref(task);
		return;
	}
	data = g_bytes_get_data(body, &len);
	token = nfd_etcd_parse_auth(data, len, &error);
	if (token == NULL) {
		g_task_return_error(task, error);
		g_object_unref(task);
		return;
	}
	g_free(self->token);
	self->token = token;
	g_task_return_boolean(task, TRUE);
	g_object_unref(task);
}

static void
authenticate_async(NfdEtcdClient *self,
		   GCancellable *cancellable,
		   GAsyncReadyCallback callback,
		   gpointer user_data)
{
	GTask *task = g_task_new(self, cancellable, callback, user_data);
	g_autofree gchar *body = nfd_etcd_auth_request(self->username, self->password);

	g_task_set_check_cancellable(task, FALSE);
	exchange_async(self, NFD_ETCD_AUTH_PATH, body, FALSE, cancellable, authenticate_cb, task);
}

/* ---- unary calls ---- */

typedef struct {
	gchar *path;
	gchar *body;
	gboolean auth_retried;
} NfdEtcdCall;

static void
call_free(NfdEtcdCall *call)
{
	g_free(call->path);
	g_free(call->body);
	g_free(call);
}

static void
call_start(GTask *task);

/* exactly one JSON object, within the limits: what the parsers may assume */
static gboolean
check_one_object(NfdEtcdClient *self, GBytes *body, GError **error);

static void
call_done_cb(GObject *source, GAsyncResult *res, gpointer user_data)
{
	GTask *task = user_data;
	NfdEtcdClient *self = NFD_ETCD_CLIENT(source);
	NfdEtcdCall *call = g_task_get_task_data(task);
	GError *error = NULL;
	g_autoptr(GBytes) body = exchange_finish(res, &error);

	if (body == NULL && g_error_matches(error, NFD_ETCD_ERROR, NFD_ETCD_ERROR_AUTH) &&
	    self->username != NULL && !call->auth_retried) {
		/* the token expired (etcd's simple tokens do after 5 minutes of disuse) */
		g_info("the token of %s was refused (%s): authenticating again",
		       self->username,
		       error->message);
		g_clear_error(&error);
		call->auth_retried = TRUE;
		nfd_etcd_client_forget_token(self);
		call_start(task);
		return;
	}
	if (body != NULL && !check_one_object(self, body, &error))
		g_clear_pointer(&body, g_bytes_unref);
	if (body == NULL)
		g_task_return_error(task, error);
	else
		g_task_return_pointer(task, g_steal_pointer(&body), (GDestroyNotify)g_bytes_unref);
	g_object_unref(task);
}

static void
call_authenticated_cb(GObject *source, GAsyncResult *res, gpointer user_data)
{
	GTask *task = user_data;
	GError *error = NULL;

	if (!g_task_propagate_boolean(G_TASK(res), &error)) {
		g_task_return_error(task, error);
		g_object_unref(task);
		return;
	}
	call_start(task);
}

static void
call_start(GTask *task)
{
	NfdEtcdClient *self = g_task_get_source_object(task);
	NfdEtcdCall *call = g_task_get_task_data(task);

	if (needs_token(self)) {
		authenticate_async(self, g_task_get_cancellable(task), call_authenticated_cb, task);
		return;
	}
	exchange_async(self,
		       call->path,
		       call->body,
		       TRUE,
		       g_task_get_cancellable(task),
		       call_done_cb,
		       task);
}

/**
 * nfd_etcd_client_call:
 * @path: e.g. "/v3/kv/range"
 * @body: the JSON request
 *
 * POSTs @body to the current endpoint (authenticating first if needed).  The result is the
 * response, checked to be one JSON object of at most max_message bytes.
 */
void
nfd_etcd_client_call(NfdEtcdClient *self,
		     const gchar *path,
		     const gchar *body,
		     GCancellable *cancellable,
		     GAsyncReadyCallback callback,
		     gpointer user_data)
{
	GTask *task = g_task_new(self, cancellable, callback, user_data);
	NfdEtcdCall *call = g_new0(NfdEtcdCall, 1);

	g_task_set_check_cancellable(task, FALSE);
	call->path = g_strdup(path);
	call->body = g_strdup(body);
	g_task_set_task_data(task, call, (GDestroyNotify)call_free);
	call_start(task);
}

GBytes *
nfd_etcd_client_call_finish(NfdEtcdClient *self, GAsyncResult *result, GError **error)
{
	g_return_val_if_fail(g_task_is_valid(result, self), NULL);
	return g_task_propagate_pointer(G_TASK(result), error);
}

typedef struct {
	guint n;
} NfdEtcdObjectCount;

static gboolean
count_object(const gchar *data, gsize len, gpointer user_data)
{
	NfdEtcdObjectCount *count = user_data;
	count->n++;
	return TRUE;
}

static gboolean
check_one_object(NfdEtcdClient *self, GBytes *body, GError **error)
{
	g_autoptr(NfdEtcdFramer) framer =
	    nfd_etcd_framer_new(self->max_message, NFD_ETCD_MAX_DEPTH);
	NfdEtcdObjectCount count = {0};
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(body, &len);

	if (!nfd_etcd_framer_feed(framer, data, len, count_object, &count, error))
		return FALSE;
	if (count.n != 1 || !nfd_etcd_framer_is_idle(framer)) {
		g_set_error(error,
			    NFD_ETCD_ERROR,
			    NFD_ETCD_ERROR_PROTOCOL,
			    "%s: the response is not one JSON object",
			    nfd_etcd_client_get_endpoint(self));
		return FALSE;
	}
	return TRUE;
}

/* ---- the watch stream ---- */

struct _NfdEtcdWatchOp {
	NfdEtcdClient *client; /* owned */
	gchar *body;
	gchar *endpoint;
	SoupMessage *msg;
	GInputStream *stream;
	NfdEtcdDeadline deadline;
	NfdEtcdFramer *framer;
	GByteArray *error_body; /* a non-200 answer's body */
	NfdEtcdWatchFunc on_message;
	NfdEtcdWatchEndFunc on_end;
	gpointer user_data;
	gboolean stopped;
};

static void
watch_op_free(NfdEtcdWatchOp *op)
{
	deadline_clear(&op->deadline);
	g_clear_object(&op->msg);
	g_clear_object(&op->stream);
	nfd_etcd_framer_free(op->framer);
	if (op->error_body != NULL)
		g_byte_array_unref(op->error_body);
	g_free(op->body);
	g_free(op->endpoint);
	g_object_unref(op->client);
	g_free(op);
}

/* the end of an op: tells the owner (unless it stopped the op itself) and frees it */
static void
watch_op_end(NfdEtcdWatchOp *op, GError *error)
{
	deadline_fix_error(&op->deadline, &error, op->endpoint);
	if (!op->stopped) {
		op->stopped = TRUE;
		if (op->client->watch == op)
			op->client->watch = NULL;
		if (g_error_matches(error, NFD_ETCD_ERROR, NFD_ETCD_ERROR_AUTH))
			nfd_etcd_client_forget_token(op->client);
		op->on_end(error, op->user_data);
	}
	g_error_free(error);
	watch_op_free(op);
}

static gboolean
watch_frame_cb(const gchar *data, gsize len, gpointer user_data)
{
	NfdEtcdWatchOp *op = user_data;

	if (op->stopped)
		return FALSE;
	deadline_stop(&op->deadline);
	if (!op->on_message(data, len, op->user_data)) {
		op->stopped = TRUE;
		if (op->client->watch == op)
			op->client->watch = NULL;
		g_cancellable_cancel(op->deadline.cancellable);
		return FALSE;
	}
	return !op->stopped;
}

static GError *
watch_status_error(NfdEtcdWatchOp *op)
{
	guint status = soup_message_get_status(op->msg);
	GError *error =
	    op->error_body->len > 0
		? nfd_etcd_error_from_body((const gchar *)op->error_body->data, op->error_body->len)
		: NULL;

	if (error != NULL) {
		g_prefix_error(&error, "%s: ", op->endpoint);
		return error;
	}
	{
		g_autofree gchar *text =
		    plain_text_of((const gchar *)op->error_body->data, op->error_body->len);
		return g_error_new(NFD_ETCD_ERROR,
				   status == SOUP_STATUS_UNAUTHORIZED ? NFD_ETCD_ERROR_AUTH
								      : NFD_ETCD_ERROR_SERVER,
				   "%s: watch: HTTP %u%s%s",
				   op->endpoint,
				   status,
				   text[0] != '\0' ? ": " : "",
				   text);
	}
}

static void
watch_read_cb(GObject *source, GAsyncResult *res, gpointer user_data)
{
	NfdEtcdWatchOp *op = user_data;
	GError *error = NULL;
	g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish(op->stream, res, &error);
	gsize len = 0;
	const guint8 *data;

	if (chunk == NULL) {
		g_prefix_error(&error, "%s: ", op->endpoint);
		watch_op_end(op, error);
		return;
	}
	data = g_bytes_get_data(chunk, &len);
	if (len == 0) {
		if (op->error_body != NULL)
			error = watch_status_error(op);
		else
			error = g_error_new(G_IO_ERROR,
					    G_IO_ERROR_CONNECTION_CLOSED,
					    "%s: the watch stream ended",
					    op->endpoint);
		watch_op_end(op, error);
		return;
	}
	if (op->error_body != NULL) {
		if (op->error_body->len + len > op->client->max_message) {
			watch_op_end(op, watch_status_error(op));
			return;
		}
		g_byte_array_append(op->error_body, data, (guint)len);
		deadline_arm(&op->deadline);
	} else if (!nfd_etcd_framer_feed(op->framer, data, len, watch_frame_cb, op, &error)) {
		g_prefix_error(&error, "%s: watch: ", op->endpoint);
		watch_op_end(op, error);
		return;
	}
	if (op->stopped) {
		/* stopped from a callback: nobody to tell */
		watch_op_free(op);
		return;
	}
	g_input_stream_read_bytes_async(op->stream,
					NFD_ETCD_READ_CHUNK,
					G_PRIORITY_DEFAULT,
					op->deadline.cancellable,
					watch_read_cb,
					op);
}

static void
watch_sent_cb(GObject *source, GAsyncResult *res, gpointer user_data)
{
	NfdEtcdWatchOp *op = user_data;
	GError *error = NULL;

	op->stream = soup_session_send_finish(SOUP_SESSION(source), res, &error);
	if (op->stream == NULL) {
		g_prefix_error(&error, "%s: ", op->endpoint);
		watch_op_end(op, error);
		return;
	}
	/* the first message (etcd's "created", or an error body) must come within the timeout
	 * too; after it, quiet is normal */
	if (soup_message_get_status(op->msg) != SOUP_STATUS_OK)
		op->error_body = g_byte_array_new();
	deadline_arm(&op->deadline);
	g_input_stream_read_bytes_async(op->stream,
					NFD_ETCD_READ_CHUNK,
					G_PRIORITY_DEFAULT,
					op->deadline.cancellable,
					watch_read_cb,
					op);
}

static void
watch_send(NfdEtcdWatchOp *op)
{
	NfdEtcdClient *self = op->client;

	op->msg = new_message(self, "/v3/watch", op->body, TRUE);
	deadline_arm(&op->deadline);
	soup_session_send_async(self->session,
				op->msg,
				G_PRIORITY_DEFAULT,
				op->deadline.cancellable,
				watch_sent_cb,
				op);
}

static void
watch_authenticated_cb(GObject *source, GAsyncResult *res, gpointer user_data)
{
	NfdEtcdWatchOp *op = user_data;
	GError *error = NULL;

	if (!g_task_propagate_boolean(G_TASK(res), &error)) {
		watch_op_end(op, error);
		return;
	}
	if (op->stopped) {
		watch_op_free(op);
		return;
	}
	watch_send(op);
}

/**
 * nfd_etcd_client_watch:
 * @body: the watch create request
 *
 * Opens the watch stream on the current endpoint (one at a time: a running one is stopped).
 * @on_message gets each JSON object of the stream; @on_end gets the error that ended it,
 * unless nfd_etcd_client_watch_stop() was called or @on_message returned FALSE.
 */
void
nfd_etcd_client_watch(NfdEtcdClient *self,
		      const gchar *body,
		      NfdEtcdWatchFunc on_message,
		      NfdEtcdWatchEndFunc on_end,
		      gpointer user_data)
{
	NfdEtcdWatchOp *op = g_new0(NfdEtcdWatchOp, 1);

	nfd_etcd_client_watch_stop(self);
	op->client = g_object_ref(self);
	op->body = g_strdup(body);
	op->endpoint = g_strdup(nfd_etcd_client_get_endpoint(self));
	op->framer = nfd_etcd_framer_new(self->max_message, NFD_ETCD_MAX_DEPTH);
	op->on_message = on_message;
	op->on_end = on_end;
	op->user_data = user_data;
	deadline_init(&op->deadline, NULL, self->dial_timeout_ms);
	self->watch = op;
	if (needs_token(self)) {
		authenticate_async(self, op->deadline.cancellable, watch_authenticated_cb, op);
		return;
	}
	watch_send(op);
}

/* no callback of the running watch is called after this */
void
nfd_etcd_client_watch_stop(NfdEtcdClient *self)
{
	NfdEtcdWatchOp *op = self->watch;

	if (op == NULL)
		return;
	self->watch = NULL;
	op->stopped = TRUE;
	g_cancellable_cancel(op->deadline.cancellable);
}

gboolean
nfd_etcd_client_is_watching(NfdEtcdClient *self)
{
	return self->watch != NULL;
}
