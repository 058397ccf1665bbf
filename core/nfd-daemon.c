/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdDaemon: the process life cycle (see nfd-daemon.h): start-up in the order load ->
 * daemonize -> setup (queues, rtnetlink) -> drop privileges (writing the pidfile first) ->
 * start (the binding backend reads the bindings, then the plugins start), the signals, and
 * the exit.  Nothing a binding backend reads is read as root.
 *
 * Daemonizing keeps the parent until the child is ready: the parent exits 0 only once the
 * child has logged "Ready to serve requests", and 1 with the child's error otherwise, so an
 * init script or Type=forking unit sees start-up failures.
 *
 * What is served comes from a generation (nfd-generation.c): the configuration, its plugins
 * and their dispatch table.  SIGHUP builds a complete new generation first (rad's
 * main_reload: parse and validate everything) and applies it all or nothing (the steps that
 * can fail first, then a commit that cannot); a refused reload logs why and that the previous
 * configuration is still running.  The daemon owns the long-lived objects every generation
 * works with (NfdGenerationHost, including how queues reach the kernel, NfdQueueOps, which
 * tests replace like the injector) and the link monitor.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nfd-control.h"
#include "nfd-daemon.h"
#include "nfd-generation.h"
#include "nfd-link-monitor.h"
#include "nfd-log.h"
#include "nfd-metrics-server.h"
#include "nfd-module-loader.h"
#include "nfd-notify.h"
#include "nfd-ops.h"
#include "nfd-privs.h"
#include "nfd-reply-private.h"
#include "nfd-safe-file.h"
#include "nfd-sandbox.h"

struct _NfdDaemon {
	NfdGenerationHost host;
	gboolean foreground;
	gboolean debug;
	NfdLinkMonitor *monitor;
	NfdReply scratch;
	GMainLoop *loop;
	guint signal_ids[4];
	gchar *pidfile;
	gint pidfile_fd;
	gboolean pidfile_written;
	gint ready_fd;	    /* daemonized: the pipe to the waiting parent, until ready */
	gboolean sandboxed; /* nfd_sandbox_enter() done, with this mode */
	NfdSeccompMode seccomp;
	gint exit_code;
	/* issue 12: what an operator sees (per-tap statistics, the control socket, metrics) */
	NfdStatsHub *stats;
	NfdOps *ops;
	NfdControl *control;
	NfdMetricsServer *metrics;
};

static gboolean
reload_now(gpointer user_data, GError **error);

static void
on_binding_event(const NfdBinding *binding, NfdBindingEvent event, gpointer user_data)
{
	NfdDaemon *self = user_data;
	/* during a reload the new plugins, already started, follow the bindings */
	NfdGeneration *gen = self->host.pending != NULL ? self->host.pending : self->host.current;

	if (gen == NULL)
		return;
	for (guint i = 0; i < gen->plugins->len; i++)
		nfd_plugin_binding_changed(g_ptr_array_index(gen->plugins, i), binding, event);
}

static void
on_link_changed(const gchar *name,
		guint ifindex,
		const guint8 *mac,
		gboolean present,
		gpointer user_data)
{
	NfdDaemon *self = user_data;

	nfd_binding_store_link_changed(self->host.store, name);
}

/* the store's view of a link: the rtnetlink link monitor's table */
static guint
resolve_link(const gchar *name, guint8 *mac, gpointer user_data)
{
	return nfd_link_monitor_lookup(user_data, name, mac);
}

NfdDaemon *
nfd_daemon_new(const NfdDaemonOptions *options)
{
	NfdDaemon *self = g_new0(NfdDaemon, 1);
	NfdGenerationHost *host = &self->host;

	host->config_path = g_strdup(options->config_path);
	host->plugin_dirs = g_strdupv((gchar **)options->plugin_dirs);
	host->backend_dirs = g_strdupv((gchar **)options->backend_dirs);
	self->foreground = options->foreground;
	self->debug = options->debug;
	host->modules =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)nfd_module_free);
	host->queues = g_hash_table_new_full(g_direct_hash,
					     g_direct_equal,
					     NULL,
					     (GDestroyNotify)nfd_queue_free);
	host->queue_ops = nfd_queue_ops_kernel();
	host->store = nfd_binding_store_new();
	nfd_binding_store_set_event_func(host->store, on_binding_event, self);
	host->ctx.store = host->store;
	host->ctx.scratch = &self->scratch;
	/* before any plugin exists: plugins take their statistics ids from it */
	self->stats = nfd_stats_hub_new();
	host->ctx.stats = self->stats;
	self->ops = nfd_ops_new(host);
	nfd_ops_set_reload_func(self->ops, reload_now, self);
	self->loop = g_main_loop_new(NULL, FALSE);
	self->ready_fd = -1;
	self->pidfile_fd = -1;
	/* modules, pidfile and log directories must be root's (or, when not started as root,
	 * the starting user's), whoever the daemon runs as later */
	nfd_safe_set_trusted_uid(geteuid());
	return self;
}

