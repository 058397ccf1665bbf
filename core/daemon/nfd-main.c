/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nfdhcpd's main(): the command line, the one-shot modes (--version, --list-plugins,
 * --check-config, --check-bindings), and the order in which NfdDaemon's life cycle runs
 * (daemonizing and the readiness pipe are NfdDaemon's, nfd-daemon.c).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nfd-binding-backend.h"
#include "nfd-binding-private.h"
#include "nfd-builtin.h"
#include "nfd-daemon.h"
#include "nfd-log.h"
#include "nfd-module-loader.h"
#include "nfd-version.h"

static gchar *
default_config_path(void)
{
	return g_build_filename(NFD_SYSCONFDIR, "nfdhcpd", "nfdhcpd.conf", NULL);
}

static void
list_kind(NfdModuleKind kind, const gchar *const *dirs)
{
	g_autoptr(GPtrArray) builtins = nfd_module_list_builtins(kind);
	g_autoptr(GPtrArray) paths = nfd_module_scan(kind, dirs);

	for (guint i = 0; i < builtins->len; i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(NfdModule) m =
		    nfd_module_find(kind, NULL, g_ptr_array_index(builtins, i), &error);
		if (m == NULL) {
			g_print("%-16s (broken builtin: %s)\n",
				(const gchar *)g_ptr_array_index(builtins, i),
				error->message);
			continue;
		}
		g_print("%-16s %-8s %-7s API %u.%u  builtin\n    %s\n",
			m->name,
			m->header->version,
			kind == NFD_MODULE_KIND_PLUGIN ? "plugin" : "backend",
			m->header->api_major,
			m->header->api_minor,
			m->header->description);
	}
	for (guint i = 0; i < paths->len; i++) {
		const gchar *path = g_ptr_array_index(paths, i);
		g_autoptr(GError) error = NULL;
		g_autoptr(NfdModule) m = nfd_module_open(kind, path, NULL, &error);
		if (m == NULL) {
			g_print("%-16s unusable: %s\n", "?", error->message);
			continue;
		}
		g_print("%-16s %-8s %-7s API %u.%u  %s\n    %s\n",
			m->name,
			m->header->version,
			kind == NFD_MODULE_KIND_PLUGIN ? "plugin" : "backend",
			m->header->api_major,
			m->header->api_minor,
			path,
			m->header->description);
	}
}

static gboolean
not_a_binding_file(const gchar *name, mode_t mode, GError **error)
{
	g_set_error(error,
		    NFD_ERROR,
		    NFD_ERROR_IO,
		    "%s",
		    S_ISLNK(mode)    ? "a symbolic link, not a regular file: not read"
		    : S_ISFIFO(mode) ? "a FIFO, not a regular file: not read"
		    : S_ISCHR(mode) || S_ISBLK(mode) ? "a device, not a regular file: not read"
						     : "not a regular file: not read");
	return FALSE;
}

/* as the directory backend reads (nfd-binding-directory.c), whoever runs this: a regular file
 * only, looked at without following links or opening it, then opened with O_NOFOLLOW and
 * O_NONBLOCK and checked again, and at most NFD_BINDING_TEXT_MAX bytes */
static gboolean
read_binding_file(gint dirfd, const gchar *name, gchar **data, gsize *len, GError **error)
{
	g_autofree gchar *buf = NULL;
	struct stat st;
	gsize got = 0;
	gint fd;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		g_set_error_literal(error, NFD_ERROR, NFD_ERROR_IO, g_strerror(errno));
		return FALSE;
	}
	if (!S_ISREG(st.st_mode))
		return not_a_binding_file(name, st.st_mode, error);
	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
	if (fd < 0) {
		g_set_error_literal(error, NFD_ERROR, NFD_ERROR_IO, g_strerror(errno));
		return FALSE;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return not_a_binding_file(name, st.st_mode, error);
	}
	buf = g_malloc(NFD_BINDING_TEXT_MAX + 2);
	while (st.st_size <= NFD_BINDING_TEXT_MAX && got <= NFD_BINDING_TEXT_MAX) {
		gssize n = read(fd, buf + got, NFD_BINDING_TEXT_MAX + 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			g_set_error_literal(error, NFD_ERROR, NFD_ERROR_IO, g_strerror(errno));
			close(fd);
			return FALSE;
		}
		if (n == 0)
			break;
		got += (gsize)n;
	}
	close(fd);
	if (st.st_size > NFD_BINDING_TEXT_MAX || got > NFD_BINDING_TEXT_MAX) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_BINDING,
			    "%" G_GINT64_FORMAT " bytes, more than the %u a binding file may have",
			    (gint64)MAX((goffset)st.st_size, (goffset)got),
			    (guint)NFD_BINDING_TEXT_MAX);
		return FALSE;
	}
	buf[got] = '\0';
	*data = g_steal_pointer(&buf);
	*len = got;
	return TRUE;
}

