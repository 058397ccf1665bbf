/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Logging: the structured log writer (journald when stderr is the journal, a log file in
 * daemon mode, else stderr), debug switching, and a small rate limiter for warnings caused by
 * untrusted input, so a flood of bad packets cannot flood the log.
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

typedef enum {
	NFD_LOG_TARGET_AUTO,
	NFD_LOG_TARGET_STDERR,
	NFD_LOG_TARGET_JOURNAL,
	NFD_LOG_TARGET_FILE,
} NfdLogTarget;

void
nfd_log_setup(NfdLogTarget target, const gchar *file, gboolean debug);
gboolean
nfd_log_reopen(GError **error);
void
nfd_log_set_file_owner(uid_t uid, gid_t gid);
/* where the log goes: FILE only when the log file could be opened */
NfdLogTarget
nfd_log_get_target(void);

typedef struct {
	gint64 window_start;
	guint count;
	guint suppressed;
} NfdRateLimit;

/* at most @burst messages per @interval_us; returns FALSE when the message must be dropped */
gboolean
nfd_ratelimit_check(NfdRateLimit *rl, guint burst, gint64 interval_us, guint *suppressed);

#define NFD_RATELIMIT_BURST 10
#define NFD_RATELIMIT_INTERVAL_US (5 * G_USEC_PER_SEC)