void
nfd_daemon_free(NfdDaemon *self)
{
	NfdGenerationHost *host;

	if (self == NULL)
		return;
	host = &self->host;
	for (guint i = 0; i < G_N_ELEMENTS(self->signal_ids); i++) {
		if (self->signal_ids[i] != 0)
			g_source_remove(self->signal_ids[i]);
	}
	/* no more operator requests while the daemon goes */
	nfd_control_free(self->control);
#ifdef NFD_HAVE_METRICS
	nfd_metrics_server_free(self->metrics);
#endif
	/* plugins stop first, while the injector still works (RA farewell, RFC 4861 §6.2.5) */
	nfd_generation_stop(host->current, NULL);
	g_hash_table_unref(host->queues);
	nfd_binding_backend_free(host->backend);
	nfd_generation_free(host->current);
	nfd_link_monitor_free(self->monitor);
	nfd_binding_store_free(host->store);
	nfd_injector_free(host->injector);
	g_hash_table_unref(host->modules);
	if (self->ready_fd >= 0)
		close(self->ready_fd);
	if (self->pidfile_written && unlink(self->pidfile) < 0 && errno != ENOENT) {
		/* root's directory: emptied, so that it names no process */
		g_debug("cannot remove pidfile %s: %s; emptying it",
			self->pidfile,
			g_strerror(errno));
		if (ftruncate(self->pidfile_fd, 0) != 0)
			g_debug("cannot empty pidfile %s: %s", self->pidfile, g_strerror(errno));
	}
	if (self->pidfile_fd >= 0)
		close(self->pidfile_fd);
	g_main_loop_unref(self->loop);
	g_free(self->pidfile);
	g_strfreev(host->plugin_dirs);
	g_strfreev(host->backend_dirs);
	g_free(host->ctx.state_dir);
	g_free(host->config_path);
	nfd_ops_free(self->ops);
	nfd_stats_hub_free(self->stats);
	g_free(self);
}

/* the first generation, checked against this host too (--check-config stops here) */
gboolean
nfd_daemon_load(NfdDaemon *self, GError **error)
{
	NfdGeneration *gen = nfd_generation_build(&self->host, TRUE, error);

	if (gen == NULL)
		return FALSE;
	self->host.current = gen;
	nfd_generation_apply_router_mac(gen, self->host.store);
	g_free(self->pidfile);
	self->pidfile = g_strdup(gen->general.pidfile);
	return TRUE;
}

GPtrArray *
nfd_daemon_get_warnings(NfdDaemon *self)
{
	NfdGeneration *gen = self->host.current;

	return gen != NULL ? nfd_config_get_warnings(gen->config) : NULL;
}

gchar *
nfd_daemon_list_claims(NfdDaemon *self)
{
	return nfd_dispatch_list_claims(self->host.current->dispatch);
}

gchar *
nfd_daemon_describe(NfdDaemon *self)
{
	return nfd_generation_describe(self->host.current, self->host.config_path);
}

/* how queues reach the kernel; tests pass a fake (not owned; it must outlive the daemon) */
void
nfd_daemon_set_queue_ops(NfdDaemon *self, NfdQueueOps *ops)
{
	self->host.queue_ops = ops;
}

void
nfd_daemon_set_injector(NfdDaemon *self, NfdInjector *injector)
{
	nfd_injector_free(self->host.injector);
	self->host.injector = injector;
	self->host.ctx.injector = injector;
}

/* issue 12: the kernel's queue counters (a root-only file, opened now), the control socket
 * and the metrics endpoint, created as root before the privilege drop */
