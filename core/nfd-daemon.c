/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdDaemon: ties the core objects together and runs the life cycle (see nfd-daemon.h).
 *
 * A "generation" is one applied configuration: the parsed NfdConfig, the plugins initialised
 * from it and the dispatch table their claims make.  SIGHUP builds a complete new generation
 * first (rad's main_reload: parse and validate everything, never half-apply); only when that
 * succeeded are queues opened or closed, the queues pointed at the new dispatch table, the old
 * plugins stopped and the new ones started.  A failed reload logs why and keeps the old one.
 */
#include <errno.h>
#include <glib-unix.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nfd-binding-backend-private.h"
#include "nfd-binding-store.h"
#include "nfd-config-private.h"
#include "nfd-daemon.h"
#include "nfd-dispatch.h"
#include "nfd-link-monitor.h"
#include "nfd-log.h"
#include "nfd-module-loader.h"
#include "nfd-privs.h"
#include "nfd-proto.h"
#include "nfd-queue.h"
#include "nfd-reply-private.h"

static const gchar *const general_keys[] = {"plugins",
					    "binding-backend",
					    "user",
					    "pidfile",
					    "logdir",
					    "log",
					    "plugin-dir",
					    "backend-dir",
					    "router-mac",
					    "mac-fallback",
					    "queue-maxlen",
					    "fail-open",
					    NULL};

typedef struct {
	NfdConfig *config;
	NfdQueueOptions queue_options;
	GPtrArray *plugins; /* NfdPlugin */
	NfdDispatch *dispatch;
	gchar *backend_name;
	gchar *backend_config; /* the backend group as text, to see whether it changed */
} NfdGeneration;

struct _NfdDaemon {
	gchar *config_path;
	gchar **plugin_dirs;
	gchar **backend_dirs;
	gboolean foreground;
	gboolean debug;
	NfdGeneration *gen;
	GHashTable *modules; /* "plugin:name" -> NfdModule, kept resident */
	NfdBindingBackend *backend;
	NfdBindingStore *store;
	NfdInjector *injector;
	NfdLinkMonitor *monitor;
	GHashTable *queues; /* queue number -> NfdQueue */
	NfdCoreContext ctx;
	NfdReply scratch;
	GMainLoop *loop;
	guint signal_ids[4];
	gchar *pidfile;
	gchar *logfile;
	gboolean pidfile_written;
	gint exit_code;
};

static void
generation_free(NfdGeneration *gen)
{
	if (gen == NULL)
		return;
	/* plugins are finalized here (they were stopped before) */
	if (gen->plugins != NULL)
		g_ptr_array_unref(gen->plugins);
	nfd_dispatch_free(gen->dispatch);
	nfd_config_free(gen->config);
	g_free(gen->backend_name);
	g_free(gen->backend_config);
	g_free(gen);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdGeneration, generation_free)

static void
on_binding_event(const NfdBinding *binding, NfdBindingEvent event, gpointer user_data)
{
	NfdDaemon *self = user_data;

	if (self->gen == NULL)
		return;
	for (guint i = 0; i < self->gen->plugins->len; i++)
		nfd_plugin_binding_changed(g_ptr_array_index(self->gen->plugins, i),
					   binding,
					   event);
}

static void
on_link_changed(const gchar *name,
		guint ifindex,
		const guint8 *mac,
		gboolean present,
		gpointer user_data)
{
	NfdDaemon *self = user_data;

	nfd_binding_store_link_changed(self->store, name);
}

NfdDaemon *
nfd_daemon_new(const NfdDaemonOptions *options)
{
	NfdDaemon *self = g_new0(NfdDaemon, 1);

	self->config_path = g_strdup(options->config_path);
	self->plugin_dirs = g_strdupv((gchar **)options->plugin_dirs);
	self->backend_dirs = g_strdupv((gchar **)options->backend_dirs);
	self->foreground = options->foreground;
	self->debug = options->debug;
	self->modules =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)nfd_module_free);
	self->queues = g_hash_table_new_full(g_direct_hash,
					     g_direct_equal,
					     NULL,
					     (GDestroyNotify)nfd_queue_free);
	self->store = nfd_binding_store_new();
	nfd_binding_store_set_event_func(self->store, on_binding_event, self);
	self->ctx.store = self->store;
	self->ctx.scratch = &self->scratch;
	self->loop = g_main_loop_new(NULL, FALSE);
	return self;
}

