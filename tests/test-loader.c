/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of the module loader and the daemon's plugin loading against the deliberately broken
 * plugins of tests/plugins/ (no symbol, wrong major, newer minor, init failure, short
 * descriptor, wrong name), file checks, the allow-list and duplicate names.
 */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nfd-builtin.h"
#include "nfd-daemon.h"
#include "nfd-module-loader.h"
#include "nfd-plugin-private.h"
#include "nfd-safe-file.h"

static const gchar *
plugins_dir(void)
{
	return g_getenv("NFD_TEST_PLUGINS_DIR");
}

static NfdModule *
find(const gchar *name, GError **error)
{
	const gchar *dirs[] = {plugins_dir(), NULL};
	return nfd_module_find(NFD_MODULE_KIND_PLUGIN, dirs, name, error);
}

static void
test_good(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdModule) m = find("echo", &error);
	g_assert_no_error(error);
	g_assert_cmpstr(m->name, ==, "echo");
	g_assert_cmpstr(m->header->description, ==, "UDP echo responder for tests");
}

static void
test_no_symbol(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdModule) m = find("nosym", &error);
	g_assert_null(m);
	g_assert_error(error, NFD_ERROR, NFD_ERROR_PLUGIN);
	g_assert_nonnull(strstr(error->message, "no nfd_plugin_descriptor() symbol"));
}

static void
test_wrong_major(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdModule) m = find("badmajor", &error);
	g_assert_null(m);
	g_assert_nonnull(strstr(error->message, "major differs"));
}

static void
test_newer_minor(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdModule) m = find("newminor", &error);
	g_assert_null(m);
	g_assert_nonnull(strstr(error->message, "newer than this daemon"));
}

static void
test_misnamed(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdModule) m = find("misnamed", &error);
	g_assert_null(m);
	g_assert_nonnull(strstr(error->message, "says it is 'othername'"));
}

static void
test_missing(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdModule) m = find("nosuchplugin", &error);
	g_assert_null(m);
	g_assert_nonnull(strstr(error->message, "plugin 'nosuchplugin' not found"));
}

static void
test_invalid_name(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdModule) m = find("../etc", &error);
	g_assert_null(m);
	g_assert_nonnull(strstr(error->message, "not a valid plugin name"));
}

static void
test_init_failure(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdModule) m = find("initfail", &error);
	g_autoptr(NfdPlugin) plugin = NULL;
	g_assert_no_error(error);
	plugin = nfd_plugin_new((const NfdPluginDescriptor *)m->header, m->filename, FALSE);
	g_assert_false(nfd_plugin_init(plugin, NULL, &error));
	g_assert_nonnull(strstr(error->message, "plugin initfail: deliberate init failure"));
}

static void
test_short_descriptor(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdModule) m = find("short", &error);
	g_autoptr(NfdPlugin) plugin = NULL;
	g_autoptr(GString) out = g_string_new(NULL);
	g_assert_no_error(error);
	plugin = nfd_plugin_new((const NfdPluginDescriptor *)m->header, m->filename, FALSE);
	/* the field past the plugin's struct_size holds garbage: it must read as NULL */
	g_assert_null(plugin->desc.dump);
	nfd_plugin_dump(plugin, out);
	g_assert_nonnull(strstr(out->str, "plugin short"));
}

static gchar *
copy_plugin(const gchar *name, guint mode)
{
	g_autofree gchar *src = nfd_module_path(NFD_MODULE_KIND_PLUGIN, plugins_dir(), "echo");
	g_autofree gchar *dir = g_dir_make_tmp("nfd-loader-XXXXXX", NULL);
	g_autofree gchar *dst = nfd_module_path(NFD_MODULE_KIND_PLUGIN, dir, name);
	g_autofree gchar *data = NULL;
	gsize len = 0;

	g_assert_true(g_file_get_contents(src, &data, &len, NULL));
	g_assert_true(g_file_set_contents(dst, data, len, NULL));
	g_chmod(dst, mode);
	return g_steal_pointer(&dst);
}

