/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Module discovery and loading for plugins (libnfd-plugin-<name>.so, symbol
 * nfd_plugin_descriptor) and binding backends (libnfd-binding-<name>.so, symbol
 * nfd_binding_backend_descriptor).  See nfd-module-loader.h for the rules.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nfd-binding-backend.h"
#include "nfd-module-loader.h"
#include "nfd-plugin.h"
#include "nfd-safe-file.h"

#define NFD_MODULE_NAME_MAX 64 /* a plugin or backend name, in bytes */

typedef struct {
	NfdModuleKind kind;
	gchar *name;
	NfdModuleGetter getter;
} NfdBuiltin;

static GPtrArray *builtins = NULL;

/* the header is the common prefix of both descriptors */
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdModuleHeader, config_keys) ==
		G_STRUCT_OFFSET(NfdPluginDescriptor, config_keys));
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdModuleHeader, legacy_keys) ==
		G_STRUCT_OFFSET(NfdPluginDescriptor, legacy_keys));
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdModuleHeader, config_keys) ==
		G_STRUCT_OFFSET(NfdBindingBackendDescriptor, config_keys));
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdModuleHeader, legacy_keys) ==
		G_STRUCT_OFFSET(NfdBindingBackendDescriptor, legacy_keys));

const gchar *
nfd_module_kind_to_string(NfdModuleKind kind)
{
	return kind == NFD_MODULE_KIND_PLUGIN ? "plugin" : "binding backend";
}

static const gchar *
file_prefix(NfdModuleKind kind)
{
	return kind == NFD_MODULE_KIND_PLUGIN ? "libnfd-plugin-" : "libnfd-binding-";
}

static const gchar *
entry_symbol(NfdModuleKind kind)
{
	return kind == NFD_MODULE_KIND_PLUGIN ? "nfd_plugin_descriptor"
					      : "nfd_binding_backend_descriptor";
}

void
nfd_module_free(NfdModule *self)
{
	if (self == NULL)
		return;
	/* the GModule stays resident: plugins may have registered callbacks and strings that
	 * outlive this object, and unloading code buys nothing in a daemon */
	if (self->module != NULL)
		g_module_make_resident(self->module);
	g_free(self->name);
	g_free(self->filename);
	g_free(self);
}

void
nfd_module_register_builtin(NfdModuleKind kind, const gchar *name, NfdModuleGetter getter)
{
	NfdBuiltin *b = g_new0(NfdBuiltin, 1);

	if (builtins == NULL)
		builtins = g_ptr_array_new();
	b->kind = kind;
	b->name = g_strdup(name);
	b->getter = getter;
	g_ptr_array_add(builtins, b);
}

GPtrArray *
nfd_module_list_builtins(NfdModuleKind kind)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; builtins != NULL && i < builtins->len; i++) {
		NfdBuiltin *b = g_ptr_array_index(builtins, i);
		if (b->kind == kind)
			g_ptr_array_add(out, g_strdup(b->name));
	}
	return out;
}

gchar *
nfd_module_path(NfdModuleKind kind, const gchar *dir, const gchar *name)
{
	g_autofree gchar *base = g_strdup_printf("%s%s.so", file_prefix(kind), name);
	return g_build_filename(dir, base, NULL);
}

