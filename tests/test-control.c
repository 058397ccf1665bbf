/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the control socket server (core/nfd-control.c) over a real UNIX socket in a
 * temporary directory, with the server in this thread's main loop and the test as the client:
 * replies in both formats, and every way a client can misbehave (garbage, an oversized line, a
 * disconnect mid-request, silence, not reading, flooding, too many connections), each of which
 * must leave the server serving and its memory bounded.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "nfd-control.h"

typedef struct {
	gchar *dir;
	gchar *path;
	NfdControl *control;
	guint big_rows; /* rows "big" produces */
} Fixture;

typedef struct {
	guint left;
	gboolean json;
} BigState;

static gboolean
produce_big(gpointer state, NfdJsonWriter *json, GString *text)
{
	BigState *s = state;

	if (json != NULL && s->left > 0 && !s->json) {
		nfd_json_begin_array(json);
		s->json = TRUE;
	}
	for (guint i = 0; i < 100 && s->left > 0; i++, s->left--) {
		if (json != NULL)
			nfd_json_string(json, "0123456789012345678901234567890123456789012345678");
		else
			g_string_append(text, "0123456789012345678901234567890123456789\n");
	}
	if (s->left > 0)
		return FALSE;
	if (json != NULL)
		nfd_json_end_array(json);
	return TRUE;
}

static gboolean
produce_echo(gpointer state, NfdJsonWriter *json, GString *text)
{
	if (json != NULL) {
		nfd_json_begin_object(json);
		nfd_json_member_string(json, "tap", state);
		nfd_json_end_object(json);
	} else {
		g_string_append_printf(text, "tap %s\n", (const gchar *)state);
	}
	return TRUE;
}

static void
handler(const NfdControlRequest *request, NfdControlReply *reply, gpointer user_data)
{
	Fixture *f = user_data;

	if (g_strcmp0(request->command, "echo") == 0) {
		nfd_control_reply_produce(reply,
					  produce_echo,
					  g_strdup(request->tap != NULL ? request->tap : "-"),
					  g_free);
	} else if (g_strcmp0(request->command, "big") == 0) {
		BigState *s = g_new0(BigState, 1);
		s->left = f->big_rows;
		nfd_control_reply_produce(reply, produce_big, s, g_free);
	} else if (g_strcmp0(request->command, "fail") == 0) {
		nfd_control_reply_error_problems(reply, "refused", "one\ntwo");
	} else {
		nfd_control_reply_error(reply, "unknown-command", request->command);
	}
}

static void
fixture_setup(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	f->dir = g_dir_make_tmp("nfd-control-XXXXXX", &error);
	g_assert_no_error(error);
	f->path = g_build_filename(f->dir, "run", "control.sock", NULL);
	f->big_rows = 1000;
	f->control = nfd_control_new(handler, f);
	g_assert_true(nfd_control_listen(f->control, f->path, getegid(), &error));
	g_assert_no_error(error);
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
	g_autofree gchar *run = g_path_get_dirname(f->path);

	nfd_control_free(f->control);
	g_remove(f->path);
	g_rmdir(run);
	g_rmdir(f->dir);
	g_free(f->path);
	g_free(f->dir);
}

static void
spin(void)
{
	while (g_main_context_iteration(NULL, FALSE))
		;
}

/* runs the main loop for @ms */
static void
spin_for(guint ms)
{
	gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;

	while (g_get_monotonic_time() < end) {
		spin();
		g_usleep(2000);
	}
}

static gint
client_connect(Fixture *f)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	gint fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	g_assert_cmpint(fd, >=, 0);
	g_strlcpy(sa.sun_path, f->path, sizeof(sa.sun_path));
	g_assert_cmpint(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
	g_assert_cmpint(fcntl(fd, F_SETFL, O_NONBLOCK), ==, 0);
	spin();
	return fd;
}

static void
client_send(gint fd, const gchar *data, gsize len)
{
	while (len > 0) {
		gssize n = send(fd, data, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EAGAIN) {
			spin();
			continue;
		}
		g_assert_cmpint(n, >, 0);
		data += n;
		len -= (gsize)n;
	}
	spin();
}