/* @path: one binding file; 1 if it is bad */
static guint
check_binding_file(gint dirfd, const gchar *name, const gchar *path)
{
	g_autofree gchar *data = NULL;
	g_autofree gchar *tap = g_path_get_basename(name);
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdBinding) b = NULL;
	gsize len = 0;

	if (!read_binding_file(dirfd, name, &data, &len, &error)) {
		g_printerr("%s: %s\n", path, error->message);
		return 1;
	}
	b = nfd_binding_new_from_data(tap, data, len, &error);
	if (b == NULL) {
		g_printerr("%s: %s\n", path, error->message);
		return 1;
	}
	return 0;
}

static gint
check_bindings(gchar **paths)
{
	guint n_bad = 0;
	guint n_all = 0;

	for (guint i = 0; paths != NULL && paths[i] != NULL; i++) {
		struct dirent *de;
		DIR *dir;
		/* O_DIRECTORY fails before a FIFO or device is opened */
		gint dirfd = open(paths[i], O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);

		if (dirfd < 0) {
			/* a file (or nothing): read as the daemon would, no link followed */
			n_bad += check_binding_file(AT_FDCWD, paths[i], paths[i]);
			n_all++;
			continue;
		}
		dir = fdopendir(dirfd);
		if (dir == NULL) {
			g_printerr("%s: %s\n", paths[i], g_strerror(errno));
			close(dirfd);
			n_bad++;
			n_all++;
			continue;
		}
		while ((de = readdir(dir)) != NULL) {
			g_autofree gchar *fn = NULL;
			struct stat st;
			/* as the directory backend: subdirectories (the state directory inside
			 * /var/lib/nfdhcpd) are not bindings */
			if (nfd_binding_file_name_is_ignored(de->d_name) ||
			    (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			     S_ISDIR(st.st_mode)))
				continue;
			fn = g_build_filename(paths[i], de->d_name, NULL);
			n_bad += check_binding_file(dirfd, de->d_name, fn);
			n_all++;
		}
		closedir(dir);
	}
	g_print("%u binding files valid, %u invalid\n", n_all - n_bad, n_bad);
	return n_bad > 0 ? 1 : 0;
}

/* [general] log: auto (the journal under systemd, else stderr in the foreground and the
 * logdir file or the journal when daemonized), stderr, journal, file (logdir/nfdhcpd.log) */
static gboolean
choose_log_target(NfdDaemon *daemon, gboolean foreground, NfdLogTarget *target)
{
	const gchar *log = nfd_daemon_get_log_target(daemon);
	gboolean has_file = nfd_daemon_get_logfile(daemon) != NULL;

	if (g_strcmp0(log, "stderr") == 0)
		*target = NFD_LOG_TARGET_STDERR;
	else if (g_strcmp0(log, "journal") == 0)
		*target = NFD_LOG_TARGET_JOURNAL;
	else if (g_strcmp0(log, "file") == 0 && has_file)
		*target = NFD_LOG_TARGET_FILE;
	else if (g_strcmp0(log, "auto") != 0)
		return FALSE;
	else if (foreground)
		*target = NFD_LOG_TARGET_AUTO;
	else if (has_file)
		*target = NFD_LOG_TARGET_FILE;
	else
		*target = NFD_LOG_TARGET_JOURNAL;
	return TRUE;
}