static gboolean
setup_operations(NfdDaemon *self, GError **error)
{
	const NfdGeneral *general = &self->host.current->general;
	g_autoptr(GError) error_local = NULL;
	NfdQueueProc *proc;
	uid_t uid = 0;
	gid_t gid = 0;

	proc = nfd_queue_proc_open("/proc/net/netfilter/nfnetlink_queue", &error_local);
	if (proc == NULL)
		g_debug("no kernel queue counters: %s", error_local->message);
	nfd_ops_set_queue_proc(self->ops, proc);
	if (general->control_socket != NULL) {
		if (!nfd_privs_lookup_user(general->user, &uid, &gid, error))
			return FALSE;
		self->control = nfd_control_new(nfd_ops_handle, self->ops);
		if (!nfd_control_listen(self->control, general->control_socket, gid, error))
			return FALSE;
		nfd_ops_set_control(self->ops, self->control);
		g_info("control socket %s", general->control_socket);
	}
	if (general->metrics_listen != NULL) {
#ifdef NFD_HAVE_METRICS
		self->metrics = nfd_metrics_server_new(self->ops,
						       general->metrics_family,
						       general->metrics_address,
						       general->metrics_port,
						       error);
		if (self->metrics == NULL)
			return FALSE;
		nfd_ops_set_metrics_listen(self->ops, general->metrics_listen);
		g_info("metrics on http://%s/metrics", general->metrics_listen);
#endif
	}
	return TRUE;
}

gboolean
nfd_daemon_setup(NfdDaemon *self, GError **error)
{
	if (self->host.injector == NULL) {
		NfdInjector *injector = nfd_injector_new_packet(error);
		if (injector == NULL)
			return FALSE;
		nfd_daemon_set_injector(self, injector);
	}
	self->monitor = nfd_link_monitor_new(error);
	if (self->monitor == NULL)
		return FALSE;
	nfd_link_monitor_set_func(self->monitor, on_link_changed, self);
	nfd_binding_store_set_link_resolver(self->host.store, resolve_link, self->monitor);
	nfd_ops_set_link_resolver(self->ops, resolve_link, self->monitor);
	if (!nfd_generation_open(&self->host, self->host.current, error))
		return FALSE;
	return setup_operations(self, error);
}

/* fork twice; the original process waits on a pipe for the daemon's readiness byte */
gboolean
nfd_daemon_daemonize(NfdDaemon *self, GError **error)
{
	gint fds[2];
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0 || (pid = fork()) < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "cannot daemonize: %s",
			    g_strerror(errno));
		return FALSE;
	}
	if (pid > 0) {
		gchar c = 0;
		close(fds[1]);
		if (read(fds[0], &c, 1) == 1 && c == 'R')
			_exit(0);
		_exit(1);
	}
	close(fds[0]);
	setsid();
	pid = fork();
	if (pid < 0)
		_exit(1);
	if (pid > 0)
		_exit(0);
	umask(022);
	if (chdir("/") < 0)
		_exit(1);
	self->ready_fd = fds[1];
	return TRUE;
}

static void
detach_stdio(void)
{
	gint fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

/* tell the waiting parent (if daemonized) that start-up succeeded, and let go of the tty */
static void
notify_ready(NfdDaemon *self)
{
	if (self->ready_fd < 0)
		return;
	(void)!write(self->ready_fd, "R", 1);
	close(self->ready_fd);
	self->ready_fd = -1;
	detach_stdio();
}

/* a directory we create (the pidfile's, the log directory) belongs to root, 0755: the daemon
 * writes into it only as root, and a daemon taken over later cannot plant a symlink there for
 * the next start (issue 13); an existing one must be root's too (nfd-safe-file.h) */
static gboolean
make_dir(const gchar *dir, const gchar *what, GError **error)
{
	if (g_file_test(dir, G_FILE_TEST_IS_DIR))
		return TRUE;
	if (g_mkdir_with_parents(dir, 0755) < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "cannot create %s %s: %s",
			    what,
			    dir,
			    g_strerror(errno));
		return FALSE;
	}
	return TRUE;
}

/* created as root, not following a symlink, then given to the daemon's user on the descriptor,
 * which stays open: at exit the daemon (no longer root, in root's directory) cannot remove the
 * file, so it empties it */
static gboolean
write_pidfile(NfdDaemon *self, uid_t uid, gid_t gid, GError **error)
{
	g_autofree gchar *dir = NULL;
	g_autofree gchar *text = NULL;
	gsize len;

	if (self->pidfile == NULL)
		return TRUE;
	dir = g_path_get_dirname(self->pidfile);
	if (!make_dir(dir, "pidfile directory", error))
		return FALSE;
	self->pidfile_fd = nfd_safe_create_file(self->pidfile, "pidfile", 0, 0644, uid, gid, error);
	if (self->pidfile_fd < 0)
		return FALSE;
	text = g_strdup_printf("%d\n", (gint)getpid());
	len = strlen(text);
	if (ftruncate(self->pidfile_fd, 0) != 0 ||
	    write(self->pidfile_fd, text, len) != (gssize)len) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "cannot write pidfile %s: %s",
			    self->pidfile,
			    g_strerror(errno));
		return FALSE;
	}
	self->pidfile_written = TRUE;
	return TRUE;
}