/* on reload, a plugin that is in the new configuration too is told so: it keeps serving */
static void
stop_plugins(NfdGeneration *gen, NfdGeneration *next)
{
	for (guint i = 0; gen != NULL && i < gen->plugins->len; i++) {
		NfdPlugin *plugin = g_ptr_array_index(gen->plugins, i);
		NfdStopReason reason = NFD_STOP_REASON_SHUTDOWN;

		for (guint j = 0; next != NULL && j < next->plugins->len; j++) {
			NfdPlugin *other = g_ptr_array_index(next->plugins, j);
			if (g_strcmp0(plugin->desc.name, other->desc.name) == 0)
				reason = NFD_STOP_REASON_RELOAD;
		}
		nfd_plugin_stop(plugin, reason);
	}
}

void
nfd_daemon_free(NfdDaemon *self)
{
	if (self == NULL)
		return;
	for (guint i = 0; i < G_N_ELEMENTS(self->signal_ids); i++) {
		if (self->signal_ids[i] != 0)
			g_source_remove(self->signal_ids[i]);
	}
	/* plugins stop first, while the injector still works (RA farewell, RFC 4861 §6.2.5) */
	if (self->gen != NULL)
		stop_plugins(self->gen, NULL);
	g_hash_table_unref(self->queues);
	nfd_binding_backend_free(self->backend);
	generation_free(self->gen);
	nfd_link_monitor_free(self->monitor);
	nfd_binding_store_free(self->store);
	nfd_injector_free(self->injector);
	g_hash_table_unref(self->modules);
	if (self->pidfile_written && unlink(self->pidfile) < 0 && errno != ENOENT)
		g_debug("cannot remove pidfile %s: %s", self->pidfile, g_strerror(errno));
	g_main_loop_unref(self->loop);
	g_free(self->pidfile);
	g_free(self->logfile);
	g_strfreev(self->plugin_dirs);
	g_strfreev(self->backend_dirs);
	g_free(self->config_path);
	g_free(self);
}

/* --plugin-dir/--backend-dir (tests, development) replace the search path; otherwise
 * [general] plugin-dir/backend-dir is searched before the install directory */
static gchar **
module_dirs(NfdDaemon *self, NfdConfig *config, NfdModuleKind kind)
{
	gchar **cmdline = kind == NFD_MODULE_KIND_PLUGIN ? self->plugin_dirs : self->backend_dirs;
	const gchar *key = kind == NFD_MODULE_KIND_PLUGIN ? "plugin-dir" : "backend-dir";
	const gchar *conf =
	    nfd_config_section_get_string(nfd_config_get_section(config, "general"), key, NULL);
	GPtrArray *dirs = g_ptr_array_new();

	for (guint i = 0; cmdline != NULL && cmdline[i] != NULL; i++)
		g_ptr_array_add(dirs, g_strdup(cmdline[i]));
	if (dirs->len == 0) {
		if (conf != NULL)
			g_ptr_array_add(dirs, g_strdup(conf));
		g_ptr_array_add(
		    dirs,
		    g_strdup(kind == NFD_MODULE_KIND_PLUGIN ? NFD_PLUGINSDIR : NFD_BINDINGSDIR));
	}
	g_ptr_array_add(dirs, NULL);
	return (gchar **)g_ptr_array_free(dirs, FALSE);
}

static NfdModule *
get_module(NfdDaemon *self,
	   NfdConfig *config,
	   NfdModuleKind kind,
	   const gchar *name,
	   GError **error)
{
	g_autofree gchar *key = g_strdup_printf("%d:%s", kind, name);
	g_auto(GStrv) dirs = NULL;
	NfdModule *module = g_hash_table_lookup(self->modules, key);

	if (module != NULL)
		return module;
	dirs = module_dirs(self, config, kind);
	module = nfd_module_find(kind, (const gchar *const *)dirs, name, error);
	if (module == NULL)
		return NULL;
	g_info("loaded %s %s %s from %s%s%s",
	       nfd_module_kind_to_string(kind),
	       name,
	       module->header->version,
	       module->filename,
	       module->header->origin != NULL ? ", origin " : "",
	       module->header->origin != NULL ? module->header->origin : "");
	g_hash_table_insert(self->modules, g_steal_pointer(&key), module);
	return module;
}

