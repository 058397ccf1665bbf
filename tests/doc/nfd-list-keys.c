/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Prints the configuration keys the core reads in [general] and every plugin and binding
 * backend declares (their descriptors' config_keys), one "[group] key" line each, for the man
 * page check (check-man.sh): nfdhcpd.conf(5) must document exactly these.  Modules come from the
 * directories given (plugins first, then backends), and from the builtins of a builtin build.
 * usage: nfd-list-keys PLUGIN_DIR BACKEND_DIR
 */
#include <stdio.h>

#include "nfd-builtin.h"
#include "nfd-general.h"
#include "nfd-module-loader.h"

static void
print_keys(NfdModuleKind kind, const NfdModule *m)
{
	const gchar *const *keys = m->header->config_keys;

	for (guint i = 0; keys != NULL && keys[i] != NULL; i++) {
		if (kind == NFD_MODULE_KIND_PLUGIN)
			g_print("[%s] %s\n", m->name, keys[i]);
		else
			g_print("[binding-backend:%s] %s\n", m->name, keys[i]);
	}
}

static gboolean
list_kind(NfdModuleKind kind, const gchar *dir)
{
	const gchar *dirs[] = {dir, NULL};
	g_autoptr(GPtrArray) builtins = nfd_module_list_builtins(kind);
	g_autoptr(GPtrArray) paths = nfd_module_scan(kind, dirs);

	for (guint i = 0; i < builtins->len; i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(NfdModule) m =
		    nfd_module_find(kind, NULL, g_ptr_array_index(builtins, i), &error);
		if (m == NULL) {
			g_printerr("%s\n", error->message);
			return FALSE;
		}
		print_keys(kind, m);
	}
	for (guint i = 0; i < paths->len; i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(NfdModule) m =
		    nfd_module_open(kind, g_ptr_array_index(paths, i), NULL, &error);
		if (m == NULL) {
			g_printerr("%s\n", error->message);
			return FALSE;
		}
		print_keys(kind, m);
	}
	return TRUE;
}

int
main(int argc, char **argv)
{
	if (argc != 3) {
		g_printerr("usage: %s PLUGIN_DIR BACKEND_DIR\n", argv[0]);
		return 2;
	}
	nfd_builtin_register_all();
	for (guint i = 0; nfd_general_keys[i] != NULL; i++)
		g_print("[general] %s\n", nfd_general_keys[i]);
	if (!list_kind(NFD_MODULE_KIND_PLUGIN, argv[1]) ||
	    !list_kind(NFD_MODULE_KIND_BACKEND, argv[2]))
		return 1;
	return 0;
}