gboolean
nfd_module_validate_file(const gchar *path, GError **error)
{
	g_autofree gchar *dir = NULL;
	g_autoptr(GError) error_local = NULL;
	struct stat st;

	if (lstat(path, &st) < 0) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_PLUGIN, "%s: %s", path, g_strerror(errno));
		return FALSE;
	}
	if (!S_ISREG(st.st_mode)) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_PLUGIN, "%s: not a regular file", path);
		return FALSE;
	}
	/* after the privilege drop (SIGHUP loads modules too), a module of the daemon's own user
	 * would be code a taken-over daemon could have written */
	if (st.st_uid != 0 && st.st_uid != nfd_safe_get_trusted_uid()) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "%s: owned by uid %u%s, not by root",
			    path,
			    (guint)st.st_uid,
			    nfd_safe_is_daemon_uid(st.st_uid) || st.st_uid == geteuid()
				? " (the daemon's own user)"
				: "");
		return FALSE;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "%s: writable by group or others (mode %04o)",
			    path,
			    (guint)(st.st_mode & 07777));
		return FALSE;
	}
	if (st.st_mode & (S_ISUID | S_ISGID)) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_PLUGIN, "%s: setuid or setgid", path);
		return FALSE;
	}
	/* the directory (and its parents) could otherwise be used to swap the file */
	dir = g_path_get_dirname(path);
	if (!nfd_safe_check_dir_path(dir, "module directory", &error_local)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "%s: %s",
			    path,
			    error_local->message);
		return FALSE;
	}
	return TRUE;
}

/* [a-z0-9_], 1 to 64 bytes: plugin, backend and counter names */
gboolean
nfd_module_name_is_valid(const gchar *name)
{
	if (name == NULL || name[0] == '\0' || strlen(name) > NFD_MODULE_NAME_MAX)
		return FALSE;
	for (const gchar *p = name; *p != '\0'; p++) {
		if (!(g_ascii_islower(*p) || g_ascii_isdigit(*p) || *p == '_'))
			return FALSE;
	}
	return TRUE;
}

gboolean
nfd_module_check_header(const NfdModuleHeader *header,
			const gchar *expected_name,
			const gchar *filename,
			GError **error)
{
	if (header == NULL) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_PLUGIN, "%s: no descriptor", filename);
		return FALSE;
	}
	if (header->api_major != NFD_PLUGIN_API_MAJOR) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "%s: built for API %u.%u, this daemon has API %u.%u (major differs)",
			    filename,
			    header->api_major,
			    header->api_minor,
			    NFD_PLUGIN_API_MAJOR,
			    NFD_PLUGIN_API_MINOR);
		return FALSE;
	}
	if (header->api_minor > NFD_PLUGIN_API_MINOR) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "%s: built for API %u.%u, newer than this daemon's %u.%u",
			    filename,
			    header->api_major,
			    header->api_minor,
			    NFD_PLUGIN_API_MAJOR,
			    NFD_PLUGIN_API_MINOR);
		return FALSE;
	}
	/* the fields up to legacy_keys exist in every descriptor since 1.0 */
	if (header->struct_size < sizeof(NfdModuleHeader)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "%s: descriptor too short (%u bytes)",
			    filename,
			    header->struct_size);
		return FALSE;
	}
	if (!nfd_module_name_is_valid(header->name)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "%s: invalid name (only a-z, 0-9 and _ allowed)",
			    filename);
		return FALSE;
	}
	if (expected_name != NULL && g_strcmp0(header->name, expected_name) != 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "%s: descriptor says it is '%s', its file name says '%s'",
			    filename,
			    header->name,
			    expected_name);
		return FALSE;
	}
	if (header->description == NULL || header->version == NULL) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "%s: descriptor lacks description or version",
			    filename);
		return FALSE;
	}
	return TRUE;
}

NfdModule *
nfd_module_open(NfdModuleKind kind, const gchar *path, const gchar *expected_name, GError **error)
{
	g_autoptr(NfdModule) self = NULL;
	g_autoptr(GError) error_local = NULL;
	NfdModuleGetter getter = NULL;
	GModule *module;

	if (!nfd_module_validate_file(path, error))
		return NULL;
	module = g_module_open_full(path, G_MODULE_BIND_LOCAL, &error_local);
	if (module == NULL) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "%s: cannot load: %s",
			    path,
			    error_local->message);
		return NULL;
	}
	self = g_new0(NfdModule, 1);
	self->kind = kind;
	self->module = module;
	self->filename = g_strdup(path);
	if (!g_module_symbol(module, entry_symbol(kind), (gpointer *)&getter) || getter == NULL) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "%s: no %s() symbol: not an nfdhcpd %s",
			    path,
			    entry_symbol(kind),
			    nfd_module_kind_to_string(kind));
		/* nothing of it is in use: safe to unload */
		g_module_close(module);
		self->module = NULL;
		return NULL;
	}
	self->header = getter();
	if (!nfd_module_check_header(self->header, expected_name, path, error)) {
		g_module_close(module);
		self->module = NULL;
		return NULL;
	}
	self->name = g_strdup(self->header->name);
	return g_steal_pointer(&self);
}

