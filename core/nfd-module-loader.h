/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Finding, checking and opening plugin and binding-backend modules, and the table of builtin
 * ones.  Both kinds share the descriptor prefix NfdModuleHeader and the same rules: the file
 * must be a regular file owned by root (or by the user who started the daemon, when that was
 * not root: nfd-safe-file.h; never by the unprivileged user the daemon runs as, which on
 * SIGHUP loads modules too), not group/world writable, not setuid (NetworkManager's
 * validate_plugin), in a directory that is root's and writable by root only, as are its
 * parents (a sticky parent, /tmp, is fine); it is opened with G_MODULE_BIND_LOCAL and without lazy
 * binding, so an unresolved symbol fails at load and not mid-packet (Kea's RTLD_NOW); the API
 * major must equal ours and the minor must not be newer (GStreamer's rule); the descriptor's
 * name must match the file name.
 */
#pragma once

#include <gmodule.h>

#include "nfd-config.h"

typedef enum {
	NFD_MODULE_KIND_PLUGIN,
	NFD_MODULE_KIND_BACKEND,
} NfdModuleKind;

/* the common prefix of NfdPluginDescriptor and NfdBindingBackendDescriptor */
typedef struct {
	guint16 api_major;
	guint16 api_minor;
	guint32 struct_size;
	const gchar *name;
	const gchar *description;
	const gchar *version;
	const gchar *origin;
	guint32 flags;
	const gchar *const *config_keys;
	const NfdConfigAlias *legacy_keys;
} NfdModuleHeader;

typedef const void *(*NfdModuleGetter)(void);

typedef struct {
	NfdModuleKind kind;
	gchar *name;
	gchar *filename; /* "builtin" for builtins */
	GModule *module; /* NULL for builtins; never closed (plugins may leave callbacks) */
	const NfdModuleHeader *header;
	gboolean builtin;
} NfdModule;

void
nfd_module_free(NfdModule *self);
void
nfd_module_register_builtin(NfdModuleKind kind, const gchar *name, NfdModuleGetter getter);
GPtrArray *
nfd_module_list_builtins(NfdModuleKind kind);
gchar *
nfd_module_path(NfdModuleKind kind, const gchar *dir, const gchar *name);
gboolean
nfd_module_validate_file(const gchar *path, GError **error);
gboolean
nfd_module_check_header(const NfdModuleHeader *header,
			const gchar *expected_name,
			const gchar *filename,
			GError **error);
NfdModule *
nfd_module_open(NfdModuleKind kind, const gchar *path, const gchar *expected_name, GError **error);
NfdModule *
nfd_module_find(NfdModuleKind kind, const gchar *const *dirs, const gchar *name, GError **error);
GPtrArray *
nfd_module_scan(NfdModuleKind kind, const gchar *const *dirs);
const gchar *
nfd_module_kind_to_string(NfdModuleKind kind);
gboolean
nfd_module_name_is_valid(const gchar *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdModule, nfd_module_free)
