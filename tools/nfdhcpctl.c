/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nfdhcpctl: asks a running nfdhcpd over its control socket (core/nfd-control.h) and prints
 * the answer.
 *
 * It is kept small on purpose: the daemon renders the human-readable tables itself (the
 * request says "format":"text"), so this tool only builds one request line, relays the reply
 * and turns it into an exit status.  It needs no JSON library either: it links the daemon's own
 * bounded JSON reader and writer (core/nfd-json.c, pure code), so the two sides cannot
 * disagree about escaping.
 *
 * Exit status: 0 the daemon answered, 1 the daemon refused (the error it gave is printed),
 * 2 usage, 3 the daemon cannot be reached (not running, no permission, timeout).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "nfd-json.h"
#include "nfd-version.h"

#define EXIT_REFUSED 1
#define EXIT_USAGE 2
#define EXIT_UNREACHABLE 3

static struct {
	gchar *socket_path;
	gboolean json;
	gint timeout;
	gchar *mac;
	gchar *request_list;
	gchar **args;
	gboolean version;
} opt = {.timeout = 10};

static const GOptionEntry entries[] = {
    {"socket",
     's',
     0,
     G_OPTION_ARG_FILENAME,
     &opt.socket_path,
     "The daemon's control socket (default " NFD_CONTROL_SOCKET ")",
     "SOCKET"},
    {"json", 0, 0, G_OPTION_ARG_NONE, &opt.json, "Print the daemon's JSON reply", NULL},
    {"timeout", 0, 0, G_OPTION_ARG_INT, &opt.timeout, "Give up after SECS (default 10)", "SECS"},
    {"mac", 0, 0, G_OPTION_ARG_STRING, &opt.mac, "explain: the client's MAC", "MAC"},
    {"request-list",
     0,
     0,
     G_OPTION_ARG_STRING,
     &opt.request_list,
     "explain: the DHCPv4 parameter request list (option 55), e.g. 1,3,6,15",
     "LIST"},
    {"version", 'V', 0, G_OPTION_ARG_NONE, &opt.version, "Print the version and exit", NULL},
    {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt.args, NULL, NULL},
    {NULL}};

static const gchar summary[] =
    "Commands:\n"
    "  status                 version, uptime, plugins and their queues with the kernel's\n"
    "                         counters, bindings, the binding backend, the last reload\n"
    "  bindings [TAP]         the binding table\n"
    "  stats [TAP]            per tap and message type: received, answered, dropped (why),\n"
    "                         last seen, the DHCPv4 client's fingerprint\n"
    "  events TAP             the tap's last decisions: time, protocol, message, verdict,\n"
    "                         reason, address (why did TAP get nothing?)\n"
    "  explain TAP PROTO      the reply the daemon would send to TAP's guest, decoded, without\n"
    "                         sending it; PROTO: dhcp4, ra, ndp, dhcp6 [--mac, --request-list]\n"
    "  reload                 reload the configuration (as SIGHUP) and say whether it applied\n"
    "  metrics                the Prometheus metrics\n"
    "\n"
    "Exit status: 0 done, 1 refused by the daemon, 2 usage, 3 the daemon cannot be reached.";

typedef struct {
	const gchar *name;
	guint min_args; /* after the command */
	guint max_args;
	gboolean tap_first; /* the first argument is a tap */
} Command;

static const Command commands[] = {
    {"status", 0, 0, FALSE},
    {"bindings", 0, 1, TRUE},
    {"stats", 0, 1, TRUE},
    {"events", 1, 1, TRUE},
    {"explain", 2, 2, TRUE},
    {"reload", 0, 0, FALSE},
    {"metrics", 0, 0, FALSE},
};

static gint
usage(GOptionContext *context, const gchar *message)
{
	g_printerr("nfdhcpctl: %s\n", message);
	g_printerr("Try 'nfdhcpctl --help'.\n");
	return EXIT_USAGE;
}

static const Command *
find_command(const gchar *name)
{
	for (guint i = 0; i < G_N_ELEMENTS(commands); i++) {
		if (g_strcmp0(commands[i].name, name) == 0)
			return &commands[i];
	}
	return NULL;
}

static gchar *
build_request(const Command *cmd, gchar **args, guint n_args)
{
	GString *out = g_string_new(NULL);
	NfdJsonWriter w;

	nfd_json_writer_init(&w, out);
	nfd_json_begin_object(&w);
	nfd_json_member_string(&w, "command", cmd->name);
	nfd_json_member_string(&w, "format", opt.json ? "json" : "text");
	if (cmd->tap_first && n_args > 0)
		nfd_json_member_string(&w, "tap", args[0]);
	if (g_strcmp0(cmd->name, "explain") == 0) {
		nfd_json_key(&w, "args");
		nfd_json_begin_object(&w);
		nfd_json_member_string(&w, "proto", args[1]);
		if (opt.mac != NULL)
			nfd_json_member_string(&w, "mac", opt.mac);
		if (opt.request_list != NULL)
			nfd_json_member_string(&w, "request-list", opt.request_list);
		nfd_json_end_object(&w);
	}
	nfd_json_end_object(&w);
	g_string_append_c(out, '\n');
	return g_string_free(out, FALSE);
}

static gint
unreachable(const gchar *path, const gchar *what, gint err)
{
	const gchar *hint = "";

	if (err == ENOENT || err == ECONNREFUSED)
		hint = " (is nfdhcpd running?)";
	else if (err == EACCES || err == EPERM)
		hint = " (only root and the daemon's group may use it)";
	g_printerr("nfdhcpctl: %s %s: %s%s\n", what, path, g_strerror(err), hint);
	return EXIT_UNREACHABLE;
}

