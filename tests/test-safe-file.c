/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of nfd-safe-file.c, what the pidfile, the log file and the module directories
 * rely on: a file is created only in a directory of root's (or the starting user's) that no
 * one else can write to, never through a symlink or onto a second link of another file, and
 * handed to the daemon's user on its descriptor.  The checks that need another owner than
 * ourselves (chown) run as root and skip otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "nfd-common.h"
#include "nfd-safe-file.h"

typedef struct {
	gchar *dir;
	gchar *victim;
} Fixture;

static void
fixture_setup(Fixture *f, gconstpointer user_data)
{
	f->dir = g_dir_make_tmp("nfd-safe-file-XXXXXX", NULL);
	g_assert_nonnull(f->dir);
	g_assert_cmpint(g_chmod(f->dir, 0755), ==, 0);
	f->victim = g_build_filename(f->dir, "victim", NULL);
	g_assert_true(g_file_set_contents(f->victim, "precious\n", -1, NULL));
}

static void
fixture_teardown(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GDir) dir = g_dir_open(f->dir, 0, NULL);
	const gchar *name;

	g_chmod(f->dir, 0700);
	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *fn = g_build_filename(f->dir, name, NULL);
		g_unlink(fn);
	}
	g_rmdir(f->dir);
	g_free(f->dir);
	g_free(f->victim);
}

static void
assert_victim_intact(Fixture *f)
{
	g_autofree gchar *text = NULL;
	g_assert_true(g_file_get_contents(f->victim, &text, NULL, NULL));
	g_assert_cmpstr(text, ==, "precious\n");
}

static gint
create(Fixture *f, const gchar *name, GError **error)
{
	g_autofree gchar *path = g_build_filename(f->dir, name, NULL);
	return nfd_safe_create_file(path, "pidfile", 0, 0644, getuid(), getgid(), error);
}

static void
test_creates(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	gint fd = create(f, "nfdhcpd.pid", &error);
	struct stat st;

	g_assert_no_error(error);
	g_assert_cmpint(fd, >=, 0);
	g_assert_cmpint(fstat(fd, &st), ==, 0);
	g_assert_true(S_ISREG(st.st_mode));
	g_assert_cmpint(fcntl(fd, F_GETFD) & FD_CLOEXEC, !=, 0);
	close(fd);
}

static void
test_symlink_not_followed(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *sym = g_build_filename(f->dir, "nfdhcpd.pid", NULL);

	g_assert_cmpint(symlink(f->victim, sym), ==, 0);
	g_assert_cmpint(create(f, "nfdhcpd.pid", &error), <, 0);
	g_assert_nonnull(strstr(error->message, "a symbolic link, not followed"));
	assert_victim_intact(f);
}

static void
test_hardlink_refused(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *second = g_build_filename(f->dir, "nfdhcpd.pid", NULL);

	g_assert_cmpint(link(f->victim, second), ==, 0);
	g_assert_cmpint(create(f, "nfdhcpd.pid", &error), <, 0);
	g_assert_nonnull(strstr(error->message, "not a regular file with a single link"));
	assert_victim_intact(f);
}

static void
test_fifo_refused(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *fifo = g_build_filename(f->dir, "nfdhcpd.pid", NULL);

	g_assert_cmpint(mkfifo(fifo, 0644), ==, 0);
	g_assert_cmpint(create(f, "nfdhcpd.pid", &error), <, 0);
	g_assert_nonnull(strstr(error->message, "not a regular file"));
}

static void
test_writable_dir_refused(Fixture *f, gconstpointer user_data)
{
	static const guint modes[] = {0775, 0757, 01777};

	for (guint i = 0; i < G_N_ELEMENTS(modes); i++) {
		g_autoptr(GError) error = NULL;
		g_autofree gchar *expected =
		    g_strdup_printf("pidfile directory %s: writable by group or others (owner %u, "
				    "group %u, mode %04o); it must belong to root and be writable "
				    "by root only",
				    f->dir,
				    (guint)getuid(),
				    (guint)getgid(),
				    modes[i]);
		g_assert_cmpint(g_chmod(f->dir, modes[i]), ==, 0);
		g_assert_cmpint(create(f, "nfdhcpd.pid", &error), <, 0);
		g_assert_cmpstr(error->message, ==, expected);
	}
}

static void
test_foreign_dir_refused(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;

	if (geteuid() != 0) {
		g_test_skip("giving a directory to another user needs root");
		return;
	}
	nfd_safe_set_trusted_uid(0);
	g_assert_cmpint(chown(f->dir, 65534, 65534), ==, 0);
	g_assert_cmpint(create(f, "nfdhcpd.pid", &error), <, 0);
	g_assert_nonnull(strstr(error->message, "not owned by root (owner 65534"));
}

/* as root, the file goes to the daemon's user, on the descriptor */
static void
test_fchown(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = g_build_filename(f->dir, "nfdhcpd.log", NULL);
	struct stat st;
	gint fd;

	if (geteuid() != 0) {
		g_test_skip("giving a file to another user needs root");
		return;
	}
	fd = nfd_safe_create_file(path, "log file", O_APPEND, 0640, 65534, 65534, &error);
	g_assert_no_error(error);
	g_assert_cmpint(fstat(fd, &st), ==, 0);
	g_assert_cmpuint(st.st_uid, ==, 65534);
	g_assert_cmpuint(st.st_gid, ==, 65534);
	g_assert_cmpuint(st.st_mode & 07777, ==, 0640);
	close(fd);
}

/* a module directory: itself strictly, its parents too, /tmp's sticky bit excused there */
static void
test_dir_path(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *sub = g_build_filename(f->dir, "plugins", NULL);

	g_assert_cmpint(g_mkdir(sub, 0755), ==, 0);
	g_assert_true(nfd_safe_check_dir_path(sub, "plugin directory", &error));
	g_assert_no_error(error);
	g_assert_cmpint(g_chmod(f->dir, 0777), ==, 0);
	g_assert_false(nfd_safe_check_dir_path(sub, "plugin directory", &error));
	g_assert_nonnull(strstr(error->message, "its parent"));
	g_assert_nonnull(strstr(error->message, "writable by group or others"));
	g_clear_error(&error);
	g_assert_cmpint(g_chmod(f->dir, 01777), ==, 0);
	g_assert_true(nfd_safe_check_dir_path(sub, "plugin directory", &error));
	g_assert_no_error(error);
	g_assert_cmpint(g_chmod(sub, 01777), ==, 0);
	g_assert_false(nfd_safe_check_dir_path(sub, "plugin directory", &error));
	g_assert_cmpint(g_chmod(sub, 0755), ==, 0);
	g_rmdir(sub);
}

#define ADD(path, fn) \
	g_test_add("/nfd/safe-file/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	ADD("creates", test_creates);
	ADD("symlink-not-followed", test_symlink_not_followed);
	ADD("hardlink-refused", test_hardlink_refused);
	ADD("fifo-refused", test_fifo_refused);
	ADD("writable-dir-refused", test_writable_dir_refused);
	ADD("foreign-dir-refused", test_foreign_dir_refused);
	ADD("fchown", test_fchown);
	ADD("dir-path", test_dir_path);
	return g_test_run();
}
