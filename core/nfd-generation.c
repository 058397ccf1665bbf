/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdGeneration: building a complete generation from the configuration, and applying it
 * (see nfd-generation.h).
 *
 * Building loads nfdhcpd.conf and its drop-ins, reads [general], loads every plugin in
 * [general] plugins (or every one installed), initialises it with its group and adds its queue
 * claims to a new dispatch table, and loads the binding backend and checks its group.  Every
 * part is tried even after one failed, so that --check-config and a refused reload list all
 * problems at once.
 *
 * Applying a reload is a transaction (rad's main_reload, made all or nothing).  The steps that
 * can fail run while the running generation is untouched and still serving:
 *   1. the queue numbers only the new generation claims are bound, and kept aside;
 *   2. the new plugins are started (next to the running ones; nothing is sent before the main
 *      loop runs again); the existing bindings' ADDED events reach them in slices of 2 ms
 *      between packets (at once when they are few), so 100,000 do not stop serving;
 *   3. the binding backend is reopened as a new object, kept aside, when its group changed,
 *      else rescanned with the new configuration; binding events now go to the new plugins.
 * If one fails, what the earlier ones did is undone: the plugins they started are stopped with
 * NFD_STOP_REASON_RELOAD (no RA farewell: the running instance keeps advertising), the queues
 * they bound are released, a reopened backend is closed and a rescanned one gets the running
 * configuration back.  A backend leaves the store as it was when it fails (nfd-binding-
 * backend.h), so the bindings need no undoing.  Then the commit, which cannot fail: the new
 * queues join, the ones no longer claimed are released, every queue is pointed at the new
 * dispatch table, the old plugins stop (RELOAD when the new generation has the same plugin,
 * SHUTDOWN — the farewell — when it was dropped), and the new router-mac applies; the old
 * plugins are freed afterwards, one a main-loop turn (free_retired_cb()).
 */
#include <string.h>

#include "nfd-config-legacy.h"
#include "nfd-generation.h"
#include "nfd-module-loader.h"
#include "nfd-privs.h"
#include "nfd-safe-file.h"

/* how long a reload's slice of work runs before packets are served again */
#define NFD_GENERATION_SLICE_US 2000

void
nfd_generation_free(NfdGeneration *gen)
{
	if (gen == NULL)
		return;
	/* plugins are finalized here (they were stopped before) */
	if (gen->plugins != NULL)
		g_ptr_array_unref(gen->plugins);
	nfd_dispatch_free(gen->dispatch);
	nfd_config_free(gen->config);
	nfd_general_clear(&gen->general);
	g_free(gen->backend_config);
	g_free(gen);
}

/* --plugin-dir/--backend-dir (tests, development) replace the search path; otherwise
 * [general] plugin-dir/backend-dir is searched before the install directory */
static gchar **
module_dirs(NfdGenerationHost *host, NfdConfig *config, NfdModuleKind kind)
{
	gchar **cmdline = kind == NFD_MODULE_KIND_PLUGIN ? host->plugin_dirs : host->backend_dirs;
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

static gchar *
module_key(NfdModuleKind kind, const gchar *name)
{
	return g_strdup_printf("%d:%s", kind, name);
}

static NfdModule *
get_module(NfdGenerationHost *host,
	   NfdConfig *config,
	   NfdModuleKind kind,
	   const gchar *name,
	   GError **error)
{
	g_autofree gchar *key = module_key(kind, name);
	g_auto(GStrv) dirs = NULL;
	NfdModule *module = g_hash_table_lookup(host->modules, key);

	if (module != NULL)
		return module;
	dirs = module_dirs(host, config, kind);
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
	g_hash_table_insert(host->modules, g_steal_pointer(&key), module);
	return module;
}

/* the plugin allow-list; absent means every plugin installed (and every builtin) */
static gchar **
plugin_names(NfdGenerationHost *host, NfdConfig *config)
{
	const NfdConfigSection *general = nfd_config_get_section(config, "general");
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
	g_auto(GStrv) dirs = NULL;
	g_autoptr(GPtrArray) builtins = NULL;
	g_autoptr(GPtrArray) paths = NULL;

	if (nfd_config_section_has_key(general, "plugins")) {
		gchar **list = NULL;
		nfd_config_section_get_string_list(general, "plugins", &list, NULL);
		return list;
	}
	builtins = nfd_module_list_builtins(NFD_MODULE_KIND_PLUGIN);
	for (guint i = 0; i < builtins->len; i++) {
		gchar *name = g_strdup(g_ptr_array_index(builtins, i));
		g_ptr_array_add(names, name);
		g_hash_table_add(seen, name);
	}
	dirs = module_dirs(host, config, NFD_MODULE_KIND_PLUGIN);
	paths = nfd_module_scan(NFD_MODULE_KIND_PLUGIN, (const gchar *const *)dirs);
	for (guint i = 0; i < paths->len; i++) {
		g_autofree gchar *base = g_path_get_basename(g_ptr_array_index(paths, i));
		gchar *name = g_strndup(base + strlen("libnfd-plugin-"),
					strlen(base) - strlen("libnfd-plugin-") - strlen(".so"));
		if (!g_hash_table_add(seen, name)) {
			g_free(name);
			continue;
		}
		g_ptr_array_add(names, name);
	}
	g_ptr_array_add(names, NULL);
	return (gchar **)g_ptr_array_free(g_steal_pointer(&names), FALSE);
}

/* load every plugin of @gen; what went wrong goes to @problems */
static void
load_plugins(NfdGenerationHost *host,
	     NfdGeneration *gen,
	     GPtrArray *known_groups,
	     GPtrArray *problems)
{
	g_auto(GStrv) names = plugin_names(host, gen->config);
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

	for (guint i = 0; names[i] != NULL; i++) {
		g_autoptr(GError) error_local = NULL;
		NfdModule *module;
		NfdPlugin *plugin;

		if (!g_hash_table_add(seen, names[i])) {
			g_ptr_array_add(
			    problems,
			    g_strdup_printf("[general] plugins: '%s' is listed twice", names[i]));
			continue;
		}
		module =
		    get_module(host, gen->config, NFD_MODULE_KIND_PLUGIN, names[i], &error_local);
		if (module == NULL) {
			g_ptr_array_add(problems, g_strdup(error_local->message));
			continue;
		}
		plugin = nfd_plugin_new((const NfdPluginDescriptor *)module->header,
					module->filename,
					module->builtin);
		nfd_plugin_set_context(plugin, &host->ctx);
		g_ptr_array_add(gen->plugins, plugin);
		g_ptr_array_add(known_groups, g_strdup(names[i]));
	}
}

/* the keys of a plugin's group: `queue`, `rate-limit` and `rate-burst` (the core reads them)
 * and what the plugin declares */
static void
check_plugin_keys(NfdGeneration *gen, NfdPlugin *plugin)
{
	g_autoptr(GPtrArray) known = g_ptr_array_new();

	if (!nfd_plugin_has_flag(plugin, NFD_PLUGIN_FLAG_NO_QUEUE)) {
		g_ptr_array_add(known, (gpointer) "queue");
		g_ptr_array_add(known, (gpointer) "rate-limit");
		g_ptr_array_add(known, (gpointer) "rate-burst");
	}
	for (guint i = 0; plugin->desc.config_keys != NULL && plugin->desc.config_keys[i] != NULL;
	     i++)
		g_ptr_array_add(known, (gpointer)plugin->desc.config_keys[i]);
	g_ptr_array_add(known, NULL);
	nfd_config_check_keys(gen->config, plugin->desc.name, (const gchar *const *)known->pdata);
}

/* initialise and claim every plugin of @gen; what went wrong goes to @problems */
static void
init_plugins(NfdGeneration *gen, GPtrArray *problems)
{
	for (guint i = 0; i < gen->plugins->len; i++) {
		NfdPlugin *plugin = g_ptr_array_index(gen->plugins, i);
		g_autoptr(GError) error_local = NULL;

		check_plugin_keys(gen, plugin);
		if (!nfd_plugin_has_flag(plugin, NFD_PLUGIN_FLAG_NO_QUEUE))
			nfd_general_load_rate_limit(
			    &gen->general,
			    nfd_config_get_section(gen->config, plugin->desc.name),
			    &plugin->rate_limit,
			    problems);
		if (!nfd_plugin_init(plugin,
				     nfd_config_get_section(gen->config, plugin->desc.name),
				     &error_local) ||
		    !nfd_dispatch_add_plugin(gen->dispatch, plugin, &error_local))
			g_ptr_array_add(problems, g_strdup(error_local->message));
	}
}

/* the binding backend: loaded now; checked (its keys and its check() hook) once the legacy
 * keys are mapped, opened when the generation is applied */
static NfdModule *
load_backend(NfdGenerationHost *host, NfdGeneration *gen, GPtrArray *problems)
{
	g_autoptr(GError) error_local = NULL;
	NfdModule *module;

	module = get_module(host,
			    gen->config,
			    NFD_MODULE_KIND_BACKEND,
			    gen->general.binding_backend,
			    &error_local);
	if (module == NULL)
		g_ptr_array_add(problems, g_strdup(error_local->message));
	return module;
}

/* the backend's keys and its check() hook, and its group as text */
static void
check_backend(NfdGeneration *gen, NfdModule *module, GPtrArray *problems)
{
	g_autofree gchar *group =
	    g_strdup_printf("binding-backend:%s", gen->general.binding_backend);
	const NfdConfigSection *section = nfd_config_get_section(gen->config, group);
	g_auto(GStrv) keys = nfd_config_section_get_keys(section);
	g_autoptr(GError) error_local = NULL;
	g_autoptr(NfdBindingBackend) probe = NULL;
	GString *text = g_string_new(NULL);

	nfd_config_check_keys(gen->config, group, module->header->config_keys);
	probe = nfd_binding_backend_new((const NfdBindingBackendDescriptor *)module->header,
					module->filename);
	if (!nfd_binding_backend_check(probe, gen->config, &error_local))
		g_ptr_array_add(problems, g_strdup(error_local->message));
	/* the group as text tells a reload whether the backend must be reopened */
	for (guint i = 0; keys[i] != NULL; i++)
		g_string_append_printf(text,
				       "%s=%s\n",
				       keys[i],
				       nfd_config_section_get_string(section, keys[i], ""));
	gen->backend_config = g_string_free(text, FALSE);
}

static gchar *
join_problems(GPtrArray *problems)
{
	GString *all = g_string_new(NULL);

	for (guint i = 0; i < problems->len; i++)
		g_string_append_printf(all,
				       "%s%s",
				       i > 0 ? "\n" : "",
				       (const gchar *)g_ptr_array_index(problems, i));
	return g_string_free(all, FALSE);
}

/* GRNET's keys onto the groups of the modules that declare them (their legacy_keys) */
static void
map_legacy_keys(NfdGeneration *gen, NfdModule *backend)
{
	g_autoptr(GArray) keys = nfd_config_legacy_keys_new();

	for (guint i = 0; i < gen->plugins->len; i++) {
		NfdPlugin *plugin = g_ptr_array_index(gen->plugins, i);
		nfd_config_legacy_keys_add(keys, plugin->desc.name, plugin->desc.legacy_keys);
	}
	if (backend != NULL) {
		g_autofree gchar *group = g_strdup_printf("binding-backend:%s", backend->name);
		nfd_config_legacy_keys_add(keys, group, backend->header->legacy_keys);
	}
	nfd_config_legacy_map_keys(gen->config, keys);
}

/* @startup: also check [general] against this host (the user, the directories) */
NfdGeneration *
nfd_generation_build(NfdGenerationHost *host, gboolean startup, GError **error)
{
	g_autoptr(NfdGeneration) gen = g_new0(NfdGeneration, 1);
	const NfdConfigSection *general;
	g_autoptr(GPtrArray) known_groups = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
	NfdModule *backend;

	gen->config = nfd_config_new();
	if (!nfd_config_load(gen->config, host->config_path, error))
		return NULL;
	general = nfd_config_get_section(gen->config, "general");
	g_ptr_array_add(known_groups, g_strdup("general"));
	g_ptr_array_add(known_groups, g_strdup("dhcp"));
	g_ptr_array_add(known_groups, g_strdup("ipv6"));
	g_ptr_array_add(known_groups, g_strdup("binding:"));
	g_ptr_array_add(known_groups, g_strdup("binding-backend:"));
	nfd_general_load(&gen->general, general, problems);
	if (startup) {
		uid_t uid = 0;
		gid_t gid = 0;
		nfd_general_check_host(&gen->general, general, problems);
		/* before any module is loaded: started as the daemon's own user (systemd's
		 * User=), its files are not trusted, only root's are (nfd-safe-file.h) */
		if (nfd_privs_lookup_user(gen->general.user, &uid, &gid, NULL))
			nfd_safe_set_daemon_uid(uid);
	}

	gen->plugins = g_ptr_array_new_with_free_func((GDestroyNotify)nfd_plugin_free);
	gen->dispatch = nfd_dispatch_new(host->store, NULL);
	nfd_dispatch_set_mac_fallback(gen->dispatch, gen->general.mac_fallback);
	/* modules first: their descriptors say which legacy keys map where, and the plugins and
	 * the backend read their groups only once that is done */
	load_plugins(host, gen, known_groups, problems);
	backend = load_backend(host, gen, problems);
	map_legacy_keys(gen, backend);
	nfd_config_check_keys(gen->config, "general", nfd_general_keys);
	init_plugins(gen, problems);
	if (backend != NULL)
		check_backend(gen, backend, problems);
	g_ptr_array_add(known_groups, NULL);
	nfd_config_check_groups(gen->config, (const gchar *const *)known_groups->pdata);
	if (problems->len > 0) {
		g_autofree gchar *all = join_problems(problems);
		g_set_error_literal(error, NFD_ERROR, NFD_ERROR_CONFIG, all);
		return NULL;
	}
	return g_steal_pointer(&gen);
}

gchar *
nfd_generation_describe(NfdGeneration *gen, const gchar *config_path)
{
	GString *str = g_string_new(NULL);
	g_autofree gchar *config = nfd_config_to_string(gen->config);
	g_autofree gchar *claims = nfd_dispatch_describe(gen->dispatch);

	g_string_append_printf(str, "# effective configuration of %s\n", config_path);
	g_string_append(str, config);
	g_string_append(str, "# plugins\n");
	for (guint i = 0; i < gen->plugins->len; i++) {
		NfdPlugin *plugin = g_ptr_array_index(gen->plugins, i);
		g_string_append_printf(str,
				       "%s %s (%s)",
				       plugin->desc.name,
				       plugin->desc.version,
				       plugin->filename);
		if (nfd_token_bucket_is_set(&plugin->rate_limit))
			g_string_append_printf(str,
					       ", rate limit %u/s per tap, burst %u\n",
					       plugin->rate_limit.rate,
					       plugin->rate_limit.burst);
		else if (!nfd_plugin_has_flag(plugin, NFD_PLUGIN_FLAG_NO_QUEUE))
			g_string_append(str, ", no rate limit\n");
		else
			g_string_append_c(str, '\n');
	}
	g_string_append(str, "# queues\n");
	g_string_append(str, claims);
	g_string_append_printf(str, "# binding backend\n%s\n", gen->general.binding_backend);
	return g_string_free(str, FALSE);
}

/* [general] router-mac: the source MAC of replies for every binding without its own */
void
nfd_generation_apply_router_mac(NfdGeneration *gen, NfdBindingStore *store)
{
	nfd_binding_store_set_router_mac(store,
					 gen->general.has_router_mac ? gen->general.router_mac
								     : NULL);
}

static GHashTable *
queue_table_new(void)
{
	return g_hash_table_new_full(g_direct_hash,
				     g_direct_equal,
				     NULL,
				     (GDestroyNotify)nfd_queue_free);
}

/* bind the queues @gen claims that @host has not open yet, into @opened (number -> NfdQueue);
 * on failure the ones already bound stay in @opened, for its owner to release */
static gboolean
open_new_queues(NfdGenerationHost *host, NfdGeneration *gen, GHashTable *opened, GError **error)
{
	g_autoptr(GArray) nums = nfd_dispatch_get_queues(gen->dispatch);

	for (guint i = 0; i < nums->len; i++) {
		guint num = g_array_index(nums, guint, i);
		NfdQueue *queue;

		if (g_hash_table_contains(host->queues, GUINT_TO_POINTER(num)))
			continue;
		queue = nfd_queue_new((guint16)num, gen->dispatch);
		g_hash_table_insert(opened, GUINT_TO_POINTER(num), queue);
		if (!nfd_queue_open(queue, host->queue_ops, &gen->general.queue_options, error))
			return FALSE;
	}
	return TRUE;
}

/* the queues of @opened join the host's, the ones @gen does not claim are released, and all
 * are pointed at @gen's dispatch table */
static void
commit_queues(NfdGenerationHost *host, NfdGeneration *gen, GHashTable *opened)
{
	g_autoptr(GArray) nums = nfd_dispatch_get_queues(gen->dispatch);
	g_autoptr(GHashTable) needed = g_hash_table_new(g_direct_hash, g_direct_equal);
	g_autoptr(GPtrArray) stale = g_ptr_array_new();
	GHashTableIter iter;
	gpointer key;
	gpointer value;

	g_hash_table_iter_init(&iter, opened);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		g_hash_table_iter_steal(&iter);
		g_message("listening on NFQUEUE %u", GPOINTER_TO_UINT(key));
		g_hash_table_insert(host->queues, key, value);
	}
	for (guint i = 0; i < nums->len; i++)
		g_hash_table_add(needed, GUINT_TO_POINTER(g_array_index(nums, guint, i)));
	g_hash_table_iter_init(&iter, host->queues);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		if (!g_hash_table_contains(needed, key))
			g_ptr_array_add(stale, key);
	}
	for (guint i = 0; i < stale->len; i++) {
		g_message("releasing NFQUEUE %u", GPOINTER_TO_UINT(g_ptr_array_index(stale, i)));
		g_hash_table_remove(host->queues, g_ptr_array_index(stale, i));
	}
	g_hash_table_iter_init(&iter, host->queues);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		nfd_queue_set_dispatch(value, gen->dispatch);
}