static void
remove_copy(const gchar *path)
{
	g_autofree gchar *dir = g_path_get_dirname(path);
	g_unlink(path);
	g_rmdir(dir);
}

static void
test_group_writable_refused(void)
{
	g_autofree gchar *path = copy_plugin("echo", 0664);
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdModule) m = nfd_module_open(NFD_MODULE_KIND_PLUGIN, path, "echo", &error);
	g_assert_null(m);
	g_assert_nonnull(strstr(error->message, "writable by group or others"));
	remove_copy(path);
}

static void
test_symlink_refused(void)
{
	g_autofree gchar *path = copy_plugin("echo", 0644);
	g_autofree gchar *dir = g_path_get_dirname(path);
	g_autofree gchar *link = g_build_filename(dir, "libnfd-plugin-link.so", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdModule) m = NULL;

	g_assert_cmpint(symlink(path, link), ==, 0);
	m = nfd_module_open(NFD_MODULE_KIND_PLUGIN, link, "link", &error);
	g_assert_null(m);
	g_assert_nonnull(strstr(error->message, "not a regular file"));
	g_unlink(link);
	remove_copy(path);
}

static void
assert_refused(const gchar *path, const gchar *pattern)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdModule) m = nfd_module_open(NFD_MODULE_KIND_PLUGIN, path, "echo", &error);

	g_assert_null(m);
	g_assert_nonnull(error);
	if (!g_pattern_match_simple(pattern, error->message))
		g_error("'%s' does not match '%s'", error->message, pattern);
}

/* issue 13: the directory counts as much as the file (whoever may write it may swap the file) */
static void
test_dir_writable_refused(void)
{
	g_autofree gchar *path = copy_plugin("echo", 0644);
	g_autofree gchar *dir = g_path_get_dirname(path);
	g_autofree gchar *pattern = g_strdup_printf("%s: module directory %s: writable by group or "
						    "others (*mode 0775)*",
						    path,
						    dir);

	g_assert_cmpint(g_chmod(dir, 0775), ==, 0);
	assert_refused(path, pattern);
	g_assert_cmpint(g_chmod(dir, 0700), ==, 0);
	remove_copy(path);
}

/* /tmp-like: the sticky bit does not make a module directory safe */
static void
test_dir_sticky_refused(void)
{
	g_autofree gchar *path = copy_plugin("echo", 0644);
	g_autofree gchar *dir = g_path_get_dirname(path);
	g_autofree gchar *pattern =
	    g_strdup_printf("*module directory %s: writable*mode 1777*", dir);

	g_assert_cmpint(g_chmod(dir, 01777), ==, 0);
	assert_refused(path, pattern);
	g_assert_cmpint(g_chmod(dir, 0700), ==, 0);
	remove_copy(path);
}

/* a parent anyone can write to (no sticky bit) could rename the directory away */
static void
test_parent_writable_refused(void)
{
	g_autofree gchar *path = copy_plugin("echo", 0644);
	g_autofree gchar *dir = g_path_get_dirname(path);
	g_autofree gchar *sub = g_build_filename(dir, "sub", NULL);
	g_autofree gchar *base = g_path_get_basename(path);
	g_autofree gchar *moved = g_build_filename(sub, base, NULL);
	g_autofree gchar *pattern = NULL;

	g_assert_cmpint(g_mkdir(sub, 0755), ==, 0);
	g_assert_cmpint(g_rename(path, moved), ==, 0);
	g_assert_cmpint(g_chmod(dir, 0777), ==, 0);
	pattern = g_strdup_printf("*module directory %s: its parent %s: writable*", sub, dir);
	assert_refused(moved, pattern);
	g_assert_cmpint(g_chmod(dir, 0700), ==, 0);
	g_unlink(moved);
	g_rmdir(sub);
	g_rmdir(dir);
}