/* the plugin allow-list; absent means every plugin installed (and every builtin) */
static gchar **
plugin_names(NfdDaemon *self, NfdConfig *config)
{
	const NfdConfigSection *general = nfd_config_get_section(config, "general");
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	g_auto(GStrv) dirs = NULL;
	g_autoptr(GPtrArray) builtins = NULL;
	g_autoptr(GPtrArray) paths = NULL;

	if (nfd_config_section_has_key(general, "plugins")) {
		gchar **list = NULL;
		nfd_config_section_get_string_list(general, "plugins", &list, NULL);
		return list;
	}
	builtins = nfd_module_list_builtins(NFD_MODULE_KIND_PLUGIN);
	for (guint i = 0; i < builtins->len; i++)
		g_ptr_array_add(names, g_strdup(g_ptr_array_index(builtins, i)));
	dirs = module_dirs(self, config, NFD_MODULE_KIND_PLUGIN);
	paths = nfd_module_scan(NFD_MODULE_KIND_PLUGIN, (const gchar *const *)dirs);
	for (guint i = 0; i < paths->len; i++) {
		g_autofree gchar *base = g_path_get_basename(g_ptr_array_index(paths, i));
		gchar *name = g_strndup(base + strlen("libnfd-plugin-"),
					strlen(base) - strlen("libnfd-plugin-") - strlen(".so"));
		gboolean dup = FALSE;
		for (guint j = 0; j < names->len; j++)
			dup |= g_strcmp0(g_ptr_array_index(names, j), name) == 0;
		if (dup)
			g_free(name);
		else
			g_ptr_array_add(names, name);
	}
	g_ptr_array_add(names, NULL);
	return (gchar **)g_ptr_array_free(g_steal_pointer(&names), FALSE);
}

static gboolean
parse_queue_options(NfdConfig *config, NfdQueueOptions *options, GError **error)
{
	const NfdConfigSection *general = nfd_config_get_section(config, "general");
	guint64 maxlen = 4096;

	options->maxlen = 4096;
	options->fail_open = TRUE;
	options->rcvbuf = 8 << 20;
	if (!nfd_config_section_get_uint(general,
					 "queue-maxlen",
					 16,
					 1 << 20,
					 4096,
					 &maxlen,
					 error))
		return FALSE;
	options->maxlen = (guint32)maxlen;
	return nfd_config_section_get_bool(general, "fail-open", TRUE, &options->fail_open, error);
}