/* the log directory, created for root when it is missing, before the log opens; the log file
 * is given to the daemon's user */
gboolean
nfd_daemon_make_logdir(NfdDaemon *self, GError **error)
{
	const NfdGeneral *general = &self->host.current->general;
	uid_t uid = 0;
	gid_t gid = 0;
	struct stat st;

	if (general->logdir == NULL)
		return TRUE;
	if (!nfd_privs_lookup_user(general->user, &uid, &gid, error))
		return FALSE;
	nfd_log_set_file_owner(uid, gid);
	if (!make_dir(general->logdir, "log directory", error))
		return FALSE;
	/* said now, on the terminal, rather than after daemonizing */
	if (stat(general->logdir, &st) != 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "log directory %s: %s",
			    general->logdir,
			    g_strerror(errno));
		return FALSE;
	}
	return nfd_safe_check_dir_stat(&st, general->logdir, "log directory", FALSE, error);
}

/* [general] state-dir: created when missing, as root, for the daemon's user only (0750); an
 * existing one is left as it is (systemd's StateDirectory= makes it).  Plugins get it from
 * start() on; when it cannot be made, they get none and the daemon still runs. */
static void
prepare_state_dir(NfdDaemon *self, uid_t uid, gid_t gid)
{
	const gchar *dir = nfd_config_section_get_string(
	    nfd_config_get_section(self->host.current->config, "general"),
	    "state-dir",
	    NFD_STATEDIR);
	g_autofree gchar *parent = g_path_get_dirname(dir);
	gint saved = 0;

	g_clear_pointer(&self->host.ctx.state_dir, g_free);
	if (!g_path_is_absolute(dir)) {
		g_warning("[general] state-dir: '%s' is not an absolute path; no state directory",
			  dir);
		return;
	}
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		if (g_mkdir_with_parents(parent, 0755) < 0 || mkdir(dir, 0750) < 0 ||
		    chown(dir, uid, gid) < 0)
			saved = errno;
		if (saved != 0) {
			g_warning("cannot create the state directory %s: %s; plugins keep no "
				  "state across restarts",
				  dir,
				  g_strerror(saved));
			return;
		}
		g_message("created the state directory %s", dir);
	}
	self->host.ctx.state_dir = g_strdup(dir);
}

gboolean
nfd_daemon_drop_privileges(NfdDaemon *self, GError **error)
{
	const gchar *user = self->host.current->general.user;
	uid_t uid = 0;
	gid_t gid = 0;

	if (!nfd_privs_lookup_user(user, &uid, &gid, error))
		return FALSE;
	if (!self->foreground && !write_pidfile(self, uid, gid, error))
		return FALSE;
	prepare_state_dir(self, uid, gid);
	/* the uid changes for every thread, but capabilities and the bounding set are per thread:
	 * one started before this (GLib's worker starts with the first unix signal source, which
	 * is why they are added in nfd_daemon_start()) would keep root's bounding set */
	if (nfd_sandbox_count_threads() > 1)
		g_warning("%u threads run before the privilege drop: they keep root's bounding set "
			  "(no_new_privs and the filter still apply to them)",
			  nfd_sandbox_count_threads() - 1);
	if (!nfd_privs_drop(user, error))
		return FALSE;
	/* no_new_privs and the system call filter, for every thread (nfd-sandbox.h) */
	self->seccomp = self->host.current->general.seccomp;
	self->sandboxed = nfd_sandbox_enter(self->seccomp, error);
	return self->sandboxed;
}

/* READY=1 to the service manager, with what is served (and a failed reload) as STATUS= */
static void
notify_serving(NfdDaemon *self, const gchar *reload_problem)
{
	g_autofree gchar *status =
	    g_strdup_printf("Serving: %u plugins, %u queues, %u bindings%s%s",
			    self->host.current->plugins->len,
			    g_hash_table_size(self->host.queues),
			    nfd_binding_store_get_size(self->host.store),
			    reload_problem != NULL ? "; last reload failed: " : "",
			    reload_problem != NULL ? reload_problem : "");

	nfd_notify_ready(status);
}

static gboolean
on_sigterm(gpointer user_data)
{
	NfdDaemon *self = user_data;

	g_message("received a termination signal, stopping");
	nfd_notify_stopping();
	self->exit_code = 0;
	g_main_loop_quit(self->loop);
	return G_SOURCE_CONTINUE;
}

