/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The directory binding backend: one GRNET binding file per tap in a directory
 * ([binding-backend:directory] path, GRNET's [general] datapath, default /var/lib/nfdhcpd),
 * the file name being the tap.  The backend reads files; the core parses them
 * (nfd_binding_sink_upsert_text(), the parser of `nfdhcpd --check-bindings`).
 *
 * open() watches the directory with inotify, then hands every file to the store as one full
 * listing (begin_resync .. end_resync).  After that, one event changes one binding:
 *  - IN_CLOSE_WRITE (the hooks' `cat > tap7`) and IN_MOVED_TO (write tap7.tmp, rename to tap7)
 *    reload that file and upsert it;
 *  - IN_DELETE and IN_MOVED_FROM remove it;
 *  - IN_Q_OVERFLOW rescans everything and replaces the whole set, so vanished files are pruned;
 *  - IN_DELETE_SELF / IN_MOVE_SELF / IN_UNMOUNT (the directory went away or was replaced): the
 *    bindings stay in force while a timer polls for the path, which is then re-watched and
 *    rescanned.
 * Events of one read() are coalesced per file name, so "rm -f tap7; cat > tap7" arriving
 * together is one change rather than a removal and an addition.  The records of a read() are
 * walked by the pure NfdInotifyWalker (nfd-inotify-walk.c, fuzzed).
 *
 * A file that fails to parse or to read is reported through the sink, with the file path,
 * line and key (the store logs each distinct problem once); the binding last loaded from
 * that file stays in force (the Python original kept it silently, docs/original.md §9.1
 * item 13).  Hidden, temporary and editor files are skipped
 * (nfd_binding_file_name_is_ignored()), as are subdirectories.
 *
 * The directory is written by another program and read after the daemon dropped root (issue
 * 13).  It must be a real directory (not a symlink), owned by root or the daemon's user and
 * writable by no one else: not by others (not even with the sticky bit), and by its group only
 * when that is root's or the daemon's; its parents must not let anyone else swap it (the
 * sticky /tmp is fine there).  Anything else is refused, naming the path, owner and mode, at
 * open, on every rescan (SIGHUP) and when the directory comes back.  Only regular files are
 * read: what readdir() or fstatat() (not following links) says is a symlink, FIFO, device or
 * socket is reported and never opened, and the open itself does not follow links
 * (O_NOFOLLOW), does not block (O_NONBLOCK) and is checked with fstat() before any read.  A
 * file larger than 16 KiB is refused without reading it (the core's cap,
 * NFD_BINDING_TEXT_MAX).  The watch does not follow a symlink put in the directory's place
 * (IN_DONT_FOLLOW).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <limits.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nfd-binding-backend.h"
#include "nfd-binding-directory.h"
#include "nfd-inotify-walk.h"

#define NFD_BINDING_DIRECTORY_DEFAULT_PATH "/var/lib/nfdhcpd"
#define NFD_BINDING_DIRECTORY_RETRY_MS 500
/* a binding file is a dozen short lines; anything larger than the core's cap on a binding
 * (NFD_BINDING_TEXT_MAX, core/nfd-binding-private.h) is refused without being read */
#define NFD_BINDING_FILE_MAX_SIZE (16 * 1024)
#define NFD_BINDING_DIRECTORY_MASK                                                   \
	(IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | IN_DELETE_SELF | \
	 IN_MOVE_SELF | IN_Q_OVERFLOW | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK)

typedef struct {
	NfdBindingSink *sink;
	gchar *path;
	gint fd;
	gint wd;
	guint fd_source;
	guint retry_source;
	gboolean warned_missing;
	gchar *refused; /* why the directory was last refused while waiting for it */
	/* whether open(O_NOATIME) is still worth trying */
	gboolean noatime;
	/* for status(): what the backend did */
	guint n_files;	    /* binding files in the last full scan */
	guint64 n_scans;    /* full scans */
	guint64 n_changes;  /* files (re)read or removed after an inotify event */
	guint64 n_bad;	    /* files that could not be read or parsed */
	gint64 last_change; /* wall clock of the last scan or change, µs */
	/* 64 KiB holds several hundred events; aligned for struct inotify_event */
	guint8 buf[65536] __attribute__((aligned(__alignof__(struct inotify_event))));
} NfdBindingDirectory;

typedef enum {
	NFD_READ_OK,
	NFD_READ_GONE,
	NFD_READ_ERROR,
} NfdReadResult;

static void
nfd_binding_directory_stop(NfdBindingDirectory *self)
{
	g_clear_handle_id(&self->fd_source, g_source_remove);
	g_clear_handle_id(&self->retry_source, g_source_remove);
	if (self->fd >= 0) {
		/* closing the inotify instance removes its watches */
		close(self->fd);
		self->fd = -1;
	}
	self->wd = -1;
}

static void
nfd_binding_directory_free(NfdBindingDirectory *self)
{
	nfd_binding_directory_stop(self);
	g_free(self->path);
	g_free(self->refused);
	g_free(self);
}

/* what a file that is not a regular one is, for the report */
static const gchar *
file_type_name(mode_t mode)
{
	if (S_ISLNK(mode))
		return "a symbolic link";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

static NfdReadResult
not_regular(const gchar *name, mode_t mode, GError **error)
{
	g_set_error(error,
		    NFD_ERROR,
		    NFD_ERROR_IO,
		    "%s: %s, not a regular file: not read",
		    name,
		    file_type_name(mode));
	return NFD_READ_ERROR;
}

static NfdReadResult
too_large(const gchar *name, goffset size, GError **error)
{
	g_set_error(error,
		    NFD_ERROR,
		    NFD_ERROR_IO,
		    "%s: %" G_GINT64_FORMAT " bytes, more than the %u a binding file may have",
		    name,
		    (gint64)size,
		    (guint)NFD_BINDING_FILE_MAX_SIZE);
	return NFD_READ_ERROR;
}

/* opens @name relative to @dirfd (AT_FDCWD for a full path) without following a symlink or
 * blocking on a FIFO; -1 with errno */
static gint
nfd_binding_directory_open_file(NfdBindingDirectory *self, gint dirfd, const gchar *name)
{
	const gint flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW;
	gint fd = -1;

	/* no access-time update (an inode write per file on relatime mounts, as the files are
	 * newer than their atime): allowed for the files' owner or with CAP_FOWNER; EPERM once
	 * means EPERM from then on */
	if (self->noatime) {
		fd = openat(dirfd, name, flags | O_NOATIME);
		if (fd < 0 && errno == EPERM)
			self->noatime = FALSE;
	}
	if (fd < 0 && !self->noatime)
		fd = openat(dirfd, name, flags);
	return fd;
}

/* reads @name relative to @dirfd (AT_FDCWD for a full path): only a regular file, at most
 * NFD_BINDING_FILE_MAX_SIZE bytes.  During a scan readdir()'s d_type already said "regular
 * file" (@is_regular); otherwise fstatat() looks first without following or opening, so that
 * a symlink, FIFO or device named like a tap is never opened.  The open file is checked with
 * fstat() before anything is read from it (it may have been swapped since). */
static NfdReadResult
nfd_binding_directory_read(NfdBindingDirectory *self,
			   gint dirfd,
			   const gchar *name,
			   gboolean is_regular,
			   gchar **data,
			   gsize *len,
			   GError **error)
{
	g_autofree gchar *buf = NULL;
	struct stat st;
	gsize size;
	gsize got = 0;
	gint fd;

	if (!is_regular) {
		if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			if (errno == ENOENT || errno == ENOTDIR)
				return NFD_READ_GONE;
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_IO,
				    "%s: %s",
				    name,
				    g_strerror(errno));
			return NFD_READ_ERROR;
		}
		if (S_ISDIR(st.st_mode))
			return NFD_READ_GONE;
		if (!S_ISREG(st.st_mode))
			return not_regular(name, st.st_mode, error);
	}
	fd = nfd_binding_directory_open_file(self, dirfd, name);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return NFD_READ_GONE;
		/* O_NOFOLLOW: a symlink was put there since we looked */
		if (errno == ELOOP)
			return not_regular(name, S_IFLNK, error);
		g_set_error(error, NFD_ERROR, NFD_ERROR_IO, "%s: %s", name, g_strerror(errno));
		return NFD_READ_ERROR;
	}
	if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		close(fd);
		return NFD_READ_GONE;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return not_regular(name, st.st_mode, error);
	}
	if (st.st_size > NFD_BINDING_FILE_MAX_SIZE) {
		close(fd);
		return too_large(name, st.st_size, error);
	}
	/* one byte more than the file had, so a short read() is its end; a file that grew
	 * meanwhile takes more reads, up to one byte past the cap */
	size = (gsize)st.st_size + 1;
	buf = g_malloc(size + 1);
	for (;;) {
		gssize n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_IO,
				    "%s: %s",
				    name,
				    g_strerror(errno));
			close(fd);
			return NFD_READ_ERROR;
		}
		got += (gsize)n;
		if (got < size)
			break;
		if (got > NFD_BINDING_FILE_MAX_SIZE) {
			close(fd);
			return too_large(name, (goffset)got, error);
		}
		size = MIN(size * 2, (gsize)NFD_BINDING_FILE_MAX_SIZE + 1);
		buf = g_realloc(buf, size + 1);
	}
	close(fd);
	buf[got] = '\0';
	*len = got;
	*data = g_steal_pointer(&buf);
	return NFD_READ_OK;
}