static NfdGeneration *
build_generation(NfdDaemon *self, GError **error)
{
	g_autoptr(NfdGeneration) gen = g_new0(NfdGeneration, 1);
	g_auto(GStrv) names = NULL;
	const NfdConfigSection *general;
	g_autoptr(GPtrArray) known_groups = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
	gboolean mac_fallback = FALSE;

	gen->config = nfd_config_new();
	if (!nfd_config_load(gen->config, self->config_path, error))
		return NULL;
	general = nfd_config_get_section(gen->config, "general");
	nfd_config_check_keys(gen->config, "general", general_keys);
	g_ptr_array_add(known_groups, g_strdup("general"));
	g_ptr_array_add(known_groups, g_strdup("dhcp"));
	g_ptr_array_add(known_groups, g_strdup("ipv6"));
	g_ptr_array_add(known_groups, g_strdup("binding:"));
	g_ptr_array_add(known_groups, g_strdup("binding-backend:"));
	if (!nfd_config_section_get_bool(general, "mac-fallback", FALSE, &mac_fallback, error))
		return NULL;
	if (!parse_queue_options(gen->config, &gen->queue_options, error))
		return NULL;

	gen->plugins = g_ptr_array_new_with_free_func((GDestroyNotify)nfd_plugin_free);
	gen->dispatch = nfd_dispatch_new(self->store, NULL);
	nfd_dispatch_set_mac_fallback(gen->dispatch, mac_fallback);
	names = plugin_names(self, gen->config);
	/* every plugin is tried, so that --check-config and a failed reload list all problems */
	for (guint i = 0; names[i] != NULL; i++) {
		g_autoptr(GError) error_local = NULL;
		NfdModule *module;
		NfdPlugin *plugin;
		gboolean dup = FALSE;

		for (guint j = 0; j < i; j++)
			dup |= g_strcmp0(names[i], names[j]) == 0;
		if (dup) {
			g_ptr_array_add(
			    problems,
			    g_strdup_printf("[general] plugins: '%s' is listed twice", names[i]));
			continue;
		}
		module =
		    get_module(self, gen->config, NFD_MODULE_KIND_PLUGIN, names[i], &error_local);
		if (module == NULL) {
			g_ptr_array_add(problems, g_strdup(error_local->message));
			continue;
		}
		plugin = nfd_plugin_new((const NfdPluginDescriptor *)module->header,
					module->filename,
					module->builtin);
		nfd_plugin_set_context(plugin, &self->ctx);
		g_ptr_array_add(gen->plugins, plugin);
		g_ptr_array_add(known_groups, g_strdup(names[i]));
		nfd_config_check_keys(gen->config, names[i], plugin->desc.config_keys);
		if (!nfd_plugin_init(plugin,
				     nfd_config_get_section(gen->config, names[i]),
				     &error_local) ||
		    !nfd_dispatch_add_plugin(gen->dispatch, plugin, &error_local))
			g_ptr_array_add(problems, g_strdup(error_local->message));
	}

	/* the binding backend: loaded (and so checked) now, opened in setup */
	gen->backend_name =
	    g_strdup(nfd_config_section_get_string(general, "binding-backend", "directory"));
	{
		g_autofree gchar *group = g_strdup_printf("binding-backend:%s", gen->backend_name);
		const NfdConfigSection *section = nfd_config_get_section(gen->config, group);
		g_auto(GStrv) keys = nfd_config_section_get_keys(section);
		g_autoptr(GError) error_local = NULL;
		NfdModule *module = get_module(self,
					       gen->config,
					       NFD_MODULE_KIND_BACKEND,
					       gen->backend_name,
					       &error_local);

		if (module == NULL) {
			g_ptr_array_add(problems, g_strdup(error_local->message));
		} else {
			GString *text = g_string_new(NULL);
			nfd_config_check_keys(gen->config, group, module->header->config_keys);
			/* the group as text tells a reload whether the backend must be reopened */
			for (guint i = 0; keys[i] != NULL; i++)
				g_string_append_printf(
				    text,
				    "%s=%s\n",
				    keys[i],
				    nfd_config_section_get_string(section, keys[i], ""));
			gen->backend_config = g_string_free(text, FALSE);
		}
	}
	g_ptr_array_add(known_groups, NULL);
	nfd_config_check_groups(gen->config, (const gchar *const *)known_groups->pdata);
	if (problems->len > 0) {
		g_autofree gchar *all = NULL;
		g_ptr_array_add(problems, NULL);
		all = g_strjoinv("\n", (gchar **)problems->pdata);
		g_set_error_literal(error, NFD_ERROR, NFD_ERROR_CONFIG, all);
		return NULL;
	}
	return g_steal_pointer(&gen);
}

gboolean
nfd_daemon_load(NfdDaemon *self, GError **error)
{
	NfdGeneration *gen = build_generation(self, error);
	const NfdConfigSection *general;
	guint8 mac[6];
	gboolean has_mac = FALSE;

	if (gen == NULL)
		return FALSE;
	self->gen = gen;
	general = nfd_config_get_section(gen->config, "general");
	if (!nfd_config_section_get_mac(general, "router-mac", mac, &has_mac, error))
		return FALSE;
	nfd_binding_store_set_router_mac(self->store, has_mac ? mac : NULL);
	g_free(self->pidfile);
	self->pidfile = g_strdup(nfd_config_section_get_string(general, "pidfile", NULL));
	g_free(self->logfile);
	self->logfile = NULL;
	if (nfd_config_section_get_string(general, "logdir", NULL) != NULL)
		self->logfile =
		    g_build_filename(nfd_config_section_get_string(general, "logdir", NULL),
				     "nfdhcpd.log",
				     NULL);
	return TRUE;
}

