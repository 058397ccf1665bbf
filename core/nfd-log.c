/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon's log writer.  Records are GLib structured records; the NFD_PLUGIN, NFD_TAP,
 * NFD_MAC and NFD_QUEUE fields are kept as journal fields under systemd and appended as
 * key=value to the line elsewhere, so both `journalctl NFD_TAP=tap7` and grep work.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nfd-log.h"
#include "nfd-safe-file.h"

static NfdLogTarget log_target = NFD_LOG_TARGET_STDERR;
static gchar *log_file_path = NULL;
static FILE *log_file = NULL;
static gboolean log_debug = FALSE;
static uid_t log_file_uid = 0;
static gid_t log_file_gid = 0;
static gboolean writer_installed = FALSE;
static GTimeZone *local_tz = NULL;

static const gchar *
level_name(GLogLevelFlags level)
{
	if (level & G_LOG_LEVEL_ERROR)
		return "ERROR";
	if (level & G_LOG_LEVEL_CRITICAL)
		return "CRITICAL";
	if (level & G_LOG_LEVEL_WARNING)
		return "WARNING";
	if (level & G_LOG_LEVEL_MESSAGE)
		return "MESSAGE";
	if (level & G_LOG_LEVEL_INFO)
		return "INFO";
	return "DEBUG";
}

static GLogWriterOutput
nfd_log_writer(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
	const gchar *domain = NULL;
	const gchar *message = NULL;
	g_autoptr(GString) extra = g_string_new(NULL);
	g_autoptr(GDateTime) now = NULL;
	g_autofree gchar *ts = NULL;
	FILE *out;

	if ((level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)) && !log_debug) {
		/* info is printed by default, debug only with -d or G_MESSAGES_DEBUG */
		for (gsize i = 0; i < n_fields; i++) {
			if (g_strcmp0(fields[i].key, "GLIB_DOMAIN") == 0)
				domain = fields[i].value;
		}
		if ((level & G_LOG_LEVEL_DEBUG) && g_log_writer_default_would_drop(level, domain))
			return G_LOG_WRITER_HANDLED;
	}
	if (log_target == NFD_LOG_TARGET_JOURNAL) {
		if (g_log_writer_journald(level, fields, n_fields, user_data) ==
		    G_LOG_WRITER_HANDLED)
			return G_LOG_WRITER_HANDLED;
	}
	for (gsize i = 0; i < n_fields; i++) {
		if (g_strcmp0(fields[i].key, "GLIB_DOMAIN") == 0)
			domain = fields[i].value;
		else if (g_strcmp0(fields[i].key, "MESSAGE") == 0)
			message = fields[i].value;
		else if (g_str_has_prefix(fields[i].key, "NFD_") && fields[i].length < 0)
			g_string_append_printf(extra,
					       " %s=%s",
					       fields[i].key + 4,
					       (const gchar *)fields[i].value);
	}
	/* one GTimeZone for the process: g_date_time_new_now_local() stats /etc/localtime for
	 * every line (195k syscalls when 65k bindings load) */
	if (local_tz == NULL)
		local_tz = g_time_zone_new_local();
	now = g_date_time_new_now(local_tz);
	ts = g_date_time_format(now, "%Y-%m-%d %H:%M:%S");
	out = log_file != NULL ? log_file : stderr;
	fprintf(out,
		"%s.%03d %-8s %s: %s%s%s\n",
		ts,
		g_date_time_get_microsecond(now) / 1000,
		level_name(level),
		domain != NULL ? domain : "nfdhcpd",
		message != NULL ? message : "",
		extra->len > 0 ? " " : "",
		extra->len > 0 ? extra->str + 1 : "");
	fflush(out);
	return G_LOG_WRITER_HANDLED;
}

NfdLogTarget
nfd_log_get_target(void)
{
	return log_target;
}

/* who the log file belongs to once the daemon is no longer root */
void
nfd_log_set_file_owner(uid_t uid, gid_t gid)
{
	log_file_uid = uid;
	log_file_gid = gid;
}

gboolean
nfd_log_reopen(GError **error)
{
	FILE *f;
	gint fd;

	if (log_target != NFD_LOG_TARGET_FILE || log_file_path == NULL)
		return TRUE;
	/* logrotate moves the file away; reopen by name.  In a directory of root's only, not
	 * following a symlink, given to the daemon's user on the descriptor (nfd-safe-file.h).
	 * After the privilege drop a missing file cannot be created there: logrotate's
	 * "create 0640 <user> adm" (or copytruncate) provides it; until then the old file is
	 * kept. */
	fd = nfd_safe_create_file(log_file_path,
				  "log file",
				  O_APPEND,
				  0640,
				  log_file_uid,
				  log_file_gid,
				  error);
	if (fd < 0)
		return FALSE;
	f = fdopen(fd, "a");
	if (f == NULL) {
		g_set_error(error,
			    G_FILE_ERROR,
			    g_file_error_from_errno(errno),
			    "cannot open log file %s: %s",
			    log_file_path,
			    g_strerror(errno));
		close(fd);
		return FALSE;
	}
	if (log_file != NULL)
		fclose(log_file);
	log_file = f;
	return TRUE;
}

void
nfd_log_setup(NfdLogTarget target, const gchar *file, gboolean debug)
{
	if (target == NFD_LOG_TARGET_AUTO)
		target = g_log_writer_is_journald(fileno(stderr)) ? NFD_LOG_TARGET_JOURNAL
								  : NFD_LOG_TARGET_STDERR;
	log_target = target;
	log_debug = debug;
	if (debug)
		g_log_set_debug_enabled(TRUE);
	g_free(log_file_path);
	log_file_path = g_strdup(file);
	if (target == NFD_LOG_TARGET_FILE) {
		g_autoptr(GError) error = NULL;
		if (!nfd_log_reopen(&error)) {
			log_target = NFD_LOG_TARGET_STDERR;
			g_warning("%s, logging to stderr", error->message);
		}
	}
	/* GLib allows one writer per process: later calls only change the target */
	if (!writer_installed) {
		g_log_set_writer_func(nfd_log_writer, NULL, NULL);
		writer_installed = TRUE;
	}
}

gboolean
nfd_ratelimit_check(NfdRateLimit *rl, guint burst, gint64 interval_us, guint *suppressed)
{
	gint64 now = g_get_monotonic_time();

	*suppressed = 0;
	if (rl->window_start == 0 || now - rl->window_start >= interval_us) {
		*suppressed = rl->suppressed;
		rl->window_start = now;
		rl->count = 0;
		rl->suppressed = 0;
	}
	if (rl->count >= burst) {
		rl->suppressed++;
		return FALSE;
	}
	rl->count++;
	return TRUE;
}