/* reads one reply line (without the newline), running the server meanwhile; NULL on EOF */
static gchar *
client_line(gint fd, guint timeout_ms)
{
	g_autoptr(GString) line = g_string_new(NULL);
	gint64 end = g_get_monotonic_time() + (gint64)timeout_ms * 1000;

	while (g_get_monotonic_time() < end) {
		gchar c;
		gssize n = recv(fd, &c, 1, 0);
		if (n == 1) {
			if (c == '\n')
				return g_string_free(g_steal_pointer(&line), FALSE);
			g_string_append_c(line, c);
			continue;
		}
		if (n == 0)
			return NULL;
		g_assert_true(errno == EAGAIN);
		spin();
		g_usleep(500);
	}
	g_error("no reply line within %u ms (got %zu bytes)", timeout_ms, line->len);
	return NULL;
}

/* TRUE when the server closed the connection within @timeout_ms */
static gboolean
client_sees_eof(gint fd, guint timeout_ms)
{
	gint64 end = g_get_monotonic_time() + (gint64)timeout_ms * 1000;

	while (g_get_monotonic_time() < end) {
		gchar buf[4096];
		gssize n = recv(fd, buf, sizeof(buf), 0);
		if (n == 0 || (n < 0 && errno == ECONNRESET))
			return TRUE;
		spin();
		g_usleep(1000);
	}
	return FALSE;
}

static void
test_text_reply(Fixture *f, gconstpointer data)
{
	gint fd = client_connect(f);
	g_autofree gchar *line = NULL;
	const gchar *req = "{\"command\":\"echo\",\"tap\":\"tap1\"}\n";

	client_send(fd, req, strlen(req));
	line = client_line(fd, 2000);
	g_assert_cmpstr(line, ==, "{\"ok\":true,\"text\":\"tap tap1\\n\"}");
	close(fd);
}

static void
test_json_reply(Fixture *f, gconstpointer data)
{
	gint fd = client_connect(f);
	g_autofree gchar *line = NULL;
	const gchar *req = "{\"command\":\"echo\",\"tap\":\"tap1\",\"format\":\"json\"}\r\n";

	client_send(fd, req, strlen(req));
	line = client_line(fd, 2000);
	g_assert_cmpstr(line, ==, "{\"ok\":true,\"result\":{\"tap\":\"tap1\"}}");
	close(fd);
}

static void
test_error_problems(Fixture *f, gconstpointer data)
{
	gint fd = client_connect(f);
	g_autofree gchar *line = NULL;
	const gchar *req = "{\"command\":\"fail\"}\n";

	client_send(fd, req, strlen(req));
	line = client_line(fd, 2000);
	g_assert_cmpstr(line,
			==,
			"{\"ok\":false,\"error\":{\"code\":\"refused\",\"message\":\"one\\ntwo\","
			"\"problems\":[\"one\",\"two\"]}}");
	close(fd);
}

static void
test_garbage_then_good(Fixture *f, gconstpointer data)
{
	gint fd = client_connect(f);
	g_autofree gchar *l1 = NULL;
	g_autofree gchar *l2 = NULL;
	g_autofree gchar *l3 = NULL;
	const gchar garbage[] = "\x00\xff{{{\x01 not json\n";
	const gchar *good = "{\"command\":\"echo\"}\n";

	client_send(fd, garbage, sizeof(garbage) - 1);
	l1 = client_line(fd, 2000);
	g_assert_nonnull(strstr(l1, "\"code\":\"bad-request\""));
	client_send(fd, "\n", 1);
	l2 = client_line(fd, 2000);
	g_assert_nonnull(strstr(l2, "\"code\":\"bad-request\""));
	client_send(fd, good, strlen(good));
	l3 = client_line(fd, 2000);
	g_assert_cmpstr(l3, ==, "{\"ok\":true,\"text\":\"tap -\\n\"}");
	g_assert_cmpuint(nfd_control_get_stats(f->control)->bad_requests, ==, 2);
	close(fd);
}

static void
test_oversized_line(Fixture *f, gconstpointer data)
{
	gint fd = client_connect(f);
	g_autofree gchar *junk = g_malloc(8192);
	g_autofree gchar *line = NULL;

	memset(junk, 'x', 8192);
	/* the server reads 4 KiB, refuses, closes; the rest of our send may fail */
	(void)!send(fd, junk, 8192, MSG_NOSIGNAL);
	line = client_line(fd, 2000);
	g_assert_nonnull(line);
	g_assert_nonnull(strstr(line, "longer than 4096 bytes"));
	g_assert_true(client_sees_eof(fd, 2000));
	g_assert_cmpuint(nfd_control_get_n_clients(f->control), ==, 0);
	close(fd);
}