/* a new backend object for @gen, open (so filling the store), or NULL */
static NfdBindingBackend *
open_backend(NfdGenerationHost *host, NfdGeneration *gen, GError **error)
{
	g_autofree gchar *key = module_key(NFD_MODULE_KIND_BACKEND, gen->general.binding_backend);
	NfdModule *module = g_hash_table_lookup(host->modules, key);
	g_autoptr(NfdBindingBackend) backend = NULL;

	g_return_val_if_fail(module != NULL, NULL);
	backend = nfd_binding_backend_new((const NfdBindingBackendDescriptor *)module->header,
					  module->filename);
	if (!nfd_binding_backend_open(backend,
				      gen->config,
				      nfd_binding_store_get_sink(host->store),
				      error))
		return NULL;
	return g_steal_pointer(&backend);
}

static void
log_backend(NfdGenerationHost *host, NfdGeneration *gen)
{
	g_message("binding backend %s: %u bindings",
		  gen->general.binding_backend,
		  nfd_binding_store_get_size(host->store));
}

/* the first generation's queues (bound as root) */
gboolean
nfd_generation_open(NfdGenerationHost *host, NfdGeneration *gen, GError **error)
{
	g_autoptr(GHashTable) opened = queue_table_new();

	nfd_dispatch_set_injector(gen->dispatch, host->injector);
	if (!open_new_queues(host, gen, opened, error))
		return FALSE;
	commit_queues(host, gen, opened);
	return TRUE;
}