/* reads one file, through @dirfd (an open descriptor of the directory during a scan, or -1)
 * and hands it to the store; FALSE when it is gone (or a directory), TRUE when it is there,
 * good or bad (a bad one keeps its previous binding and is reported) */
static gboolean
nfd_binding_directory_load(NfdBindingDirectory *self,
			   gint dirfd,
			   const gchar *tap,
			   gboolean is_regular)
{
	g_autofree gchar *fn = g_build_filename(self->path, tap, NULL);
	g_autofree gchar *data = NULL;
	g_autoptr(GError) error = NULL;
	gsize len = 0;

	switch (nfd_binding_directory_read(self,
					   dirfd < 0 ? AT_FDCWD : dirfd,
					   dirfd < 0 ? fn : tap,
					   is_regular,
					   &data,
					   &len,
					   &error)) {
	case NFD_READ_GONE:
		return FALSE;
	case NFD_READ_ERROR:
		if (dirfd >= 0)
			g_prefix_error(&error, "%s/", self->path);
		self->n_bad++;
		nfd_binding_sink_report_error(self->sink, tap, error);
		return TRUE;
	case NFD_READ_OK:
	default:
		break;
	}
	if (!nfd_binding_sink_upsert_text(self->sink, tap, data, len, fn, &error)) {
		self->n_bad++;
		nfd_binding_sink_report_error(self->sink, tap, error);
	}
	return TRUE;
}

