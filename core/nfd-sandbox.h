/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What confines the daemon after the privilege drop besides its uid and two capabilities
 * (issue 13): no_new_privs, and a seccomp filter that allows only the system calls the daemon
 * makes (libseccomp, meson feature 'seccomp'), for every thread, so that a host without
 * systemd's SystemCallFilter= is confined too.  [general] seccomp = yes (the default: a call
 * outside the list kills the process), log (it is allowed and logged by the kernel: for
 * finding a missing call) or no.
 */
#pragma once

#include <glib.h>

typedef enum {
	NFD_SECCOMP_ON,
	NFD_SECCOMP_LOG,
	NFD_SECCOMP_OFF,
} NfdSeccompMode;

/* yes/no and their usual spellings, or "log"; FALSE for anything else */
gboolean
nfd_sandbox_parse_mode(const gchar *value, NfdSeccompMode *mode);
/* whether this build has the filter (libseccomp) */
gboolean
nfd_sandbox_has_seccomp(void);
/* the threads of the process (/proc/self/task), 0 if unknown */
guint
nfd_sandbox_count_threads(void);
/* sets no_new_privs, then installs the filter on every thread of the process */
gboolean
nfd_sandbox_enter(NfdSeccompMode mode, GError **error);