/* the command line; file-scope so that the option table can point at it */
static struct {
	gchar *config_path;
	gchar **plugin_dirs;
	gchar **backend_dirs;
	gchar **check_bindings_paths;
	gboolean foreground;
	gboolean debug;
	gboolean check_config;
	gboolean print_claims;
	gboolean list_plugins;
	gboolean show_version;
	gboolean check_bindings;
} opt;

static const GOptionEntry option_entries[] = {
    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &opt.config_path, "Configuration file", "FILE"},
    {"foreground", 'f', 0, G_OPTION_ARG_NONE, &opt.foreground, "Stay in the foreground", NULL},
    {"debug", 'd', 0, G_OPTION_ARG_NONE, &opt.debug, "Log debug messages", NULL},
    {"check-config",
     0,
     0,
     G_OPTION_ARG_NONE,
     &opt.check_config,
     "Check the configuration, print it and exit",
     NULL},
    {"print-claims",
     0,
     0,
     G_OPTION_ARG_NONE,
     &opt.print_claims,
     "Check the configuration, print its queue claims, one a line (PLUGIN QUEUE ipv4|ipv6 "
     "udp|icmpv6|any|PROTO PORT|TYPE|-), for nfdhcpd-rules, and exit",
     NULL},
    {"check-bindings",
     0,
     0,
     G_OPTION_ARG_NONE,
     &opt.check_bindings,
     "Validate the binding files or directories given as arguments and exit",
     NULL},
    {"list-plugins",
     0,
     0,
     G_OPTION_ARG_NONE,
     &opt.list_plugins,
     "List plugins and binding backends and exit",
     NULL},
    {"plugin-dir",
     0,
     0,
     G_OPTION_ARG_FILENAME_ARRAY,
     &opt.plugin_dirs,
     "Load plugins from DIR (repeatable)",
     "DIR"},
    {"backend-dir",
     0,
     0,
     G_OPTION_ARG_FILENAME_ARRAY,
     &opt.backend_dirs,
     "Load binding backends from DIR (repeatable)",
     "DIR"},
    {"version", 'V', 0, G_OPTION_ARG_NONE, &opt.show_version, "Print the version and exit", NULL},
    {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt.check_bindings_paths, NULL, NULL},
    {NULL}};

static void
clear_options(void)
{
	g_free(opt.config_path);
	g_strfreev(opt.plugin_dirs);
	g_strfreev(opt.backend_dirs);
	g_strfreev(opt.check_bindings_paths);
}

/* the modes that do not start the daemon; -1 when the daemon is to start, else an exit code */
static gint
run_one_shot_mode(void)
{
	if (opt.show_version) {
		g_print("nfdhcpd %s (plugin API %u.%u)\n",
			NFD_PACKAGE_VERSION,
			NFD_PLUGIN_API_MAJOR,
			NFD_PLUGIN_API_MINOR);
		return 0;
	}
	if (opt.check_bindings_paths != NULL && !opt.check_bindings) {
		g_printerr("nfdhcpd: unexpected argument '%s'\n", opt.check_bindings_paths[0]);
		return 2;
	}
	nfd_builtin_register_all();
	if (opt.check_bindings && opt.check_bindings_paths == NULL) {
		g_printerr("nfdhcpd: --check-bindings needs binding files or directories\n");
		return 2;
	}
	if (opt.check_bindings)
		return check_bindings(opt.check_bindings_paths);
	if (opt.list_plugins) {
		const gchar *def_plugins[] = {NFD_PLUGINSDIR, NULL};
		const gchar *def_backends[] = {NFD_BINDINGSDIR, NULL};
		list_kind(NFD_MODULE_KIND_PLUGIN,
			  opt.plugin_dirs != NULL ? (const gchar *const *)opt.plugin_dirs
						  : def_plugins);
		list_kind(NFD_MODULE_KIND_BACKEND,
			  opt.backend_dirs != NULL ? (const gchar *const *)opt.backend_dirs
						   : def_backends);
		return 0;
	}
	return -1;
}

static void
print_warnings(NfdDaemon *daemon, gboolean to_stderr)
{
	GPtrArray *warnings = nfd_daemon_get_warnings(daemon);

	for (guint i = 0; warnings != NULL && i < warnings->len; i++) {
		const gchar *warning = g_ptr_array_index(warnings, i);
		if (to_stderr)
			g_printerr("warning: %s\n", warning);
		else
			g_warning("%s", warning);
	}
}

