/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdMetricsServer: the metrics endpoint (see nfd-metrics-server.h).
 *
 * A scrape is a chunked response written from NfdMetricsWriter one chunk at a time: the next
 * chunk is rendered only when SoupServer says the previous one went out (wrote-chunk), so a
 * slow or stalled scraper holds one chunk, never the whole text.  At most
 * NFD_METRICS_MAX_SCRAPES run at once; more get 503.  Only GET and HEAD of /metrics.
 */
#include <gio/gio.h>
#include <libsoup/soup.h>
#include <sys/socket.h>

#include "nfd-common.h"
#include "nfd-metrics-server.h"

#define NFD_METRICS_MAX_SCRAPES 8
#define NFD_METRICS_CHUNK (64 * 1024)
/* Prometheus text exposition format 0.0.4 */
#define NFD_METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

struct _NfdMetricsServer {
	SoupServer *server;
	NfdOps *ops;
	guint scrapes;
};

typedef struct {
	NfdMetricsServer *server;
	SoupServerMessage *msg;
	NfdMetricsWriter *writer; /* NULL once the body is complete */
} NfdScrape;

static void
scrape_next(NfdScrape *s)
{
	SoupMessageBody *body = soup_server_message_get_response_body(s->msg);
	GString *chunk;
	gboolean done = FALSE;
	gsize len;

	if (s->writer == NULL)
		return;
	chunk = g_string_new(NULL);
	while (chunk->len < NFD_METRICS_CHUNK && !done)
		done = nfd_metrics_writer_next(s->writer, chunk);
	len = chunk->len;
	if (len > 0)
		soup_message_body_append_take(body, (guchar *)g_string_free(chunk, FALSE), len);
	else
		g_string_free(chunk, TRUE);
	if (done) {
		g_clear_pointer(&s->writer, nfd_metrics_writer_free);
		soup_message_body_complete(body);
	}
}

static void
on_wrote_chunk(SoupServerMessage *msg, gpointer user_data)
{
	scrape_next(user_data);
	soup_server_message_unpause(msg);
}

static void
on_finished(SoupServerMessage *msg, gpointer user_data)
{
	NfdScrape *s = user_data;

	g_signal_handlers_disconnect_by_data(msg, s);
	s->server->scrapes--;
	g_clear_pointer(&s->writer, nfd_metrics_writer_free);
	g_free(s);
}

static void
on_metrics(SoupServer *server,
	   SoupServerMessage *msg,
	   const char *path,
	   GHashTable *query,
	   gpointer user_data)
{
	NfdMetricsServer *self = user_data;
	const gchar *method = soup_server_message_get_method(msg);
	SoupMessageHeaders *headers = soup_server_message_get_response_headers(msg);
	NfdScrape *s;

	if (g_strcmp0(path, "/metrics") != 0) {
		soup_server_message_set_status(msg, SOUP_STATUS_NOT_FOUND, NULL);
		return;
	}
	if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD) {
		soup_message_headers_replace(headers, "Allow", "GET, HEAD");
		soup_server_message_set_status(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
		return;
	}
	if (self->scrapes >= NFD_METRICS_MAX_SCRAPES) {
		soup_server_message_set_status(msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
		return;
	}
	soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
	soup_message_headers_set_content_type(headers, NFD_METRICS_CONTENT_TYPE, NULL);
	if (method == SOUP_METHOD_HEAD)
		return;
	soup_message_headers_set_encoding(headers, SOUP_ENCODING_CHUNKED);
	s = g_new0(NfdScrape, 1);
	s->server = self;
	s->msg = msg;
	s->writer = nfd_metrics_writer_new(self->ops);
	self->scrapes++;
	g_signal_connect(msg, "wrote-chunk", G_CALLBACK(on_wrote_chunk), s);
	g_signal_connect(msg, "finished", G_CALLBACK(on_finished), s);
	scrape_next(s);
}

NfdMetricsServer *
nfd_metrics_server_new(NfdOps *ops,
		       gint family,
		       const guint8 *address,
		       guint16 port,
		       GError **error)
{
	g_autoptr(NfdMetricsServer) self = g_new0(NfdMetricsServer, 1);
	g_autoptr(GInetAddress) inet = g_inet_address_new_from_bytes(
	    address,
	    family == AF_INET6 ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4);
	g_autoptr(GSocketAddress) sa = g_inet_socket_address_new(inet, port);
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *where = g_inet_address_to_string(inet);

	self->ops = ops;
	self->server = soup_server_new("server-header", "nfdhcpd", NULL);
	soup_server_add_handler(self->server, "/metrics", on_metrics, self, NULL);
	if (!soup_server_listen(self->server, sa, 0, &error_local)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "metrics-listen: cannot listen on %s%s%s port %u: %s",
			    family == AF_INET6 ? "[" : "",
			    where,
			    family == AF_INET6 ? "]" : "",
			    port,
			    error_local->message);
		return NULL;
	}
	return g_steal_pointer(&self);
}

void
nfd_metrics_server_free(NfdMetricsServer *self)
{
	if (self == NULL)
		return;
	if (self->server != NULL) {
		soup_server_disconnect(self->server);
		g_object_unref(self->server);
	}
	g_free(self);
}