/* the time left until @deadline in ms for poll(), at least 0 */
static gint
ms_left(gint64 deadline)
{
	gint64 left = deadline - g_get_monotonic_time();

	return left <= 0 ? 0 : (gint)MIN(left / 1000 + 1, G_MAXINT);
}

/* sends @request and reads the one reply line into @reply; an exit status, 0 when it worked */
static gint
exchange(const gchar *path, const gchar *request, GString *reply)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	gint64 deadline = g_get_monotonic_time() + (gint64)opt.timeout * G_USEC_PER_SEC;
	gsize sent = 0;
	gsize len = strlen(request);
	gint fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		g_printerr("nfdhcpctl: socket path too long: %s\n", path);
		return EXIT_USAGE;
	}
	memcpy(sa.sun_path, path, strlen(path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return unreachable(path, "cannot connect to", errno);
	while (sent < len) {
		gssize n = send(fd, request + sent, len - sent, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			gint saved = errno;
			close(fd);
			return unreachable(path, "cannot write to", saved);
		}
		sent += (gsize)n;
	}
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		gchar buf[65536];
		gssize n;
		gint rc = poll(&p, 1, ms_left(deadline));

		if (rc < 0 && errno == EINTR)
			continue;
		if (rc == 0) {
			close(fd);
			g_printerr("nfdhcpctl: no answer from %s within %d s\n", path, opt.timeout);
			return EXIT_UNREACHABLE;
		}
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			g_printerr("nfdhcpctl: %s closed the connection without an answer\n", path);
			return EXIT_UNREACHABLE;
		}
		g_string_append_len(reply, buf, n);
		if (memchr(buf, '\n', (gsize)n) != NULL)
			break;
	}
	close(fd);
	g_string_truncate(reply, strchr(reply->str, '\n') - reply->str);
	return 0;
}

/* prints the daemon's error: its message, or each of its problems */
static void
print_error(const NfdJsonMember *error_member)
{
	NfdJsonMember m[8];
	guint n = 0;
	const NfdJsonMember *message;
	g_autofree gchar *text = NULL;

	if (error_member == NULL || error_member->type != NFD_JSON_OBJECT ||
	    !nfd_json_parse_object(error_member->value, error_member->value_len, m, 8, &n, NULL) ||
	    (message = nfd_json_find(m, n, "message")) == NULL ||
	    (text = nfd_json_member_dup_string(message, NULL)) == NULL) {
		g_printerr("nfdhcpctl: the daemon refused the request\n");
		return;
	}
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++)
		g_printerr("nfdhcpctl: %s\n", lines[i]);
}

static gint
print_reply(const GString *reply)
{
	NfdJsonMember m[8];
	guint n = 0;
	const NfdJsonMember *ok;
	const NfdJsonMember *text;
	g_autofree gchar *decoded = NULL;
	g_autoptr(GError) error = NULL;

	if (!nfd_json_parse_object(reply->str, reply->len, m, G_N_ELEMENTS(m), &n, &error) ||
	    (ok = nfd_json_find(m, n, "ok")) == NULL) {
		g_printerr("nfdhcpctl: the daemon's answer is not understood: %s\n",
			   error != NULL ? error->message : "no \"ok\"");
		return EXIT_UNREACHABLE;
	}
	if (opt.json) {
		fwrite(reply->str, 1, reply->len, stdout);
		putchar('\n');
		return ok->type == NFD_JSON_TRUE ? 0 : EXIT_REFUSED;
	}
	if (ok->type != NFD_JSON_TRUE) {
		print_error(nfd_json_find(m, n, "error"));
		return EXIT_REFUSED;
	}
	text = nfd_json_find(m, n, "text");
	if (text == NULL || (decoded = nfd_json_member_dup_string(text, &error)) == NULL) {
		g_printerr("nfdhcpctl: the daemon's answer has no text\n");
		return EXIT_UNREACHABLE;
	}
	fputs(decoded, stdout);
	return 0;
}

int
main(int argc, char **argv)
{
	g_autoptr(GOptionContext) context = g_option_context_new("COMMAND [ARGS...]");
	g_autoptr(GError) error = NULL;
	g_autoptr(GString) reply = g_string_new(NULL);
	g_autofree gchar *request = NULL;
	const Command *cmd;
	guint n_args;
	gint rc;

	g_option_context_set_summary(context,
				     "Ask a running nfdhcpd what it does, and why, over its "
				     "control socket.");
	g_option_context_set_description(context, summary);
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error))
		return usage(context, error->message);
	if (opt.version) {
		g_print("nfdhcpctl %s\n", NFD_PACKAGE_VERSION);
		return 0;
	}
	if (opt.args == NULL || opt.args[0] == NULL)
		return usage(context, "no command given");
	cmd = find_command(opt.args[0]);
	if (cmd == NULL)
		return usage(context, "unknown command (see --help)");
	n_args = g_strv_length(opt.args) - 1;
	if (n_args < cmd->min_args || n_args > cmd->max_args)
		return usage(context, "wrong number of arguments (see --help)");
	if ((opt.mac != NULL || opt.request_list != NULL) && g_strcmp0(cmd->name, "explain") != 0)
		return usage(context, "--mac and --request-list go with explain");
	if (opt.timeout <= 0)
		return usage(context, "--timeout must be a positive number of seconds");
	request = build_request(cmd, opt.args + 1, n_args);
	rc = exchange(opt.socket_path != NULL ? opt.socket_path : NFD_CONTROL_SOCKET,
		      request,
		      reply);
	if (rc != 0)
		return rc;
	return print_reply(reply);
}