/* a directory of another user's (root needed to make one) */
static void
test_dir_foreign_refused(void)
{
	g_autofree gchar *path = NULL;
	g_autofree gchar *dir = NULL;
	g_autofree gchar *pattern = NULL;

	if (geteuid() != 0) {
		g_test_skip("giving a directory to another user needs root");
		return;
	}
	path = copy_plugin("echo", 0644);
	dir = g_path_get_dirname(path);
	g_assert_cmpint(chown(dir, 65534, 65534), ==, 0);
	pattern = g_strdup_printf("*module directory %s: not owned by root (owner 65534*", dir);
	assert_refused(path, pattern);
	remove_copy(path);
}

/* after the privilege drop (a SIGHUP loads modules as the daemon's user): a module that user
 * owns is refused, though it is "ours" by then */
static void
test_owned_by_daemon_user_refused(void)
{
	g_autofree gchar *path = NULL;
	g_autofree gchar *dir = NULL;
	g_autoptr(GError) error = NULL;
	gint status = 0;
	pid_t pid;

	if (geteuid() != 0) {
		g_test_skip("changing user needs root");
		return;
	}
	path = copy_plugin("echo", 0644);
	dir = g_path_get_dirname(path);
	g_assert_cmpint(g_chmod(dir, 0755), ==, 0);
	g_assert_cmpint(chown(path, 65534, 65534), ==, 0);
	/* the daemon records this before it drops root (nfd_daemon_new) */
	nfd_safe_set_trusted_uid(0);
	pid = fork();
	g_assert_cmpint(pid, >=, 0);
	if (pid == 0) {
		g_autoptr(NfdModule) m = NULL;
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(2);
		m = nfd_module_open(NFD_MODULE_KIND_PLUGIN, path, "echo", &error);
		_exit(m == NULL && strstr(error->message,
					  "owned by uid 65534 (the daemon's own "
					  "user), not by root") != NULL
			  ? 0
			  : 1);
	}
	g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
	g_assert_true(WIFEXITED(status));
	g_assert_cmpint(WEXITSTATUS(status), ==, 0);
	remove_copy(path);
}

/* in a child as uid 65534 that started the daemon (systemd's User=): whether a module of its
 * own is loaded, when [general] user is 65534 (@is_daemon_user) or another user */
static gboolean
own_module_loads_as_starter(gboolean is_daemon_user)
{
	g_autofree gchar *path = copy_plugin("echo", 0644);
	g_autofree gchar *dir = g_path_get_dirname(path);
	gint status = 0;
	pid_t pid;

	g_assert_cmpint(g_chmod(dir, 0755), ==, 0);
	g_assert_cmpint(chown(path, 65534, 65534), ==, 0);
	pid = fork();
	g_assert_cmpint(pid, >=, 0);
	if (pid == 0) {
		g_autoptr(GError) error = NULL;
		g_autoptr(NfdModule) m = NULL;
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(2);
		/* what nfd_daemon_new() and the first configuration record */
		nfd_safe_set_trusted_uid(geteuid());
		nfd_safe_set_daemon_uid(is_daemon_user ? 65534 : 65533);
		m = nfd_module_open(NFD_MODULE_KIND_PLUGIN, path, "echo", &error);
		_exit(m != NULL ? 0 : 1);
	}
	g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
	g_assert_true(WIFEXITED(status));
	g_assert_cmpint(WEXITSTATUS(status), !=, 2);
	remove_copy(path);
	return WEXITSTATUS(status) == 0;
}

/* started directly as its own unprivileged user: that user's modules are still refused */
static void
test_started_as_daemon_user_refused(void)
{
	if (geteuid() != 0) {
		g_test_skip("changing user needs root");
		return;
	}
	g_assert_false(own_module_loads_as_starter(TRUE));
}

/* started by a developer who is not the daemon's user: their build tree is trusted */
static void
test_started_by_developer_accepted(void)
{
	if (geteuid() != 0) {
		g_test_skip("changing user needs root");
		return;
	}
	g_assert_true(own_module_loads_as_starter(FALSE));
}