/* why a directory on the binding path lets someone else than root and the daemon's user
 * change what is in it (NULL: it does not).  @itself: the binding directory, else one of its
 * parents, where the sticky bit (/tmp) keeps others from renaming what they do not own. */
static const gchar *
unsafe_reason(const struct stat *st, gboolean itself, gchar **owned_by)
{
	gboolean guarded = !itself && (st->st_mode & S_ISVTX) != 0;

	if (st->st_uid != 0 && st->st_uid != geteuid()) {
		*owned_by = g_strdup_printf("owned by uid %u", (guint)st->st_uid);
		return *owned_by;
	}
	if ((st->st_mode & S_IWOTH) && !guarded)
		return "writable by others";
	if ((st->st_mode & S_IWGRP) && st->st_gid != 0 && st->st_gid != getegid() && !guarded) {
		*owned_by = g_strdup_printf("writable by group %u", (guint)st->st_gid);
		return *owned_by;
	}
	return NULL;
}

static void
set_unsafe_error(GError **error,
		 const gchar *path,
		 const gchar *parent,
		 const gchar *why,
		 const struct stat *st)
{
	g_set_error(error,
		    NFD_ERROR,
		    NFD_ERROR_IO,
		    "binding directory %s: %s%s%s%s (owner %u, group %u, mode %04o); it must be "
		    "writable only by root and the daemon's user (uid %u, gid %u)",
		    path,
		    parent != NULL ? "its parent " : "",
		    parent != NULL ? parent : "",
		    parent != NULL ? " is " : "",
		    why,
		    (guint)st->st_uid,
		    (guint)st->st_gid,
		    (guint)(st->st_mode & 07777),
		    (guint)geteuid(),
		    (guint)getegid());
}