/* SIGHUP and `nfdhcpctl reload`: reopen the log (logrotate), reload, record the outcome */
static gboolean
reload_now(gpointer user_data, GError **error)
{
	NfdDaemon *self = user_data;
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *socket_before = g_strdup(self->host.current->general.control_socket);
	g_autofree gchar *metrics_before = g_strdup(self->host.current->general.metrics_listen);

	g_message("reloading %s", self->host.config_path);
	nfd_notify_reloading();
	if (!nfd_log_reopen(&error_local)) {
		g_warning("%s", error_local->message);
		g_clear_error(&error_local);
	}
	if (!nfd_daemon_reload(self, &error_local)) {
		/* one line, however many problems: what the admin greps for */
		g_auto(GStrv) problems = g_strsplit(error_local->message, "\n", -1);
		g_autofree gchar *why = g_strjoinv("; ", problems);
		g_warning("reload refused: %s; still running the previous configuration", why);
		nfd_ops_record_reload(self->ops, error_local);
		notify_serving(self, why);
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	nfd_ops_record_reload(self->ops, NULL);
	notify_serving(self, NULL);
	if (g_strcmp0(socket_before, self->host.current->general.control_socket) != 0 ||
	    g_strcmp0(metrics_before, self->host.current->general.metrics_listen) != 0)
		g_warning("[general] control-socket and metrics-listen take effect at the next "
			  "start; still serving %s and %s",
			  socket_before != NULL ? socket_before : "no control socket",
			  metrics_before != NULL ? metrics_before : "no metrics endpoint");
	return TRUE;
}

static gboolean
on_sighup(gpointer user_data)
{
	g_message("SIGHUP");
	reload_now(user_data, NULL);
	return G_SOURCE_CONTINUE;
}

gchar *
nfd_daemon_dump(NfdDaemon *self)
{
	/* what `nfdhcpctl status`, `bindings` and `stats` print */
	return nfd_ops_dump(self->ops);
}

static gboolean
on_sigusr1(gpointer user_data)
{
	NfdDaemon *self = user_data;
	g_autofree gchar *dump = nfd_daemon_dump(self);

	g_message("binding table and counters:\n%s", dump);
	return G_SOURCE_CONTINUE;
}

/* after the privilege drop: the bindings are read, then the plugins start */
gboolean
nfd_daemon_start(NfdDaemon *self, GError **error)
{
	if (self->host.backend == NULL &&
	    !nfd_generation_open_backend(&self->host, self->host.current, error))
		return FALSE;
	if (!nfd_generation_start(self->host.current, error))
		return FALSE;
	self->signal_ids[0] = g_unix_signal_add(SIGTERM, on_sigterm, self);
	self->signal_ids[1] = g_unix_signal_add(SIGINT, on_sigterm, self);
	self->signal_ids[2] = g_unix_signal_add(SIGHUP, on_sighup, self);
	self->signal_ids[3] = g_unix_signal_add(SIGUSR1, on_sigusr1, self);
	/* a write to a tap that went away must not kill us */
	signal(SIGPIPE, SIG_IGN);
	g_message("Ready to serve requests (%u plugins, %u queues, %u bindings)",
		  self->host.current->plugins->len,
		  g_hash_table_size(self->host.queues),
		  nfd_binding_store_get_size(self->host.store));
	notify_ready(self);
	notify_serving(self, NULL);
	return TRUE;
}

gint
nfd_daemon_run(NfdDaemon *self)
{
	g_main_loop_run(self->loop);
	return self->exit_code;
}

gboolean
nfd_daemon_reload(NfdDaemon *self, GError **error)
{
	NfdGeneration *gen = nfd_generation_build(&self->host, FALSE, error);

	if (gen == NULL)
		return FALSE;
	/* a filter cannot be lifted or changed once loaded */
	if (self->sandboxed && gen->general.seccomp != self->seccomp)
		g_warning("[general] seccomp changed: it applies at the next start");
	if (!nfd_generation_swap(&self->host, gen, error))
		return FALSE;
	g_message("reloaded: %u plugins, %u queues, %u bindings",
		  self->host.current->plugins->len,
		  g_hash_table_size(self->host.queues),
		  nfd_binding_store_get_size(self->host.store));
	return TRUE;
}

const gchar *
nfd_daemon_get_log_target(NfdDaemon *self)
{
	return self->host.current->general.log;
}

const gchar *
nfd_daemon_get_logfile(NfdDaemon *self)
{
	return self->host.current->general.logfile;
}

/* for tests: the generation host, to look at the running generation, its queues and backend */
NfdGenerationHost *
nfd_daemon_get_host(NfdDaemon *self)
{
	return &self->host;
}
