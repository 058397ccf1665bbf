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
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <limits.h>
#include <net/if.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nfd-binding-backend.h"
#include "nfd-binding-directory.h"
#include "nfd-inotify-walk.h"

#define NFD_BINDING_DIRECTORY_DEFAULT_PATH "/var/lib/nfdhcpd"
#define NFD_BINDING_DIRECTORY_RETRY_MS 500
/* a binding file is a dozen short lines; anything this large is not one */
#define NFD_BINDING_FILE_MAX_SIZE (64 * 1024)
#define NFD_BINDING_DIRECTORY_MASK                                                   \
	(IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | IN_DELETE_SELF | \
	 IN_MOVE_SELF | IN_Q_OVERFLOW | IN_ONLYDIR | IN_EXCL_UNLINK)

typedef struct {
	NfdBindingSink *sink;
	gchar *path;
	gint fd;
	gint wd;
	guint fd_source;
	guint retry_source;
	gboolean warned_missing;
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
	g_free(self);
}

/* reads @name relative to @dirfd (AT_FDCWD for a full path); one open, fstat and, for a file
 * of a few hundred bytes, one read(): at 65k files the initial scan is system-call bound */
static NfdReadResult
nfd_binding_directory_read(NfdBindingDirectory *self,
			   gint dirfd,
			   const gchar *name,
			   gboolean is_regular,
			   gchar **data,
			   gsize *len,
			   GError **error)
{
	/* O_NONBLOCK: a FIFO dropped into the directory must not hang the daemon */
	const gint flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	g_autofree gchar *buf = NULL;
	struct stat st;
	gsize size;
	gsize got = 0;
	gint fd = -1;

	/* no access-time update (an inode write per file on relatime mounts, as the files are
	 * newer than their atime): allowed for the files' owner or with CAP_FOWNER, i.e. at
	 * start-up as root; EPERM once means EPERM from then on */
	if (self->noatime) {
		fd = openat(dirfd, name, flags | O_NOATIME);
		if (fd < 0 && errno == EPERM)
			self->noatime = FALSE;
	}
	if (fd < 0)
		fd = openat(dirfd, name, flags);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return NFD_READ_GONE;
		g_set_error(error, NFD_ERROR, NFD_ERROR_IO, "%s: %s", name, g_strerror(errno));
		return NFD_READ_ERROR;
	}
	/* readdir()'s d_type already said "regular file" during a scan: no fstat() then, and a
	 * file replaced by something else since is caught by read() (EISDIR) or the parser */
	if (is_regular) {
		size = 4096;
	} else {
		if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
			close(fd);
			return NFD_READ_GONE;
		}
		if (!S_ISREG(st.st_mode)) {
			close(fd);
			g_set_error(error, NFD_ERROR, NFD_ERROR_IO, "%s: not a regular file", name);
			return NFD_READ_ERROR;
		}
		/* one byte more than the file had, so a short read() is the end of a regular
		 * file; a file that grew meanwhile just takes more reads */
		size = MIN((gsize)st.st_size, (gsize)NFD_BINDING_FILE_MAX_SIZE) + 1;
	}
	buf = g_malloc(size + 1);
	for (;;) {
		gssize n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EISDIR) {
			close(fd);
			return NFD_READ_GONE;
		}
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
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_IO,
				    "%s: larger than %u bytes, not a binding file",
				    name,
				    (guint)NFD_BINDING_FILE_MAX_SIZE);
			close(fd);
			return NFD_READ_ERROR;
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

/* the whole directory into the store, as one full listing */
static gboolean
nfd_binding_directory_scan(NfdBindingDirectory *self, GError **error)
{
	struct dirent *de;
	DIR *dir;
	gint dirfd;
	guint n = 0;

	/* one descriptor for listing and for openat(): no path walk per file */
	dirfd = open(self->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	dir = dirfd >= 0 ? fdopendir(dirfd) : NULL;
	if (dir == NULL) {
		gint saved = errno;
		if (dirfd >= 0)
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
	gint wd = inotify_add_watch(self->fd, self->path, NFD_BINDING_DIRECTORY_MASK);

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
	self->warned_missing = FALSE;
	return TRUE;
}

static gboolean
nfd_binding_directory_retry_cb(gpointer user_data)
{
	NfdBindingDirectory *self = user_data;
	g_autoptr(GError) error = NULL;

	if (!nfd_binding_directory_watch(self, &error)) {
		if (!self->warned_missing) {
			g_warning("%s; waiting for it", error->message);
			self->warned_missing = TRUE;
		}
		return G_SOURCE_CONTINUE;
	}
	self->retry_source = 0;
	g_message("binding directory %s is back, rescanning", self->path);
	if (!nfd_binding_directory_scan(self, &error))
		g_warning("%s", error->message);
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
		g_clear_handle_id(&self->retry_source, g_source_remove);
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