/* the parents of @path, as the kernel walks them (symlinks resolved) up to "/" */
static gboolean
nfd_binding_directory_check_parents(const gchar *path, GError **error)
{
	g_autofree gchar *dir = g_path_get_dirname(path);
	g_autofree gchar *real = realpath(dir, NULL);
	g_autofree gchar *cur = NULL;

	if (real == NULL) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "binding directory %s: %s: %s",
			    path,
			    dir,
			    g_strerror(errno));
		return FALSE;
	}
	cur = g_strdup(real);
	for (;;) {
		g_autofree gchar *owned_by = NULL;
		g_autofree gchar *up = NULL;
		struct stat st;
		const gchar *why;

		if (lstat(cur, &st) != 0) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_IO,
				    "binding directory %s: %s: %s",
				    path,
				    cur,
				    g_strerror(errno));
			return FALSE;
		}
		why = unsafe_reason(&st, FALSE, &owned_by);
		if (why != NULL) {
			set_unsafe_error(error, path, cur, why, &st);
			return FALSE;
		}
		up = g_path_get_dirname(cur);
		if (g_strcmp0(up, cur) == 0)
			return TRUE;
		g_free(cur);
		cur = g_steal_pointer(&up);
	}
}

/* opens the binding directory for a scan, once it is checked (see the top of this file) */
static gint
nfd_binding_directory_open_dir(NfdBindingDirectory *self, GError **error)
{
	g_autofree gchar *owned_by = NULL;
	const gchar *why;
	struct stat st;
	gint fd;

	if (lstat(self->path, &st) == 0 && S_ISLNK(st.st_mode)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "binding directory %s: a symbolic link, not followed; configure the "
			    "directory itself",
			    self->path);
		return -1;
	}
	fd = open(self->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0) {
		gint saved = errno;
		if (fd >= 0)
			close(fd);
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "binding directory: %s: %s%s",
			    self->path,
			    g_strerror(saved),
			    saved == EACCES
				? " (the daemon reads its bindings after dropping root: "
				  "the directory must be readable by its user)"
				: "");
		return -1;
	}
	why = unsafe_reason(&st, TRUE, &owned_by);
	/* with a POSIX ACL the group bits are its mask: named users or groups may write */
	if (why == NULL && (st.st_mode & S_IWGRP) &&
	    fgetxattr(fd, "system.posix_acl_access", NULL, 0) >= 0)
		why = "given to others by a POSIX ACL";
	if (why != NULL) {
		set_unsafe_error(error, self->path, NULL, why, &st);
		close(fd);
		return -1;
	}
	if (!nfd_binding_directory_check_parents(self->path, error)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* the whole directory into the store, as one full listing */
static gboolean
nfd_binding_directory_scan(NfdBindingDirectory *self, GError **error)
{
	struct dirent *de;
	DIR *dir;
	gint dirfd;
	guint n = 0;

	/* one descriptor for listing and for openat(): no path walk per file */
	dirfd = nfd_binding_directory_open_dir(self, error);
	if (dirfd < 0)
		return FALSE;
	dir = fdopendir(dirfd);
	if (dir == NULL) {
		gint saved = errno;
		close(dirfd);
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "binding directory: %s: %s",
			    self->path,
			    g_strerror(saved));
		return FALSE;
	}
	nfd_binding_sink_begin_resync(self->sink);
	while ((de = readdir(dir)) != NULL) {
		/* "." and ".." are hidden names; subdirectories read as gone */
		if (nfd_binding_file_name_is_ignored(de->d_name))
			continue;
		if (nfd_binding_directory_load(self, dirfd, de->d_name, de->d_type == DT_REG))
			n++;
	}
	nfd_binding_sink_end_resync(self->sink);
	/* closes dirfd too */
	closedir(dir);
	self->n_files = n;
	self->n_scans++;
	self->last_change = g_get_real_time();
	g_debug("%s: %u binding files", self->path, n);
	return TRUE;
}

