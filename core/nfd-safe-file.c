/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Trusted directories and files created without following links (see nfd-safe-file.h).
 *
 * The rule for a directory is OpenSSH's for the paths it trusts (safe_path()): owned by root
 * or the trusted user, not writable by group or others, for the directory itself and every
 * parent; a parent with the sticky bit (/tmp) is fine, as others cannot rename what they do
 * not own there.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "nfd-common.h"
#include "nfd-safe-file.h"

static gboolean trusted_set = FALSE;
static uid_t trusted_uid = 0;
static gboolean daemon_set = FALSE;
static uid_t daemon_uid = 0;

void
nfd_safe_set_trusted_uid(uid_t uid)
{
	trusted_uid = uid;
	trusted_set = TRUE;
}

void
nfd_safe_set_daemon_uid(uid_t uid)
{
	daemon_uid = uid;
	daemon_set = TRUE;
}

gboolean
nfd_safe_is_daemon_uid(uid_t uid)
{
	return daemon_set && uid == daemon_uid && uid != 0;
}

uid_t
nfd_safe_get_trusted_uid(void)
{
	uid_t uid = trusted_set ? trusted_uid : geteuid();
	return nfd_safe_is_daemon_uid(uid) ? 0 : uid;
}

gboolean
nfd_safe_check_dir_stat(const struct stat *st,
			const gchar *path,
			const gchar *what,
			gboolean sticky_ok,
			GError **error)
{
	uid_t trusted = nfd_safe_get_trusted_uid();
	const gchar *why = NULL;

	if (!S_ISDIR(st->st_mode))
		why = "not a directory";
	else if (st->st_uid != 0 && st->st_uid != trusted)
		why = "not owned by root";
	else if ((st->st_mode & (S_IWGRP | S_IWOTH)) != 0 &&
		 !(sticky_ok && (st->st_mode & S_ISVTX) != 0))
		why = "writable by group or others";
	if (why == NULL)
		return TRUE;
	g_set_error(error,
		    NFD_ERROR,
		    NFD_ERROR_IO,
		    "%s %s: %s (owner %u, group %u, mode %04o); it must belong to root and be "
		    "writable by root only",
		    what,
		    path,
		    why,
		    (guint)st->st_uid,
		    (guint)st->st_gid,
		    (guint)(st->st_mode & 07777));
	return FALSE;
}

gboolean
nfd_safe_check_dir_path(const gchar *dir, const gchar *what, GError **error)
{
	g_autofree gchar *real = realpath(dir, NULL);
	g_autofree gchar *cur = NULL;

	if (real == NULL) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "%s %s: %s",
			    what,
			    dir,
			    g_strerror(errno));
		return FALSE;
	}
	cur = g_strdup(real);
	for (gboolean itself = TRUE;; itself = FALSE) {
		g_autofree gchar *up = NULL;
		g_autofree gchar *label = NULL;
		struct stat st;

		if (lstat(cur, &st) != 0) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_IO,
				    "%s %s: %s",
				    what,
				    cur,
				    g_strerror(errno));
			return FALSE;
		}
		label = itself ? g_strdup(what) : g_strdup_printf("%s %s: its parent", what, dir);
		if (!nfd_safe_check_dir_stat(&st, cur, label, !itself, error))
			return FALSE;
		up = g_path_get_dirname(cur);
		if (g_strcmp0(up, cur) == 0)
			return TRUE;
		g_free(cur);
		cur = g_steal_pointer(&up);
	}
}

gint
nfd_safe_create_file(const gchar *path,
		     const gchar *what,
		     gint extra_flags,
		     mode_t mode,
		     uid_t uid,
		     gid_t gid,
		     GError **error)
{
	g_autofree gchar *dir = g_path_get_dirname(path);
	g_autofree gchar *base = g_path_get_basename(path);
	g_autofree gchar *dir_what = g_strdup_printf("%s directory", what);
	struct stat st;
	gint dirfd;
	gint fd;

	/* the directory, pinned by its descriptor, then the file relative to it */
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0 || fstat(dirfd, &st) != 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "%s %s: %s",
			    dir_what,
			    dir,
			    g_strerror(errno));
		if (dirfd >= 0)
			close(dirfd);
		return -1;
	}
	if (!nfd_safe_check_dir_stat(&st, dir, dir_what, FALSE, error)) {
		close(dirfd);
		return -1;
	}
	/* a FIFO or device there is not even opened */
	if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISLNK(st.st_mode)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "cannot open %s %s: not a regular file with a single link",
			    what,
			    path);
		close(dirfd);
		return -1;
	}
	fd = openat(dirfd,
		    base,
		    O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
			extra_flags,
		    mode);
	close(dirfd);
	if (fd < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "cannot open %s %s: %s",
			    what,
			    path,
			    errno == ELOOP ? "a symbolic link, not followed" : g_strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "cannot open %s %s: not a regular file with a single link",
			    what,
			    path);
		close(fd);
		return -1;
	}
	/* as root, for the daemon's user: on the descriptor, so no name can be swapped in */
	if (geteuid() == 0 && (st.st_uid != uid || st.st_gid != gid) && fchown(fd, uid, gid) != 0)
		g_debug("cannot give %s %s to uid %u: %s",
			what,
			path,
			(guint)uid,
			g_strerror(errno));
	return fd;
}
