/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdControl: the daemon's control socket, a UNIX stream socket ([general] control-socket,
 * default /run/nfdhcpd/control.sock) that nfdhcpctl talks to.  One request per line, one
 * reply per line, both JSON (nfd-control-request.h for requests):
 *   {"ok":true,"result":VALUE}          the answer, with "format":"json"
 *   {"ok":true,"text":"..."}            the answer as the human-readable text nfdhcpctl prints
 *   {"ok":false,"error":{"code":"bad-request","message":"...","problems":["...",...]}}
 *
 * Everything runs in the main loop, at a lower priority than the queues, and every step is
 * bounded, so a client can neither block the daemon nor delay packets nor grow its memory:
 * sockets are non-blocking; a request line is at most NFD_CONTROL_REQUEST_MAX bytes (a longer
 * one gets an error and the connection is closed); a reply is produced in pieces
 * (NfdControlProduceFunc) only while the client's unsent output is below a low-water mark, and
 * a client that reads nothing for write_timeout_ms is disconnected; one request is served per
 * client per main-loop wake-up, at most rate_per_sec per connection (beyond that the daemon
 * stops reading from it until the bucket refills); a connection without a request for
 * idle_timeout_ms is closed; at most max_clients connections are served, the next ones get an
 * error and are closed.
 */
#pragma once

#include <sys/types.h>

#include "nfd-control-request.h"
#include "nfd-json.h"

typedef struct _NfdControl NfdControl;
typedef struct _NfdControlReply NfdControlReply;

typedef struct {
	guint max_clients;
	guint idle_timeout_ms;
	guint write_timeout_ms;
	guint rate_per_sec;
	guint rate_burst;
	gsize low_water; /* produce more only while less than this is waiting to be sent */
} NfdControlLimits;

/* writes the next part of a reply: into @json when the request asked for JSON (one value in
 * all), else plain text into @text; returns TRUE when the reply is complete.  Called again
 * (from the main loop) as long as it returns FALSE and the client is still there. */
typedef gboolean (*NfdControlProduceFunc)(gpointer state, NfdJsonWriter *json, GString *text);

/* serves one request: calls exactly one of nfd_control_reply_error() and
 * nfd_control_reply_produce() on @reply */
typedef void (*NfdControlHandler)(const NfdControlRequest *request,
				  NfdControlReply *reply,
				  gpointer user_data);

typedef struct {
	guint64 accepted;
	guint64 refused; /* over max_clients */
	guint64 requests;
	guint64 bad_requests;
	guint64 oversized;
	guint64 slow_readers;
	guint64 idle_closed;
	guint64 rate_limited;
	gsize max_buffered; /* the most unsent output any client had */
} NfdControlStats;

NfdControl *
nfd_control_new(NfdControlHandler handler, gpointer user_data);
void
nfd_control_free(NfdControl *self);
void
nfd_control_get_default_limits(NfdControlLimits *limits);
void
nfd_control_set_limits(NfdControl *self, const NfdControlLimits *limits);
/* creates the socket at @path (as root, before the privilege drop): its directory is made
 * when missing (mode 0750, owned by the caller and group @gid, the daemon's); an existing
 * socket there is replaced, anything else is an error; the socket is mode 0660, owned by the
 * caller and group @gid */
gboolean
nfd_control_listen(NfdControl *self, const gchar *path, gid_t gid, GError **error);
const gchar *
nfd_control_get_path(NfdControl *self);
guint
nfd_control_get_n_clients(NfdControl *self);
const NfdControlStats *
nfd_control_get_stats(NfdControl *self);

void
nfd_control_reply_error(NfdControlReply *reply, const gchar *code, const gchar *message);
/* an error whose message lists several problems, one a line (a refused reload) */
void
nfd_control_reply_error_problems(NfdControlReply *reply, const gchar *code, const gchar *message);
/* @state goes to @destroy when the reply is complete or the client went away */
void
nfd_control_reply_produce(NfdControlReply *reply,
			  NfdControlProduceFunc func,
			  gpointer state,
			  GDestroyNotify destroy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdControl, nfd_control_free)