static gboolean
nfd_binding_directory_watch(NfdBindingDirectory *self, GError **error)
{
	struct stat st;
	gint wd;

	/* IN_DONT_FOLLOW would make it ENOTDIR, "waiting for it": say what it is */
	if (lstat(self->path, &st) == 0 && S_ISLNK(st.st_mode)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "binding directory %s: a symbolic link, not followed; configure the "
			    "directory itself",
			    self->path);
		return FALSE;
	}
	wd = inotify_add_watch(self->fd, self->path, NFD_BINDING_DIRECTORY_MASK);
	if (wd < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    errno == ENOENT || errno == ENOTDIR ? NFD_ERROR_NOT_SUPPORTED
								: NFD_ERROR_IO,
			    "binding directory %s: %s",
			    self->path,
			    g_strerror(errno));
		return FALSE;
	}
	self->wd = wd;
	return TRUE;
}

static gboolean
nfd_binding_directory_retry_cb(gpointer user_data)
{
	NfdBindingDirectory *self = user_data;
	g_autoptr(GError) error = NULL;

	/* a directory that came back unsafe is not watched: it is checked again next time */
	if (!nfd_binding_directory_watch(self, &error) ||
	    !nfd_binding_directory_scan(self, &error)) {
		if (self->wd >= 0) {
			inotify_rm_watch(self->fd, self->wd);
			self->wd = -1;
		}
		/* missing: said once; there but refused: said once per reason */
		if (g_error_matches(error, NFD_ERROR, NFD_ERROR_NOT_SUPPORTED)) {
			if (!self->warned_missing)
				g_warning("%s; waiting for it", error->message);
			self->warned_missing = TRUE;
		} else if (g_strcmp0(self->refused, error->message) != 0) {
			g_warning("%s; waiting for it", error->message);
			g_free(self->refused);
			self->refused = g_strdup(error->message);
		}
		return G_SOURCE_CONTINUE;
	}
	self->retry_source = 0;
	self->warned_missing = FALSE;
	g_clear_pointer(&self->refused, g_free);
	g_message("binding directory %s is back and rescanned", self->path);
	return G_SOURCE_REMOVE;
}

static void
nfd_binding_directory_lost(NfdBindingDirectory *self)
{
	if (self->wd >= 0) {
		/* after IN_MOVE_SELF the watch follows the old directory: drop it */
		inotify_rm_watch(self->fd, self->wd);
		self->wd = -1;
	}
	if (self->retry_source == 0) {
		g_warning("binding directory %s went away; keeping its bindings until it is back",
			  self->path);
		self->warned_missing = TRUE;
		self->retry_source = g_timeout_add(NFD_BINDING_DIRECTORY_RETRY_MS,
						   nfd_binding_directory_retry_cb,
						   self);
	}
}

/**
 * nfd_binding_directory_process_events:
 * @backend: the directory backend
 * @buf: struct inotify_event records, as read() from the inotify descriptor returns them
 * @len: length of @buf
 *
 * Applies one batch of inotify events (see the top of this file).
 */