GPtrArray *
nfd_daemon_get_warnings(NfdDaemon *self)
{
	return self->gen != NULL ? nfd_config_get_warnings(self->gen->config) : NULL;
}

gchar *
nfd_daemon_describe(NfdDaemon *self)
{
	GString *str = g_string_new(NULL);
	g_autofree gchar *config = nfd_config_to_string(self->gen->config);
	g_autofree gchar *claims = nfd_dispatch_describe(self->gen->dispatch);

	g_string_append_printf(str, "# effective configuration of %s\n", self->config_path);
	g_string_append(str, config);
	g_string_append(str, "# plugins\n");
	for (guint i = 0; i < self->gen->plugins->len; i++) {
		NfdPlugin *plugin = g_ptr_array_index(self->gen->plugins, i);
		g_string_append_printf(str,
				       "%s %s (%s)\n",
				       plugin->desc.name,
				       plugin->desc.version,
				       plugin->filename);
	}
	g_string_append(str, "# queues\n");
	g_string_append(str, claims);
	g_string_append_printf(str, "# binding backend\n%s\n", self->gen->backend_name);
	return g_string_free(str, FALSE);
}

/* open the queues a dispatch table needs that are not open yet */
static gboolean
open_queues(NfdDaemon *self, NfdGeneration *gen, GError **error)
{
	g_autoptr(GArray) nums = nfd_dispatch_get_queues(gen->dispatch);

	for (guint i = 0; i < nums->len; i++) {
		guint num = g_array_index(nums, guint, i);
		g_autoptr(NfdQueue) queue = NULL;
		if (g_hash_table_contains(self->queues, GUINT_TO_POINTER(num)))
			continue;
		queue = nfd_queue_new((guint16)num, gen->dispatch);
		if (!nfd_queue_open(queue, &gen->queue_options, error))
			return FALSE;
		g_message("listening on NFQUEUE %u", num);
		g_hash_table_insert(self->queues, GUINT_TO_POINTER(num), g_steal_pointer(&queue));
	}
	return TRUE;
}

static gboolean
open_backend(NfdDaemon *self, NfdGeneration *gen, GError **error)
{
	g_autofree gchar *key =
	    g_strdup_printf("%d:%s", NFD_MODULE_KIND_BACKEND, gen->backend_name);
	NfdModule *module = g_hash_table_lookup(self->modules, key);
	g_autoptr(NfdBindingBackend) backend = NULL;

	g_return_val_if_fail(module != NULL, FALSE);
	backend = nfd_binding_backend_new((const NfdBindingBackendDescriptor *)module->header,
					  module->filename);
	if (!nfd_binding_backend_open(backend,
				      gen->config,
				      nfd_binding_store_get_sink(self->store),
				      error))
		return FALSE;
	nfd_binding_backend_free(self->backend);
	self->backend = g_steal_pointer(&backend);
	g_message("binding backend %s: %u bindings",
		  gen->backend_name,
		  nfd_binding_store_get_size(self->store));
	return TRUE;
}

void
nfd_daemon_set_injector(NfdDaemon *self, NfdInjector *injector)
{
	nfd_injector_free(self->injector);
	self->injector = injector;
	self->ctx.injector = injector;
}

gboolean
nfd_daemon_setup(NfdDaemon *self, GError **error)
{
	if (self->injector == NULL) {
		NfdInjector *injector = nfd_injector_new_packet(error);
		if (injector == NULL)
			return FALSE;
		nfd_daemon_set_injector(self, injector);
	}
	nfd_dispatch_set_injector(self->gen->dispatch, self->injector);
	self->monitor = nfd_link_monitor_new(error);
	if (self->monitor == NULL)
		return FALSE;
	nfd_link_monitor_set_func(self->monitor, on_link_changed, self);
	nfd_binding_store_set_link_monitor(self->store, self->monitor);
	if (!open_queues(self, self->gen, error))
		return FALSE;
	return open_backend(self, self->gen, error);
}

