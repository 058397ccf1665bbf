/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdControl: the control socket server (see nfd-control.h).
 *
 * Each connection is one GSource of its own (its fd, its deadlines as the source's ready time)
 * that does a bounded step per dispatch: read what is there into a fixed 4 KiB line buffer,
 * serve at most one complete line, produce more of the current reply only while less than
 * the low-water mark waits to be sent, write what the socket takes.  The sources run at
 * G_PRIORITY_LOW: while a queue has packets, the main loop serves the queue first.
 *
 * The socket file is created with the daemon's group as its group and mode 0660 without
 * needing CAP_CHOWN: bind() creates it with the file-system gid, which is switched to the
 * group for that one call (setfsgid(), CAP_SETGID, which start-up has), under umask 0117.
 */
#include <errno.h>
#include <glib-unix.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "nfd-common.h"
#include "nfd-control.h"

#define NFD_CONTROL_PRIORITY G_PRIORITY_LOW
#define NFD_CONTROL_ACCEPT_BATCH 8
#define NFD_CONTROL_PRODUCE_CALLS 4 /* producer calls per wake-up */
#define NFD_CONTROL_WRITE_BATCH (256 * 1024)

struct _NfdControlReply {
	gboolean answered;
	gchar *error_code;
	gchar *error_message;
	gboolean problems;
	NfdControlProduceFunc func;
	gpointer state;
	GDestroyNotify destroy;
};

typedef struct {
	NfdControl *control;
	GSource *source;
	gpointer tag;
	gint fd;
	guint8 in[NFD_CONTROL_REQUEST_MAX + 1];
	gsize in_len;
	GString *out; /* unsent output from out_off on */
	gsize out_off;
	GString *text; /* a text producer's scratch */
	NfdJsonWriter json;
	gboolean json_format;
	NfdControlReply reply; /* the reply being produced, if reply.func */
	gboolean eof;	       /* the peer sent everything it will */
	gboolean close_after_flush;
	gint64 last_request;  /* idle timeout from here */
	gint64 last_progress; /* the last write that took something, or when output began */
	gdouble tokens;
	gint64 tokens_at;
} NfdControlClient;

struct _NfdControl {
	NfdControlHandler handler;
	gpointer user_data;
	NfdControlLimits limits;
	gchar *path;
	gint fd;
	guint listen_source;
	GPtrArray *clients;
	NfdControlStats stats;
};

void
nfd_control_get_default_limits(NfdControlLimits *limits)
{
	limits->max_clients = 16;
	limits->idle_timeout_ms = 30000;
	limits->write_timeout_ms = 10000;
	limits->rate_per_sec = 20;
	limits->rate_burst = 40;
	limits->low_water = 64 * 1024;
}

NfdControl *
nfd_control_new(NfdControlHandler handler, gpointer user_data)
{
	NfdControl *self = g_new0(NfdControl, 1);

	self->handler = handler;
	self->user_data = user_data;
	self->fd = -1;
	self->clients = g_ptr_array_new();
	nfd_control_get_default_limits(&self->limits);
	return self;
}

void
nfd_control_set_limits(NfdControl *self, const NfdControlLimits *limits)
{
	self->limits = *limits;
}

const gchar *
nfd_control_get_path(NfdControl *self)
{
	return self->path;
}

guint
nfd_control_get_n_clients(NfdControl *self)
{
	return self->clients->len;
}

const NfdControlStats *
nfd_control_get_stats(NfdControl *self)
{
	return &self->stats;
}

/* ---- replies ---- */

static void
reply_clear(NfdControlReply *reply)
{
	if (reply->destroy != NULL && reply->state != NULL)
		reply->destroy(reply->state);
	g_free(reply->error_code);
	g_free(reply->error_message);
	memset(reply, 0, sizeof(*reply));
}

void
nfd_control_reply_error(NfdControlReply *reply, const gchar *code, const gchar *message)
{
	g_return_if_fail(!reply->answered);
	reply->answered = TRUE;
	reply->error_code = g_strdup(code);
	reply->error_message = g_strdup(message);
}

void
nfd_control_reply_error_problems(NfdControlReply *reply, const gchar *code, const gchar *message)
{
	nfd_control_reply_error(reply, code, message);
	reply->problems = TRUE;
}

void
nfd_control_reply_produce(NfdControlReply *reply,
			  NfdControlProduceFunc func,
			  gpointer state,
			  GDestroyNotify destroy)
{
	g_return_if_fail(!reply->answered);
	reply->answered = TRUE;
	reply->func = func;
	reply->state = state;
	reply->destroy = destroy;
}

/* {"ok":false,"error":{...}} and the newline */
static void
write_error(GString *out, const gchar *code, const gchar *message, gboolean problems)
{
	NfdJsonWriter w;

	nfd_json_writer_init(&w, out);
	nfd_json_begin_object(&w);
	nfd_json_member_bool(&w, "ok", FALSE);
	nfd_json_key(&w, "error");
	nfd_json_begin_object(&w);
	nfd_json_member_string(&w, "code", code);
	nfd_json_member_string(&w, "message", message);
	if (problems) {
		g_auto(GStrv) lines = g_strsplit(message, "\n", -1);
		nfd_json_key(&w, "problems");
		nfd_json_begin_array(&w);
		for (guint i = 0; lines[i] != NULL; i++)
			nfd_json_string(&w, lines[i]);
		nfd_json_end_array(&w);
	}
	nfd_json_end_object(&w);
	nfd_json_end_object(&w);
	g_string_append_c(out, '\n');
}

/* ---- clients ---- */

static gsize
out_pending(NfdControlClient *c)
{
	return c->out->len - c->out_off;
}

static void
client_free(NfdControlClient *c)
{
	reply_clear(&c->reply);
	if (c->source != NULL) {
		g_source_destroy(c->source);
		g_source_unref(c->source);
	}
	if (c->fd >= 0)
		close(c->fd);
	g_string_free(c->out, TRUE);
	g_string_free(c->text, TRUE);
	g_free(c);
}

static void
client_close(NfdControlClient *c)
{
	g_ptr_array_remove(c->control->clients, c);
	client_free(c);
}

/* one producer call at most per loop turn of the caller; TRUE when the reply is complete */
static gboolean
client_produce_once(NfdControlClient *c)
{
	gboolean done;

	if (c->json_format) {
		done = c->reply.func(c->reply.state, &c->json, NULL);
	} else {
		done = c->reply.func(c->reply.state, NULL, c->text);
		nfd_json_escape_append(c->out, c->text->str, c->text->len);
		g_string_truncate(c->text, 0);
	}
	if (!done)
		return FALSE;
	g_string_append(c->out, c->json_format ? "}\n" : "\"}\n");
	reply_clear(&c->reply);
	return TRUE;
}

static void
client_produce(NfdControlClient *c)
{
	for (guint i = 0; i < NFD_CONTROL_PRODUCE_CALLS && c->reply.func != NULL; i++) {
		if (out_pending(c) >= c->control->limits.low_water)
			return;
		if (out_pending(c) == 0)
			c->last_progress = g_get_monotonic_time();
		client_produce_once(c);
		c->control->stats.max_buffered =
		    MAX(c->control->stats.max_buffered, out_pending(c));
	}
}

static void
client_serve(NfdControlClient *c, const gchar *line, gsize len)
{
	NfdControl *self = c->control;
	g_auto(NfdControlRequest) request = {0};
	g_autoptr(GError) error = NULL;

	self->stats.requests++;
	c->last_request = g_get_monotonic_time();
	if (!nfd_control_request_parse(&request, line, len, &error)) {
		self->stats.bad_requests++;
		write_error(c->out, "bad-request", error->message, FALSE);
		return;
	}
	c->json_format = request.json;
	self->handler(&request, &c->reply, self->user_data);
	if (!c->reply.answered) {
		write_error(c->out, "internal", "the daemon gave no answer", FALSE);
		return;
	}
	if (c->reply.func == NULL) {
		write_error(c->out,
			    c->reply.error_code,
			    c->reply.error_message != NULL ? c->reply.error_message : "",
			    c->reply.problems);
		reply_clear(&c->reply);
		return;
	}
	g_string_append(c->out,
			c->json_format ? "{\"ok\":true,\"result\":" : "{\"ok\":true,\"text\":\"");
	nfd_json_writer_init(&c->json, c->out);
	client_produce(c);
}

/* a token bucket per connection: rate_per_sec, bursts of rate_burst */
static gboolean
client_take_token(NfdControlClient *c, gint64 now)
{
	const NfdControlLimits *l = &c->control->limits;

	c->tokens =
	    MIN((gdouble)l->rate_burst,
		c->tokens + (gdouble)(now - c->tokens_at) * l->rate_per_sec / G_USEC_PER_SEC);
	c->tokens_at = now;
	if (c->tokens < 1.0)
		return FALSE;
	c->tokens -= 1.0;
	return TRUE;
}

/* serve the next complete line, if any and if the reply before it is out; FALSE when the
 * rate limit holds it back */
static gboolean
client_next_request(NfdControlClient *c, gint64 now)
{
	guint8 *nl;
	gsize len;

	if (c->reply.func != NULL || out_pending(c) > 0 || c->close_after_flush)
		return TRUE;
	nl = memchr(c->in, '\n', c->in_len);
	if (nl == NULL) {
		if (c->in_len > NFD_CONTROL_REQUEST_MAX) {
			c->control->stats.oversized++;
			write_error(c->out,
				    "bad-request",
				    "request longer than 4096 bytes, closing the connection",
				    FALSE);
			c->close_after_flush = TRUE;
			c->last_progress = now;
		}
		return TRUE;
	}
	if (!client_take_token(c, now)) {
		c->control->stats.rate_limited++;
		return FALSE;
	}
	len = nl - c->in;
	/* a CRLF line from a terminal tool is fine */
	client_serve(c, (const gchar *)c->in, len > 0 && c->in[len - 1] == '\r' ? len - 1 : len);
	memmove(c->in, nl + 1, c->in_len - len - 1);
	c->in_len -= len + 1;
	return TRUE;
}

/* FALSE when the connection is finished */
static gboolean
client_read(NfdControlClient *c)
{
	while (!c->eof && c->in_len < sizeof(c->in)) {
		gssize n = recv(c->fd, c->in + c->in_len, sizeof(c->in) - c->in_len, MSG_DONTWAIT);
		if (n > 0) {
			c->in_len += (gsize)n;
			continue;
		}
		if (n == 0) {
			c->eof = TRUE;
			break;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			break;
		return FALSE;
	}
	return TRUE;
}

static gboolean
client_write(NfdControlClient *c, gint64 now)
{
	gsize budget = NFD_CONTROL_WRITE_BATCH;

	while (out_pending(c) > 0 && budget > 0) {
		gsize want = MIN(out_pending(c), budget);
		gssize n = send(c->fd, c->out->str + c->out_off, want, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			return FALSE;
		}
		c->out_off += (gsize)n;
		budget -= (gsize)n;
		c->last_progress = now;
	}
	if (out_pending(c) == 0) {
		g_string_truncate(c->out, 0);
		c->out_off = 0;
	} else if (c->out_off >= 64 * 1024) {
		/* keep the buffer from creeping: drop what was sent */
		g_string_erase(c->out, 0, (gssize)c->out_off);
		c->out_off = 0;
	}
	return TRUE;
}

/* the events and the deadline the client waits for next */
static void
client_rearm(NfdControlClient *c, gint64 now, gboolean rate_held)
{
	const NfdControlLimits *l = &c->control->limits;
	GIOCondition events = 0;
	gint64 deadline;

	if (c->eof && c->tag != NULL) {
		/* a closed or half-closed peer stays readable (POLLHUP) for good: watching it
		 * would spin; what is left to send is retried on a timer */
		g_source_remove_unix_fd(c->source, c->tag);
		c->tag = NULL;
	}
	if (!c->close_after_flush && c->in_len < sizeof(c->in) && !rate_held)
		events |= G_IO_IN;
	if (out_pending(c) > 0)
		events |= G_IO_OUT;
	if (c->tag != NULL)
		g_source_modify_unix_fd(c->source, c->tag, events);
	if (out_pending(c) > 0 || c->reply.func != NULL)
		deadline = c->last_progress + (gint64)l->write_timeout_ms * 1000;
	else
		deadline = c->last_request + (gint64)l->idle_timeout_ms * 1000;
	if (rate_held)
		deadline = MIN(deadline, now + G_USEC_PER_SEC / MAX(l->rate_per_sec, 1));
	else if (c->reply.func != NULL && out_pending(c) < l->low_water)
		deadline = 0; /* more to produce: come back on the next loop turn */
	else if (out_pending(c) == 0 && c->reply.func == NULL && memchr(c->in, '\n', c->in_len))
		deadline = 0; /* another request is waiting */
	if (c->tag == NULL && out_pending(c) > 0)
		deadline = MIN(deadline, now + 20 * 1000);
	g_source_set_ready_time(c->source, deadline);
}

/* one bounded step; FALSE to close */
static gboolean
client_step(NfdControlClient *c, GIOCondition cond)
{
	const NfdControlLimits *l = &c->control->limits;
	gint64 now = g_get_monotonic_time();
	gboolean rate_held;

	if ((cond & (G_IO_IN | G_IO_HUP | G_IO_ERR)) && !client_read(c))
		return FALSE;
	if (c->reply.func != NULL)
		client_produce(c);
	rate_held = !client_next_request(c, now);
	if (!client_write(c, now))
		return FALSE;
	if (out_pending(c) == 0 && c->reply.func == NULL) {
		if (c->close_after_flush)
			return FALSE;
		/* the peer is done sending and every answer it asked for is out */
		if (c->eof && memchr(c->in, '\n', c->in_len) == NULL)
			return FALSE;
		if (now - c->last_request >= (gint64)l->idle_timeout_ms * 1000) {
			c->control->stats.idle_closed++;
			return FALSE;
		}
	} else if (now - c->last_progress >= (gint64)l->write_timeout_ms * 1000) {
		/* a reader that takes nothing: never buffered without bound */
		c->control->stats.slow_readers++;
		return FALSE;
	}
	client_rearm(c, now, rate_held);
	return TRUE;
}

typedef struct {
	GSource source;
	NfdControlClient *client;
} NfdControlSource;

static gboolean
client_dispatch(GSource *source, GSourceFunc callback, gpointer user_data)
{
	NfdControlSource *cs = (NfdControlSource *)source;
	NfdControlClient *c = cs->client;

	if (!client_step(c, c->tag != NULL ? g_source_query_unix_fd(source, c->tag) : 0)) {
		client_close(c);
		return G_SOURCE_REMOVE;
	}
	return G_SOURCE_CONTINUE;
}

static GSourceFuncs client_source_funcs = {
    .dispatch = client_dispatch,
};

static void
client_new(NfdControl *self, gint fd)
{
	NfdControlClient *c = g_new0(NfdControlClient, 1);
	gint64 now = g_get_monotonic_time();

	c->control = self;
	c->fd = fd;
	c->out = g_string_new(NULL);
	c->text = g_string_new(NULL);
	c->last_request = now;
	c->last_progress = now;
	c->tokens = self->limits.rate_burst;
	c->tokens_at = now;
	c->source = g_source_new(&client_source_funcs, sizeof(NfdControlSource));
	((NfdControlSource *)c->source)->client = c;
	g_source_set_priority(c->source, NFD_CONTROL_PRIORITY);
	g_source_set_name(c->source, "nfd-control-client");
	c->tag = g_source_add_unix_fd(c->source, fd, G_IO_IN);
	g_source_set_ready_time(c->source, now + (gint64)self->limits.idle_timeout_ms * 1000);
	g_source_attach(c->source, NULL);
	g_ptr_array_add(self->clients, c);
	self->stats.accepted++;
}

/* over the connection limit: a best-effort error line, then close */
static void
refuse(NfdControl *self, gint fd)
{
	g_autoptr(GString) out = g_string_new(NULL);

	self->stats.refused++;
	write_error(out, "busy", "too many control connections, try again later", FALSE);
	(void)!send(fd, out->str, out->len, MSG_DONTWAIT | MSG_NOSIGNAL);
	close(fd);
}

static gboolean
on_accept(gint fd, GIOCondition cond, gpointer user_data)
{
	NfdControl *self = user_data;

	for (guint i = 0; i < NFD_CONTROL_ACCEPT_BATCH; i++) {
		gint cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (cfd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				g_debug("control socket: accept: %s", g_strerror(errno));
			break;
		}
		if (self->clients->len >= self->limits.max_clients)
			refuse(self, cfd);
		else
			client_new(self, cfd);
	}
	return G_SOURCE_CONTINUE;
}

/* ---- the socket file ---- */

/* the directory of the socket: made when missing, 0750, owned by root and the daemon's group
 * @gid (who may connect must enter it).  Only root writes to it, as to the pidfile's, which the
 * sample configuration puts in the same directory (issue 13: a daemon taken over must not be
 * able to plant a link there for the next start as root); so the unprivileged daemon cannot
 * remove its socket at exit, and the next start replaces it.  An existing directory is left as
 * it is (systemd's RuntimeDirectory=). */
static gboolean
make_socket_dir(const gchar *path, gid_t gid, GError **error)
{
	g_autofree gchar *dir = g_path_get_dirname(path);
	g_autofree gchar *parent = g_path_get_dirname(dir);
	struct stat st;
	gint saved = 0;

	if (lstat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return TRUE;
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "control socket directory %s is not a directory",
			    dir);
		return FALSE;
	}
	if (g_mkdir_with_parents(parent, 0755) < 0 || mkdir(dir, 0750) < 0)
		saved = errno;
	else if (lchown(dir, (uid_t)-1, gid) < 0 && errno != EPERM)
		saved = errno;
	if (saved != 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "cannot create the control socket directory %s: %s",
			    dir,
			    g_strerror(saved));
		return FALSE;
	}
	return TRUE;
}