void
nfd_binding_directory_process_events(NfdBindingBackend *backend, const guint8 *buf, gsize len)
{
	NfdBindingDirectory *self = nfd_binding_backend_get_data(backend);
	g_autoptr(GHashTable) pending =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GHashTableIter iter;
	gpointer key, value;
	gboolean overflow = FALSE;
	gboolean lost = FALSE;
	NfdInotifyWalker walker;
	NfdInotifyEvent ev;

	nfd_inotify_walker_init(&walker, buf, len);
	while (nfd_inotify_walker_next(&walker, &ev)) {
		/* inotify(7): the queue overflowed and events were lost; wd is -1 */
		if (ev.mask & IN_Q_OVERFLOW) {
			overflow = TRUE;
			continue;
		}
		if (ev.wd != self->wd || self->wd < 0)
			continue;
		if (ev.mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT | IN_IGNORED)) {
			lost = TRUE;
			continue;
		}
		if (ev.name == NULL || (ev.mask & IN_ISDIR))
			continue;
		if (nfd_binding_file_name_is_ignored(ev.name))
			continue;
		if (ev.mask & (IN_CLOSE_WRITE | IN_MOVED_TO))
			g_hash_table_replace(pending, g_strdup(ev.name), GINT_TO_POINTER(TRUE));
		else if (ev.mask & (IN_DELETE | IN_MOVED_FROM))
			g_hash_table_replace(pending, g_strdup(ev.name), GINT_TO_POINTER(FALSE));
	}

	if (overflow && !lost && self->wd >= 0) {
		g_autoptr(GError) error = NULL;
		g_message("inotify queue overflow: rescanning %s", self->path);
		if (!nfd_binding_directory_scan(self, &error))
			g_warning("%s", error->message);
	} else {
		/* the file's state now decides, whatever the order of its events was; a file
		 * gone before we read it gets its IN_DELETE / IN_MOVED_FROM later */
		g_hash_table_iter_init(&iter, pending);
		while (g_hash_table_iter_next(&iter, &key, &value)) {
			self->n_changes++;
			self->last_change = g_get_real_time();
			if (GPOINTER_TO_INT(value))
				nfd_binding_directory_load(self, -1, key, FALSE);
			else
				nfd_binding_sink_remove(self->sink, key);
		}
	}
	if (lost)
		nfd_binding_directory_lost(self);
}

static gboolean
nfd_binding_directory_fd_cb(gint fd, GIOCondition condition, gpointer user_data)
{
	NfdBindingBackend *backend = user_data;
	NfdBindingDirectory *self = nfd_binding_backend_get_data(backend);

	for (;;) {
		gssize n = read(fd, self->buf, sizeof(self->buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		nfd_binding_directory_process_events(backend, self->buf, (gsize)n);
		/* processing may have stopped the backend */
		if (self->fd < 0)
			return G_SOURCE_REMOVE;
	}
	return G_SOURCE_CONTINUE;
}

/* [binding-backend:directory] path: absolute, and a tap's file name (at most 15 characters,
 * IFNAMSIZ - 1) must fit after it within PATH_MAX */
static const gchar *
nfd_binding_directory_config_path(const NfdConfigSection *config, GError **error)
{
	const gchar *path =
	    nfd_config_section_get_string(config, "path", NFD_BINDING_DIRECTORY_DEFAULT_PATH);
	g_autofree gchar *where = NULL;

	if (path != NULL && g_path_is_absolute(path) &&
	    strlen(path) + 1 + (IFNAMSIZ - 1) < PATH_MAX)
		return path;
	where = nfd_config_section_describe_key(config, "path");
	if (path == NULL || !g_path_is_absolute(path))
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "%s: '%s' is not an absolute path",
			    where,
			    path != NULL ? path : "");
	else
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "%s: '%.40s...' is longer than %u characters",
			    where,
			    path,
			    (guint)(PATH_MAX - 1 - IFNAMSIZ));
	return NULL;
}

static gboolean
nfd_binding_directory_check(NfdBindingBackend *backend,
			    const NfdConfigSection *config,
			    GError **error)
{
	return nfd_binding_directory_config_path(config, error) != NULL;
}

static gboolean
nfd_binding_directory_open(NfdBindingBackend *backend,
			   const NfdConfigSection *config,
			   NfdBindingSink *sink,
			   GError **error)
{
	NfdBindingDirectory *self = g_new0(NfdBindingDirectory, 1);
	g_autoptr(GError) error_local = NULL;
	const gchar *path = nfd_binding_directory_config_path(config, error);

	self->sink = sink;
	self->fd = -1;
	self->wd = -1;
	self->noatime = TRUE;
	nfd_binding_backend_set_data(backend, self, (GDestroyNotify)nfd_binding_directory_free);

	if (path == NULL)
		return FALSE;
	self->path = g_strdup(path);
	self->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (self->fd < 0) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_IO, "inotify_init1: %s", g_strerror(errno));
		return FALSE;
	}
	self->fd_source = g_unix_fd_add(self->fd, G_IO_IN, nfd_binding_directory_fd_cb, backend);

	/* watch first, then scan: a file written in between is seen twice, never missed */
	if (!nfd_binding_directory_watch(self, &error_local)) {
		if (!g_error_matches(error_local, NFD_ERROR, NFD_ERROR_NOT_SUPPORTED)) {
			g_propagate_error(error, g_steal_pointer(&error_local));
			return FALSE;
		}
		/* the VM manager may create it later (e.g. on a tmpfs); serve nothing until then */
		g_warning("%s; waiting for it", error_local->message);
		self->warned_missing = TRUE;
		self->retry_source = g_timeout_add(NFD_BINDING_DIRECTORY_RETRY_MS,
						   nfd_binding_directory_retry_cb,
						   self);
		return TRUE;
	}
	return nfd_binding_directory_scan(self, error);
}

