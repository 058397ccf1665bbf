/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdDaemon: the daemon's life cycle, in the order the issue and design.md §4.6 fix:
 * parse config -> load and init plugins -> daemonize (unless --foreground) -> open queues,
 * link monitor and binding backend -> drop privileges -> start plugins -> main loop; SIGTERM/SIGINT
 * stop, SIGHUP reload, SIGUSR1 dump.
 */
#pragma once

#include "nfd-generation.h"
#include "nfd-inject.h"
#include "nfd-queue.h"

typedef struct _NfdDaemon NfdDaemon;

typedef struct {
	const gchar *config_path;
	const gchar *const *plugin_dirs;
	const gchar *const *backend_dirs;
	gboolean foreground;
	gboolean debug;
} NfdDaemonOptions;

NfdDaemon *
nfd_daemon_new(const NfdDaemonOptions *options);
void
nfd_daemon_free(NfdDaemon *self);
gboolean
nfd_daemon_load(NfdDaemon *self, GError **error);
gchar *
nfd_daemon_describe(NfdDaemon *self);
gchar *
nfd_daemon_list_claims(NfdDaemon *self);
GPtrArray *
nfd_daemon_get_warnings(NfdDaemon *self);
gboolean
nfd_daemon_daemonize(NfdDaemon *self, GError **error);
void
nfd_daemon_set_injector(NfdDaemon *self, NfdInjector *injector);
void
nfd_daemon_set_queue_ops(NfdDaemon *self, NfdQueueOps *ops);
gboolean
nfd_daemon_setup(NfdDaemon *self, GError **error);
gboolean
nfd_daemon_make_logdir(NfdDaemon *self, GError **error);
gboolean
nfd_daemon_drop_privileges(NfdDaemon *self, GError **error);
gboolean
nfd_daemon_start(NfdDaemon *self, GError **error);
gint
nfd_daemon_run(NfdDaemon *self);
gboolean
nfd_daemon_reload(NfdDaemon *self, GError **error);
gchar *
nfd_daemon_dump(NfdDaemon *self);
const gchar *
nfd_daemon_get_logfile(NfdDaemon *self);
const gchar *
nfd_daemon_get_log_target(NfdDaemon *self);
NfdGenerationHost *
nfd_daemon_get_host(NfdDaemon *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdDaemon, nfd_daemon_free)