/* one line per problem, and how many, so that --check-config shows them all at once */
static void
print_problems(const gchar *message)
{
	g_auto(GStrv) lines = g_strsplit(message, "\n", -1);
	guint n = g_strv_length(lines);

	for (guint i = 0; i < n; i++)
		g_printerr("nfdhcpd: %s\n", lines[i]);
	if (n > 1)
		g_printerr("nfdhcpd: %u problems\n", n);
}

/* a loaded daemon: set up the log, daemonize unless --foreground, start and run */
static gint
run_daemon(NfdDaemon *daemon)
{
	NfdLogTarget target = NFD_LOG_TARGET_AUTO;
	g_autoptr(GError) error = NULL;
	gint rc;

	print_warnings(daemon, FALSE);
	/* nfd_daemon_load() checked [general] log already */
	if (!choose_log_target(daemon, opt.foreground, &target)) {
		g_printerr("nfdhcpd: [general] log: '%s' is not usable\n",
			   nfd_daemon_get_log_target(daemon));
		return 1;
	}
	if (target == NFD_LOG_TARGET_FILE && !nfd_daemon_make_logdir(daemon, &error)) {
		g_printerr("nfdhcpd: %s\n", error->message);
		return 1;
	}
	if (!opt.foreground && !nfd_daemon_daemonize(daemon, &error)) {
		g_printerr("nfdhcpd: %s\n", error->message);
		return 1;
	}
	nfd_log_setup(target, nfd_daemon_get_logfile(daemon), opt.debug);
	/* a log file that cannot be opened safely (nfd-safe-file.h) stops the start, whose
	 * messages would otherwise go nowhere once daemonized */
	if (target == NFD_LOG_TARGET_FILE && nfd_log_get_target() != NFD_LOG_TARGET_FILE) {
		g_critical("no log file: not starting");
		return 1;
	}
	g_message("starting nfdhcpd %s", NFD_PACKAGE_VERSION);
	if (!nfd_daemon_setup(daemon, &error) || !nfd_daemon_drop_privileges(daemon, &error) ||
	    !nfd_daemon_start(daemon, &error)) {
		g_critical("%s", error->message);
		return 1;
	}
	rc = nfd_daemon_run(daemon);
	g_message("stopped");
	return rc;
}

int
main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GOptionContext) ctx = g_option_context_new("- DHCP/RA/NDP responder for VM taps");
	g_autoptr(NfdDaemon) daemon = NULL;
	NfdDaemonOptions options = {0};
	gint rc;

	atexit(clear_options);
	g_option_context_add_main_entries(ctx, option_entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
		g_printerr("nfdhcpd: %s\n", error->message);
		return 2;
	}
	rc = run_one_shot_mode();
	if (rc >= 0)
		return rc;
	if (opt.config_path == NULL)
		opt.config_path = default_config_path();

	nfd_log_setup(opt.foreground || opt.check_config || opt.print_claims
			  ? NFD_LOG_TARGET_AUTO
			  : NFD_LOG_TARGET_STDERR,
		      NULL,
		      opt.debug);
	options.config_path = opt.config_path;
	options.plugin_dirs = (const gchar *const *)opt.plugin_dirs;
	options.backend_dirs = (const gchar *const *)opt.backend_dirs;
	options.foreground = opt.foreground;
	options.debug = opt.debug;
	daemon = nfd_daemon_new(&options);
	if (!nfd_daemon_load(daemon, &error)) {
		print_problems(error->message);
		return 1;
	}
	if (opt.print_claims) {
		/* stdout carries the claims only, for a script to read */
		g_autofree gchar *claims = nfd_daemon_list_claims(daemon);
		print_warnings(daemon, TRUE);
		g_print("%s", claims);
		return 0;
	}
	if (opt.check_config) {
		g_autofree gchar *desc = nfd_daemon_describe(daemon);
		print_warnings(daemon, TRUE);
		g_print("%s", desc);
		g_print("configuration OK\n");
		return 0;
	}
	return run_daemon(daemon);
}