static gboolean
nfd_binding_directory_rescan(NfdBindingBackend *backend, GError **error)
{
	NfdBindingDirectory *self = nfd_binding_backend_get_data(backend);

	if (self == NULL || self->fd < 0) {
		g_set_error_literal(error, NFD_ERROR, NFD_ERROR_FAILED, "backend is not open");
		return FALSE;
	}
	if (self->wd < 0) {
		if (!nfd_binding_directory_watch(self, error))
			return FALSE;
		if (!nfd_binding_directory_scan(self, error)) {
			/* unsafe or unreadable: not watched, the retry timer goes on */
			inotify_rm_watch(self->fd, self->wd);
			self->wd = -1;
			return FALSE;
		}
		g_clear_handle_id(&self->retry_source, g_source_remove);
		self->warned_missing = FALSE;
		return TRUE;
	}
	return nfd_binding_directory_scan(self, error);
}

static void
nfd_binding_directory_close(NfdBindingBackend *backend)
{
	NfdBindingDirectory *self = nfd_binding_backend_get_data(backend);

	if (self != NULL)
		nfd_binding_directory_stop(self);
}

/* SDK 1.1: what `nfdhcpctl status` shows of the backend */
static void
nfd_binding_directory_status(NfdBindingBackend *backend, NfdFields *out)
{
	NfdBindingDirectory *self = nfd_binding_backend_get_data(backend);
	g_autoptr(GDateTime) when = NULL;
	g_autofree gchar *text = NULL;

	if (self == NULL)
		return;
	nfd_fields_add(out, "path", "%s", self->path != NULL ? self->path : "-");
	nfd_fields_add(out,
		       "state",
		       "%s",
		       self->fd < 0		 ? "closed"
		       : self->retry_source != 0 ? "waiting for the directory to appear"
		       : self->wd >= 0		 ? "watching (inotify)"
						 : "not watching");
	nfd_fields_add(out, "files", "%u", self->n_files);
	nfd_fields_add(out, "full scans", "%" G_GUINT64_FORMAT, self->n_scans);
	nfd_fields_add(out, "changes", "%" G_GUINT64_FORMAT, self->n_changes);
	nfd_fields_add(out, "bad files", "%" G_GUINT64_FORMAT, self->n_bad);
	if (self->last_change != 0) {
		when = g_date_time_new_from_unix_local(self->last_change / G_USEC_PER_SEC);
		text = g_date_time_format_iso8601(when);
		nfd_fields_add(out, "last change", "%s", text);
	}
}

static const gchar *const nfd_binding_directory_keys[] = {"path", NULL};

/* GRNET's [general] datapath (original.md §2.1) is the directory */
static const NfdConfigAlias nfd_binding_directory_legacy_keys[] = {
    {"general", "datapath", "path"},
    {NULL, NULL, NULL},
};

NFD_BINDING_BACKEND_DEFINE(
    directory,
    .description = "GRNET binding files in a directory, watched with inotify",
    .version = NFD_PACKAGE_VERSION,
    .origin = "nfdhcpd",
    .config_keys = nfd_binding_directory_keys,
    .status = nfd_binding_directory_status,
    .legacy_keys = nfd_binding_directory_legacy_keys,
    .open = nfd_binding_directory_open,
    .rescan = nfd_binding_directory_rescan,
    .close = nfd_binding_directory_close,
    .check = nfd_binding_directory_check);