/* the first generation's binding backend, opened (so its bindings read) only once root is
 * dropped: binding files are written by another program (issue 13) */
gboolean
nfd_generation_open_backend(NfdGenerationHost *host, NfdGeneration *gen, GError **error)
{
	host->backend = open_backend(host, gen, error);
	if (host->backend == NULL)
		return FALSE;
	log_backend(host, gen);
	return TRUE;
}

static void
stop_all(NfdGeneration *gen, NfdStopReason reason)
{
	for (guint i = 0; i < gen->plugins->len; i++)
		nfd_plugin_stop(g_ptr_array_index(gen->plugins, i), reason);
}

/* start every plugin of @gen; if one fails, the ones started are stopped again with @undo.
 * During a reload (@sliced) the running generation serves meanwhile, so the existing bindings'
 * ADDED events are told in slices between packets rather than all at once. */
static gboolean
start_all(NfdGeneration *gen, NfdStopReason undo, gboolean sliced, GError **error)
{
	for (guint i = 0; i < gen->plugins->len; i++) {
		NfdPlugin *plugin = g_ptr_array_index(gen->plugins, i);
		if (!(sliced ? nfd_plugin_start_sliced(plugin, NFD_GENERATION_SLICE_US, error)
			     : nfd_plugin_start(plugin, error))) {
			stop_all(gen, undo);
			return FALSE;
		}
	}
	return TRUE;
}