static NfdModule *
open_builtin(NfdModuleKind kind, const gchar *name, GError **error)
{
	for (guint i = 0; builtins != NULL && i < builtins->len; i++) {
		NfdBuiltin *b = g_ptr_array_index(builtins, i);
		NfdModule *self;
		if (b->kind != kind || g_strcmp0(b->name, name) != 0)
			continue;
		self = g_new0(NfdModule, 1);
		self->kind = kind;
		self->builtin = TRUE;
		self->filename = g_strdup("builtin");
		self->header = b->getter();
		if (!nfd_module_check_header(self->header, name, "builtin", error)) {
			nfd_module_free(self);
			return NULL;
		}
		self->name = g_strdup(name);
		return self;
	}
	return NULL;
}

NfdModule *
nfd_module_find(NfdModuleKind kind, const gchar *const *dirs, const gchar *name, GError **error)
{
	if (!nfd_module_name_is_valid(name)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "'%s' is not a valid %s name",
			    name,
			    nfd_module_kind_to_string(kind));
		return NULL;
	}
	/* a name found twice (two directories, or a directory and a builtin) is ambiguous: which
	 * one runs must never depend on search order, so it is an error naming both */
	{
		g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func(g_free);
		g_autoptr(GPtrArray) builtin_names = nfd_module_list_builtins(kind);

		for (guint i = 0; i < builtin_names->len; i++) {
			if (g_strcmp0(g_ptr_array_index(builtin_names, i), name) == 0)
				g_ptr_array_add(found, g_strdup("builtin"));
		}
		for (guint i = 0; dirs != NULL && dirs[i] != NULL; i++) {
			g_autofree gchar *path = nfd_module_path(kind, dirs[i], name);
			if (g_file_test(path, G_FILE_TEST_EXISTS))
				g_ptr_array_add(found, g_steal_pointer(&path));
		}
		if (found->len > 1) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_PLUGIN,
				    "%s '%s' found twice: %s and %s",
				    nfd_module_kind_to_string(kind),
				    name,
				    (const gchar *)g_ptr_array_index(found, 0),
				    (const gchar *)g_ptr_array_index(found, 1));
			return NULL;
		}
		if (found->len == 1) {
			const gchar *where = g_ptr_array_index(found, 0);
			if (g_strcmp0(where, "builtin") == 0)
				return open_builtin(kind, name, error);
			return nfd_module_open(kind, where, name, error);
		}
	}
	{
		g_autofree gchar *where =
		    dirs != NULL ? g_strjoinv(", ", (gchar **)dirs) : g_strdup("");
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "%s '%s' not found (looked for %s%s.so in %s)",
			    nfd_module_kind_to_string(kind),
			    name,
			    file_prefix(kind),
			    name,
			    where);
	}
	return NULL;
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(*(const gchar *const *)a, *(const gchar *const *)b);
}

GPtrArray *
nfd_module_scan(NfdModuleKind kind, const gchar *const *dirs)
{
	GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; dirs != NULL && dirs[i] != NULL; i++) {
		g_autoptr(GDir) dir = g_dir_open(dirs[i], 0, NULL);
		const gchar *fn;
		if (dir == NULL)
			continue;
		while ((fn = g_dir_read_name(dir)) != NULL) {
			if (g_str_has_prefix(fn, file_prefix(kind)) && g_str_has_suffix(fn, ".so"))
				g_ptr_array_add(paths, g_build_filename(dirs[i], fn, NULL));
		}
	}
	g_ptr_array_sort(paths, cmp_str);
	return paths;
}