static void
test_duplicate_name(void)
{
	g_autofree gchar *a = copy_plugin("echo", 0644);
	g_autofree gchar *b = copy_plugin("echo", 0644);
	g_autofree gchar *dir_a = g_path_get_dirname(a);
	g_autofree gchar *dir_b = g_path_get_dirname(b);
	const gchar *dirs[] = {dir_a, dir_b, NULL};
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdModule) m = nfd_module_find(NFD_MODULE_KIND_PLUGIN, dirs, "echo", &error);

	g_assert_null(m);
	g_assert_nonnull(strstr(error->message, "plugin 'echo' found twice"));
	remove_copy(a);
	remove_copy(b);
}

/* a daemon with @conf_text and the fake binding backend of tests/plugins/, which every build
 * has (the directory backend is a meson option) */
static NfdDaemon *
daemon_with(const gchar *conf_text, gchar **conf_path_out)
{
	g_autofree gchar *dir = g_dir_make_tmp("nfd-loader-XXXXXX", NULL);
	g_autofree gchar *conf = g_build_filename(dir, "nfdhcpd.conf", NULL);
	g_autofree gchar *text = NULL;
	const gchar *dirs[] = {plugins_dir(), NULL};
	NfdDaemonOptions options = {.plugin_dirs = dirs, .backend_dirs = dirs, .foreground = TRUE};

	/* a user that exists: the default, nfdhcpd, is the package's */
	text = g_strdup_printf("%s\n[general]\nbinding-backend = fake\nuser = nobody\n", conf_text);
	g_file_set_contents(conf, text, -1, NULL);
	options.config_path = conf;
	*conf_path_out = g_steal_pointer(&conf);
	return nfd_daemon_new(&options);
}

static void
test_daemon_loads_allowed_plugin(void)
{
	g_autofree gchar *conf = NULL;
	g_autoptr(NfdDaemon) daemon =
	    daemon_with("[general]\nplugins = echo\n[echo]\nqueue = 7\n", &conf);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *desc = NULL;

	g_assert_true(nfd_daemon_load(daemon, &error));
	g_assert_no_error(error);
	desc = nfd_daemon_describe(daemon);
	g_assert_nonnull(strstr(desc, "queue 7: echo(ipv4 udp port 7)"));
}

static void
test_daemon_refuses_broken_allowed_plugin(void)
{
	g_autofree gchar *conf = NULL;
	g_autoptr(NfdDaemon) daemon = daemon_with("[general]\nplugins = echo,badmajor\n", &conf);
	g_autoptr(GError) error = NULL;

	g_assert_false(nfd_daemon_load(daemon, &error));
	g_assert_nonnull(strstr(error->message, "libnfd-plugin-badmajor.so"));
}

static void
test_daemon_refuses_init_failure(void)
{
	g_autofree gchar *conf = NULL;
	g_autoptr(NfdDaemon) daemon = daemon_with("[general]\nplugins = initfail\n", &conf);
	g_autoptr(GError) error = NULL;

	g_assert_false(nfd_daemon_load(daemon, &error));
	g_assert_nonnull(strstr(error->message, "plugin initfail"));
}

static void
test_daemon_refuses_duplicate_name(void)
{
	g_autofree gchar *conf = NULL;
	g_autoptr(NfdDaemon) daemon = daemon_with("[general]\nplugins = echo, echo\n", &conf);
	g_autoptr(GError) error = NULL;

	g_assert_false(nfd_daemon_load(daemon, &error));
	g_assert_nonnull(strstr(error->message, "'echo' is listed twice"));
}

static void
test_daemon_plugin_without_claims(void)
{
	g_autofree gchar *conf = NULL;
	g_autoptr(NfdDaemon) daemon = daemon_with("[general]\nplugins = echo, short\n", &conf);
	g_autoptr(GError) error = NULL;

	/* short registers no claim: no conflict, loads fine */
	g_assert_true(nfd_daemon_load(daemon, &error));
	g_assert_no_error(error);
}

