/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Paths the daemon uses with privileges: the directories it loads modules from, and the
 * pidfile and log file it creates as root (issue 13).
 *
 * A directory is trusted when it is owned by root (or by the user who started the daemon,
 * when that was neither root nor the daemon's own [general] user: a developer's build tree)
 * and writable by no one else.  A file is
 * created in such a directory without following a symlink, checked to be a regular file with
 * a single link, and given to the daemon's user with fchown() on the descriptor, never by
 * name: a daemon that was taken over cannot make the next start as root write or chown
 * another file.
 */
#pragma once

#include <glib.h>
#include <sys/stat.h>
#include <sys/types.h>

/* the user who started the daemon (root in production); set before the privilege drop */
void
nfd_safe_set_trusted_uid(uid_t uid);
/* [general] user's uid: never trusted, even when it started the daemon (systemd's User=) */
void
nfd_safe_set_daemon_uid(uid_t uid);
gboolean
nfd_safe_is_daemon_uid(uid_t uid);
/* the one user besides root whose directories and modules are trusted (root itself when the
 * daemon was started by root or by its own unprivileged user) */
uid_t
nfd_safe_get_trusted_uid(void);

/* @st, the directory @path: owned by root or the trusted user, not writable by group or
 * others; the sticky bit excuses others' write access only when @sticky_ok (a parent, /tmp) */
gboolean
nfd_safe_check_dir_stat(const struct stat *st,
			const gchar *path,
			const gchar *what,
			gboolean sticky_ok,
			GError **error);
/* @dir (strictly) and each of its parents up to "/" (sticky ones allowed), symlinks resolved */
gboolean
nfd_safe_check_dir_path(const gchar *dir, const gchar *what, GError **error);
/* creates (0644, as root) or opens @path for writing in a trusted directory (@what names it
 * in errors), without following a symlink; the file must be regular with one link, and is
 * given to @uid:@gid when we are root; -1 and @error otherwise */
gint
nfd_safe_create_file(const gchar *path,
		     const gchar *what,
		     gint extra_flags,
		     mode_t mode,
		     uid_t uid,
		     gid_t gid,
		     GError **error);