static void
test_disconnect_mid_request(Fixture *f, gconstpointer data)
{
	gint fd = client_connect(f);
	const gchar *half = "{\"command\":\"ec";

	client_send(fd, half, strlen(half));
	g_assert_cmpuint(nfd_control_get_n_clients(f->control), ==, 1);
	close(fd);
	spin_for(50);
	g_assert_cmpuint(nfd_control_get_n_clients(f->control), ==, 0);
	/* and the next client is served */
	fd = client_connect(f);
	client_send(fd, "{\"command\":\"echo\"}\n", 19);
	g_free(client_line(fd, 2000));
	close(fd);
}

static void
test_half_close(Fixture *f, gconstpointer data)
{
	gint fd = client_connect(f);
	const gchar *req = "{\"command\":\"echo\"}\n{\"command\":\"echo\",\"tap\":\"t2\"}\n";
	g_autofree gchar *l1 = NULL;
	g_autofree gchar *l2 = NULL;

	client_send(fd, req, strlen(req));
	shutdown(fd, SHUT_WR);
	l1 = client_line(fd, 2000);
	l2 = client_line(fd, 2000);
	g_assert_cmpstr(l2, ==, "{\"ok\":true,\"text\":\"tap t2\\n\"}");
	g_assert_true(client_sees_eof(fd, 2000));
	close(fd);
}

static void
test_idle_timeout(Fixture *f, gconstpointer data)
{
	NfdControlLimits limits;
	gint fd;

	nfd_control_get_default_limits(&limits);
	limits.idle_timeout_ms = 200;
	nfd_control_set_limits(f->control, &limits);
	fd = client_connect(f);
	g_assert_false(client_sees_eof(fd, 100));
	g_assert_true(client_sees_eof(fd, 2000));
	g_assert_cmpuint(nfd_control_get_stats(f->control)->idle_closed, ==, 1);
	close(fd);
}

static void
test_slow_reader(Fixture *f, gconstpointer data)
{
	NfdControlLimits limits;
	gint fd;
	gint small = 4096;
	const gchar *req = "{\"command\":\"big\"}\n";

	nfd_control_get_default_limits(&limits);
	limits.write_timeout_ms = 300;
	nfd_control_set_limits(f->control, &limits);
	/* 20 MB of reply; the client reads nothing */
	f->big_rows = 500000;
	fd = client_connect(f);
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	client_send(fd, req, strlen(req));
	spin_for(1000);
	g_assert_cmpuint(nfd_control_get_stats(f->control)->slow_readers, ==, 1);
	/* what waited to be sent stayed near the low-water mark, not 20 MB */
	g_assert_cmpuint(nfd_control_get_stats(f->control)->max_buffered,
			 <,
			 limits.low_water + 16384);
	g_assert_cmpuint(nfd_control_get_n_clients(f->control), ==, 0);
	close(fd);
}

static void
test_streaming(Fixture *f, gconstpointer data)
{
	gint fd = client_connect(f);
	const gchar *req = "{\"command\":\"big\",\"format\":\"json\"}\n";
	g_autofree gchar *line = NULL;
	NfdJsonMember m[4];
	guint n = 0;
	g_autoptr(GError) error = NULL;

	/* 50,000 rows, about 2.6 MB: produced in pieces as the client reads */
	f->big_rows = 50000;
	client_send(fd, req, strlen(req));
	line = client_line(fd, 20000);
	g_assert_true(nfd_json_parse_object(line, strlen(line), m, 4, &n, &error));
	g_assert_no_error(error);
	/* {"ok":true,"result":[ rows, commas ]} */
	g_assert_cmpuint(strlen(line), ==, 21 + 50000 * 51 + 49999 + 2);
	close(fd);
}

static void
test_flood(Fixture *f, gconstpointer data)
{
	NfdControlLimits limits;
	g_autoptr(GString) burst = g_string_new(NULL);
	guint replies = 0;
	gint fd;

	nfd_control_get_default_limits(&limits);
	limits.rate_per_sec = 200;
	limits.rate_burst = 10;
	nfd_control_set_limits(f->control, &limits);
	fd = client_connect(f);
	for (guint i = 0; i < 80; i++)
		g_string_append(burst, "{\"command\":\"echo\"}\n");
	client_send(fd, burst->str, burst->len);
	/* all of them answered, but not faster than the bucket allows: 80 requests at 200/s
	 * after a burst of 10 take at least 0.35 s */
	for (gint64 start = g_get_monotonic_time(); replies < 80; replies++) {
		g_autofree gchar *line = client_line(fd, 5000);
		g_assert_cmpstr(line, ==, "{\"ok\":true,\"text\":\"tap -\\n\"}");
		if (replies == 79)
			g_assert_cmpint(g_get_monotonic_time() - start, >=, 300 * 1000);
	}
	g_assert_cmpuint(nfd_control_get_stats(f->control)->rate_limited, >, 0);
	close(fd);
}