static gboolean
write_pidfile(NfdDaemon *self, uid_t uid, gid_t gid, GError **error)
{
	g_autofree gchar *dir = NULL;
	g_autofree gchar *text = NULL;

	if (self->pidfile == NULL || self->pidfile[0] == '\0')
		return TRUE;
	dir = g_path_get_dirname(self->pidfile);
	/* like GRNET's packaging: a pidfile directory we create belongs to the daemon's user,
	 * so it can remove its pidfile on exit after dropping root */
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		if (g_mkdir_with_parents(dir, 0755) < 0 || chown(dir, uid, gid) < 0) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_IO,
				    "cannot create pidfile directory %s: %s",
				    dir,
				    g_strerror(errno));
			return FALSE;
		}
	}
	text = g_strdup_printf("%d\n", (gint)getpid());
	if (!g_file_set_contents(self->pidfile, text, -1, error))
		return FALSE;
	if (chown(self->pidfile, uid, gid) < 0)
		g_debug("cannot chown %s: %s", self->pidfile, g_strerror(errno));
	self->pidfile_written = TRUE;
	return TRUE;
}

gboolean
nfd_daemon_drop_privileges(NfdDaemon *self, GError **error)
{
	const gchar *user =
	    nfd_config_section_get_string(nfd_config_get_section(self->gen->config, "general"),
					  "user",
					  "nobody");
	uid_t uid = 0;
	gid_t gid = 0;

	if (!nfd_privs_lookup_user(user, &uid, &gid, error))
		return FALSE;
	if (!self->foreground && !write_pidfile(self, uid, gid, error))
		return FALSE;
	return nfd_privs_drop(user, error);
}

static gboolean
on_sigterm(gpointer user_data)
{
	NfdDaemon *self = user_data;

	g_message("received a termination signal, stopping");
	self->exit_code = 0;
	g_main_loop_quit(self->loop);
	return G_SOURCE_CONTINUE;
}

static gboolean
on_sighup(gpointer user_data)
{
	NfdDaemon *self = user_data;
	g_autoptr(GError) error = NULL;

	g_message("SIGHUP: reloading %s", self->config_path);
	if (!nfd_log_reopen(&error)) {
		g_warning("%s", error->message);
		g_clear_error(&error);
	}
	if (!nfd_daemon_reload(self, &error))
		g_warning("reload failed, keeping the running configuration: %s", error->message);
	return G_SOURCE_CONTINUE;
}

gchar *
nfd_daemon_dump(NfdDaemon *self)
{
	GString *str = g_string_new(NULL);
	g_autofree gchar *bindings = nfd_binding_store_dump(self->store);
	const NfdDispatchStats *st = nfd_dispatch_get_stats(self->gen->dispatch);
	GHashTableIter iter;
	gpointer value;

	g_string_append(str, bindings);
	g_string_append_printf(str,
			       "dispatch: %" G_GUINT64_FORMAT " packets, %" G_GUINT64_FORMAT
			       " replies, %" G_GUINT64_FORMAT " accepted, %" G_GUINT64_FORMAT
			       " dropped, %" G_GUINT64_FORMAT " malformed, %" G_GUINT64_FORMAT
			       " unbound, %" G_GUINT64_FORMAT " send failures\n",
			       st->packets,
			       st->replies,
			       st->accepted,
			       st->dropped,
			       st->malformed,
			       st->unbound,
			       st->inject_failed);
	g_hash_table_iter_init(&iter, self->queues);
	while (g_hash_table_iter_next(&iter, NULL, &value)) {
		const NfdQueueStats *qs = nfd_queue_get_stats(value);
		g_string_append_printf(str,
				       "queue %u: %" G_GUINT64_FORMAT
				       " received, %" G_GUINT64_FORMAT
				       " verdicts, %" G_GUINT64_FORMAT " send errors\n",
				       nfd_queue_get_num(value),
				       qs->received,
				       qs->verdicts,
				       qs->send_errors);
	}
	for (guint i = 0; i < self->gen->plugins->len; i++)
		nfd_plugin_dump(g_ptr_array_index(self->gen->plugins, i), str);
	return g_string_free(str, FALSE);
}

static gboolean
on_sigusr1(gpointer user_data)
{
	NfdDaemon *self = user_data;
	g_autofree gchar *dump = nfd_daemon_dump(self);

	g_message("binding table and counters:\n%s", dump);
	return G_SOURCE_CONTINUE;
}