static void
test_daemon_unknown_plugin_key_warns(void)
{
	g_autofree gchar *conf = NULL;
	g_autoptr(NfdDaemon) daemon =
	    daemon_with("[general]\nplugins = echo\n[echo]\nqueue = 9\nbogus = 1\n", &conf);
	g_autoptr(GError) error = NULL;
	GPtrArray *w;
	gboolean found = FALSE;

	g_assert_true(nfd_daemon_load(daemon, &error));
	w = nfd_daemon_get_warnings(daemon);
	for (guint i = 0; i < w->len; i++)
		found |= strstr(g_ptr_array_index(w, i), "[echo] unknown key 'bogus'") != NULL;
	g_assert_true(found);
}

static void
test_daemon_bad_plugin_value(void)
{
	g_autofree gchar *conf = NULL;
	g_autoptr(NfdDaemon) daemon =
	    daemon_with("[general]\nplugins = echo\n[echo]\nqueue = banana\n", &conf);
	g_autoptr(GError) error = NULL;

	g_assert_false(nfd_daemon_load(daemon, &error));
	g_assert_nonnull(strstr(error->message, "[echo] queue: 'banana'"));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	/* with -Dbuiltin_plugins=true the backends the daemon tests need are builtins */
	nfd_builtin_register_all();
	g_test_add_func("/nfd/loader/good", test_good);
	g_test_add_func("/nfd/loader/no-symbol", test_no_symbol);
	g_test_add_func("/nfd/loader/wrong-major", test_wrong_major);
	g_test_add_func("/nfd/loader/newer-minor", test_newer_minor);
	g_test_add_func("/nfd/loader/misnamed", test_misnamed);
	g_test_add_func("/nfd/loader/missing", test_missing);
	g_test_add_func("/nfd/loader/invalid-name", test_invalid_name);
	g_test_add_func("/nfd/loader/init-failure", test_init_failure);
	g_test_add_func("/nfd/loader/short-descriptor", test_short_descriptor);
	g_test_add_func("/nfd/loader/group-writable", test_group_writable_refused);
	g_test_add_func("/nfd/loader/symlink", test_symlink_refused);
	g_test_add_func("/nfd/loader/dir-writable", test_dir_writable_refused);
	g_test_add_func("/nfd/loader/dir-sticky", test_dir_sticky_refused);
	g_test_add_func("/nfd/loader/parent-writable", test_parent_writable_refused);
	g_test_add_func("/nfd/loader/dir-foreign", test_dir_foreign_refused);
	g_test_add_func("/nfd/loader/owned-by-daemon-user", test_owned_by_daemon_user_refused);
	g_test_add_func("/nfd/loader/started-as-daemon-user", test_started_as_daemon_user_refused);
	g_test_add_func("/nfd/loader/started-by-developer", test_started_by_developer_accepted);
	g_test_add_func("/nfd/loader/duplicate-name", test_duplicate_name);
	g_test_add_func("/nfd/loader/daemon-allow-list", test_daemon_loads_allowed_plugin);
	g_test_add_func("/nfd/loader/daemon-broken-plugin",
			test_daemon_refuses_broken_allowed_plugin);
	g_test_add_func("/nfd/loader/daemon-init-failure", test_daemon_refuses_init_failure);
	g_test_add_func("/nfd/loader/daemon-duplicate-name", test_daemon_refuses_duplicate_name);
	g_test_add_func("/nfd/loader/daemon-plugin-without-claims",
			test_daemon_plugin_without_claims);
	g_test_add_func("/nfd/loader/daemon-unknown-key", test_daemon_unknown_plugin_key_warns);
	g_test_add_func("/nfd/loader/daemon-bad-value", test_daemon_bad_plugin_value);
	return g_test_run();
}