static void
test_max_clients(Fixture *f, gconstpointer data)
{
	NfdControlLimits limits;
	gint fds[3];
	g_autofree gchar *line = NULL;

	nfd_control_get_default_limits(&limits);
	limits.max_clients = 2;
	nfd_control_set_limits(f->control, &limits);
	for (guint i = 0; i < 3; i++)
		fds[i] = client_connect(f);
	spin_for(20);
	line = client_line(fds[2], 2000);
	g_assert_nonnull(strstr(line, "\"code\":\"busy\""));
	g_assert_true(client_sees_eof(fds[2], 2000));
	g_assert_cmpuint(nfd_control_get_n_clients(f->control), ==, 2);
	client_send(fds[0], "{\"command\":\"echo\"}\n", 19);
	g_free(client_line(fds[0], 2000));
	for (guint i = 0; i < 3; i++)
		close(fds[i]);
}

static void
test_socket_mode(Fixture *f, gconstpointer data)
{
	struct stat st;
	g_autofree gchar *run = g_path_get_dirname(f->path);

	g_assert_cmpint(lstat(f->path, &st), ==, 0);
	g_assert_true(S_ISSOCK(st.st_mode));
	g_assert_cmpint(st.st_mode & 07777, ==, 0660);
	g_assert_cmpint(st.st_gid, ==, getegid());
	g_assert_cmpint(lstat(run, &st), ==, 0);
	g_assert_cmpint(st.st_mode & 07777, ==, 0750);
}

static void
test_replaces_old_socket(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	NfdControl *other = nfd_control_new(handler, f);

	/* a stale socket from a previous run is replaced */
	g_assert_true(nfd_control_listen(other, f->path, getegid(), &error));
	g_assert_no_error(error);
	nfd_control_free(other);
}

static void
test_refuses_non_socket(Fixture *f, gconstpointer data)
{
	g_autofree gchar *file = g_build_filename(f->dir, "file", NULL);
	g_autofree gchar *link = g_build_filename(f->dir, "link", NULL);
	g_autofree gchar *content = NULL;
	NfdControl *other = nfd_control_new(handler, f);
	g_autoptr(GError) e1 = NULL;
	g_autoptr(GError) e2 = NULL;

	g_assert_true(g_file_set_contents(file, "keep", -1, NULL));
	g_assert_false(nfd_control_listen(other, file, getegid(), &e1));
	g_assert_nonnull(strstr(e1->message, "is not a socket"));
	/* a symlink is not followed, not removed, its target untouched */
	g_assert_cmpint(symlink(file, link), ==, 0);
	g_assert_false(nfd_control_listen(other, link, getegid(), &e2));
	g_assert_nonnull(strstr(e2->message, "is not a socket"));
	g_assert_true(g_file_get_contents(file, &content, NULL, NULL));
	g_assert_cmpstr(content, ==, "keep");
	nfd_control_free(other);
	g_remove(link);
	g_remove(file);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
#define ADD(path, func) g_test_add(path, Fixture, NULL, fixture_setup, func, fixture_teardown)
	ADD("/nfd/control/server/text-reply", test_text_reply);
	ADD("/nfd/control/server/json-reply", test_json_reply);
	ADD("/nfd/control/server/error-problems", test_error_problems);
	ADD("/nfd/control/server/garbage-then-good", test_garbage_then_good);
	ADD("/nfd/control/server/oversized-line", test_oversized_line);
	ADD("/nfd/control/server/disconnect-mid-request", test_disconnect_mid_request);
	ADD("/nfd/control/server/half-close", test_half_close);
	ADD("/nfd/control/server/idle-timeout", test_idle_timeout);
	ADD("/nfd/control/server/slow-reader", test_slow_reader);
	ADD("/nfd/control/server/streaming", test_streaming);
	ADD("/nfd/control/server/flood", test_flood);
	ADD("/nfd/control/server/max-clients", test_max_clients);
	ADD("/nfd/control/server/socket-mode", test_socket_mode);
	ADD("/nfd/control/server/replaces-old-socket", test_replaces_old_socket);
	ADD("/nfd/control/server/refuses-non-socket", test_refuses_non_socket);
#undef ADD
	return g_test_run();
}