gboolean
nfd_daemon_start(NfdDaemon *self, GError **error)
{
	for (guint i = 0; i < self->gen->plugins->len; i++) {
		if (!nfd_plugin_start(g_ptr_array_index(self->gen->plugins, i), error))
			return FALSE;
	}
	self->signal_ids[0] = g_unix_signal_add(SIGTERM, on_sigterm, self);
	self->signal_ids[1] = g_unix_signal_add(SIGINT, on_sigterm, self);
	self->signal_ids[2] = g_unix_signal_add(SIGHUP, on_sighup, self);
	self->signal_ids[3] = g_unix_signal_add(SIGUSR1, on_sigusr1, self);
	/* a write to a tap that went away must not kill us */
	signal(SIGPIPE, SIG_IGN);
	g_message("Ready to serve requests (%u plugins, %u queues, %u bindings)",
		  self->gen->plugins->len,
		  g_hash_table_size(self->queues),
		  nfd_binding_store_get_size(self->store));
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
	g_autoptr(NfdGeneration) gen = build_generation(self, error);
	NfdGeneration *old;
	g_autoptr(GArray) nums = NULL;
	g_autoptr(GPtrArray) stale = g_ptr_array_new();
	GHashTableIter iter;
	gpointer key;

	if (gen == NULL)
		return FALSE;
	nfd_dispatch_set_injector(gen->dispatch, self->injector);

	/* bindings first, while the old plugins still run: a backend that refuses the new
	 * configuration (a bad [binding:*] group) fails the reload before anything changed */
	if (g_strcmp0(self->gen->backend_name, gen->backend_name) != 0 ||
	    g_strcmp0(self->gen->backend_config, gen->backend_config) != 0) {
		if (!open_backend(self, gen, error))
			return FALSE;
	} else if (!nfd_binding_backend_rescan(self->backend, gen->config, error)) {
		nfd_binding_backend_set_config(self->backend, self->gen->config);
		return FALSE;
	}
	/* then new queue numbers: if one cannot be bound, the plugins have not changed yet */
	if (!open_queues(self, gen, error))
		return FALSE;

	nums = nfd_dispatch_get_queues(gen->dispatch);
	g_hash_table_iter_init(&iter, self->queues);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		gboolean needed = FALSE;
		for (guint i = 0; i < nums->len; i++)
			needed |= g_array_index(nums, guint, i) == GPOINTER_TO_UINT(key);
		if (!needed)
			g_ptr_array_add(stale, key);
	}
	for (guint i = 0; i < stale->len; i++) {
		g_message("releasing NFQUEUE %u", GPOINTER_TO_UINT(g_ptr_array_index(stale, i)));
		g_hash_table_remove(self->queues, g_ptr_array_index(stale, i));
	}
	g_hash_table_iter_init(&iter, self->queues);
	while (g_hash_table_iter_next(&iter, NULL, &key))
		nfd_queue_set_dispatch(key, gen->dispatch);

	old = self->gen;
	stop_plugins(old, gen);
	self->gen = g_steal_pointer(&gen);
	{
		const NfdConfigSection *general =
		    nfd_config_get_section(self->gen->config, "general");
		guint8 mac[6];
		gboolean has_mac = FALSE;
		if (nfd_config_section_get_mac(general, "router-mac", mac, &has_mac, NULL))
			nfd_binding_store_set_router_mac(self->store, has_mac ? mac : NULL);
	}
	generation_free(old);
	for (guint i = 0; i < self->gen->plugins->len; i++) {
		if (!nfd_plugin_start(g_ptr_array_index(self->gen->plugins, i), error))
			return FALSE;
	}
	g_message("reloaded: %u plugins, %u queues, %u bindings",
		  self->gen->plugins->len,
		  g_hash_table_size(self->queues),
		  nfd_binding_store_get_size(self->store));
	return TRUE;
}

const gchar *
nfd_daemon_get_pidfile(NfdDaemon *self)
{
	return self->pidfile;
}

const gchar *
nfd_daemon_get_log_target(NfdDaemon *self)
{
	return nfd_config_section_get_string(nfd_config_get_section(self->gen->config, "general"),
					     "log",
					     "auto");
}

const gchar *
nfd_daemon_get_logfile(NfdDaemon *self)
{
	return self->logfile;
}