/* step 3 of a reload: the backend reopened into *@reopened when its group changed, else
 * rescanned with the new configuration (and given the running one back if that fails) */
static gboolean
switch_backend(NfdGenerationHost *host,
	       NfdGeneration *gen,
	       NfdBindingBackend **reopened,
	       GError **error)
{
	NfdGeneration *old = host->current;

	if (host->backend != NULL &&
	    g_strcmp0(old->general.binding_backend, gen->general.binding_backend) == 0 &&
	    g_strcmp0(old->backend_config, gen->backend_config) == 0) {
		if (nfd_binding_backend_rescan(host->backend, gen->config, error))
			return TRUE;
		nfd_binding_backend_set_config(host->backend, old->config);
		return FALSE;
	}
	*reopened = open_backend(host, gen, error);
	return *reopened != NULL;
}

/* a replaced generation's plugins are stopped; freeing one is freeing its per-tap state (ra
 * and ndp: 100,000 entries, tens of milliseconds), so they are freed one a main-loop turn,
 * between packets, after the reload */
static gboolean
free_retired_cb(gpointer user_data)
{
	NfdGenerationHost *host = user_data;
	NfdGeneration *gen = g_queue_peek_head(&host->retired);

	gint64 t0 = g_get_monotonic_time();

	host->retired_turns++;
	if (gen->plugins != NULL && gen->plugins->len > 0) {
		g_autofree gchar *name =
		    g_strdup(nfd_plugin_get_name(g_ptr_array_index(gen->plugins, 0)));
		gint64 took;
		g_ptr_array_remove_index(gen->plugins, 0);
		took = g_get_monotonic_time() - t0;
		host->retired_longest_us = MAX(host->retired_longest_us, took);
		g_debug("reload: the replaced %s instance freed in %.1f ms",
			name,
			(gdouble)took / 1000);
		return G_SOURCE_CONTINUE;
	}
	nfd_generation_free(g_queue_pop_head(&host->retired));
	host->retired_longest_us = MAX(host->retired_longest_us, g_get_monotonic_time() - t0);
	if (!g_queue_is_empty(&host->retired))
		return G_SOURCE_CONTINUE;
	/* issue 16: what freeing the replaced plugins held the main loop for (per-tap state
	 * that plugins release in slices of their own is not counted) */
	g_message(
	    "reload: the replaced generation freed in %u main-loop turns, the longest %.1f ms",
	    host->retired_turns,
	    (gdouble)host->retired_longest_us / 1000);
	host->retired_turns = 0;
	host->retired_longest_us = 0;
	host->retired_source = 0;
	return G_SOURCE_REMOVE;
}