/* an old socket at @path goes; anything else there (a file, a symlink) is not ours */
static gboolean
clear_old_socket(const gchar *path, GError **error)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return TRUE;
	if (!S_ISSOCK(st.st_mode)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "control socket %s exists and is not a socket; not touching it",
			    path);
		return FALSE;
	}
	if (unlink(path) < 0 && errno != ENOENT) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "cannot remove the old control socket %s: %s",
			    path,
			    g_strerror(errno));
		return FALSE;
	}
	return TRUE;
}

/* bind() under umask 0117 (mode 0660) with the file-system gid @gid (the file's group) */
static gint
bind_as_group(gint fd, const struct sockaddr_un *sa, gid_t gid)
{
	mode_t old_mask = umask(0117);
	gint old_fsgid = setfsgid(gid);
	gint rc = bind(fd, (const struct sockaddr *)sa, sizeof(*sa));
	gint saved = errno;

	setfsgid((gid_t)old_fsgid);
	umask(old_mask);
	errno = saved;
	return rc;
}

gboolean
nfd_control_listen(NfdControl *self, const gchar *path, gid_t gid, GError **error)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct stat st;
	gint fd;

	g_return_val_if_fail(self->fd < 0, FALSE);
	if (strlen(path) >= sizeof(sa.sun_path) || !g_path_is_absolute(path)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "control socket %s: not an absolute path shorter than %u bytes",
			    path,
			    (guint)sizeof(sa.sun_path));
		return FALSE;
	}
	memcpy(sa.sun_path, path, strlen(path));
	if (!make_socket_dir(path, gid, error) || !clear_old_socket(path, error))
		return FALSE;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind_as_group(fd, &sa, gid) < 0 || listen(fd, 16) < 0) {
		gint saved = errno;
		if (fd >= 0)
			close(fd);
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "cannot create the control socket %s: %s",
			    path,
			    g_strerror(saved));
		return FALSE;
	}
	/* without CAP_SETGID the group is the caller's: fix it if we may (the file is ours) */
	if (lstat(path, &st) == 0 && st.st_gid != gid && lchown(path, (uid_t)-1, gid) < 0)
		g_warning("control socket %s: cannot give it group %u: %s",
			  path,
			  (guint)gid,
			  g_strerror(errno));
	self->fd = fd;
	self->path = g_strdup(path);
	self->listen_source =
	    g_unix_fd_add_full(NFD_CONTROL_PRIORITY, fd, G_IO_IN, on_accept, self, NULL);
	return TRUE;
}

void
nfd_control_free(NfdControl *self)
{
	if (self == NULL)
		return;
	while (self->clients->len > 0)
		client_close(g_ptr_array_index(self->clients, 0));
	g_ptr_array_unref(self->clients);
	g_clear_handle_id(&self->listen_source, g_source_remove);
	if (self->fd >= 0) {
		close(self->fd);
		/* root's directory does not let the unprivileged daemon (make_socket_dir()): the
		 * next start replaces the stale socket */
		if (unlink(self->path) < 0 && errno != ENOENT)
			g_debug("cannot remove %s: %s", self->path, g_strerror(errno));
	}
	g_free(self->path);
	g_free(self);
}