static void
retire(NfdGenerationHost *host, NfdGeneration *gen)
{
	if (gen == NULL)
		return;
	g_queue_push_tail(&host->retired, gen);
	if (host->retired_source == 0)
		host->retired_source =
		    g_idle_add_full(G_PRIORITY_DEFAULT, free_retired_cb, host, NULL);
}

void
nfd_generation_flush_retired(NfdGenerationHost *host)
{
	g_clear_handle_id(&host->retired_source, g_source_remove);
	while (!g_queue_is_empty(&host->retired))
		nfd_generation_free(g_queue_pop_head(&host->retired));
}

/* a reload: @gen (transfer full) replaces host->current, or nothing changes and FALSE */
gboolean
nfd_generation_swap(NfdGenerationHost *host, NfdGeneration *gen_in, GError **error)
{
	/* cleaned up in reverse order: the queues (which use gen's dispatch table) before gen */
	g_autoptr(NfdGeneration) gen = gen_in;
	g_autoptr(GHashTable) opened = queue_table_new();
	g_autoptr(NfdBindingBackend) reopened = NULL;
	NfdGeneration *old = host->current;
	gboolean ok;

	gint64 t_begin = g_get_monotonic_time();
	gint64 t_started;
	gint64 t_backend;
	gint64 t;

	nfd_dispatch_set_injector(gen->dispatch, host->injector);
	if (!open_new_queues(host, gen, opened, error))
		return FALSE;
	if (!start_all(gen, NFD_STOP_REASON_RELOAD, TRUE, error))
		return FALSE;
	t_started = g_get_monotonic_time();
	host->pending = gen;
	ok = switch_backend(host, gen, &reopened, error);
	host->pending = NULL;
	t_backend = g_get_monotonic_time();
	if (!ok) {
		stop_all(gen, NFD_STOP_REASON_RELOAD);
		return FALSE;
	}

	/* commit: nothing below can fail */
	commit_queues(host, gen, opened);
	if (reopened != NULL) {
		nfd_binding_backend_free(host->backend);
		host->backend = g_steal_pointer(&reopened);
		log_backend(host, gen);
	}
	t = g_get_monotonic_time();
	nfd_generation_stop(old, gen);
	host->current = g_steal_pointer(&gen);
	nfd_generation_apply_router_mac(host->current, host->store);
	retire(host, old);
	g_debug("reload: started in %.1f ms, backend in %.1f ms, the old generation stopped in "
		"%.1f ms",
		(gdouble)(t_started - t_begin) / 1000,
		(gdouble)(t_backend - t_started) / 1000,
		(gdouble)(g_get_monotonic_time() - t) / 1000);
	return TRUE;
}

/* start-up: every plugin, or none (the daemon then exits) */
gboolean
nfd_generation_start(NfdGeneration *gen, GError **error)
{
	return start_all(gen, NFD_STOP_REASON_SHUTDOWN, FALSE, error);
}

/* on reload, a plugin that is in the @next generation too is told so: it keeps serving */
void
nfd_generation_stop(NfdGeneration *gen, NfdGeneration *next)
{
	g_autoptr(GHashTable) staying = g_hash_table_new(g_str_hash, g_str_equal);

	if (gen == NULL)
		return;
	for (guint i = 0; next != NULL && i < next->plugins->len; i++) {
		NfdPlugin *other = g_ptr_array_index(next->plugins, i);
		g_hash_table_add(staying, (gpointer)other->desc.name);
	}
	for (guint i = 0; i < gen->plugins->len; i++) {
		NfdPlugin *plugin = g_ptr_array_index(gen->plugins, i);
		nfd_plugin_stop(plugin,
				g_hash_table_contains(staying, plugin->desc.name)
				    ? NFD_STOP_REASON_RELOAD
				    : NFD_STOP_REASON_SHUTDOWN);
	}
}
