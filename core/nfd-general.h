/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdGeneral: the daemon's own [general] keys, read and validated once per generation.
 *
 * nfd_general_load() checks what the values say (a unicast router-mac, absolute paths that fit
 * PATH_MAX, a known log target, ...); nfd_general_check_host() checks them against this host
 * (the user exists, the log and pidfile directories exist or can be created), which matters
 * at start-up and for --check-config, not on a reload.  Both add one message per problem,
 * each naming the file, line, group and key as the user wrote them.
 */
#pragma once

#include "nfd-config-private.h"
#include "nfd-queue.h"
#include "nfd-sandbox.h"
#include "nfd-token-bucket.h"

typedef struct {
	gchar *binding_backend;
	gchar *user;
	gchar *pidfile; /* NULL: none */
	gchar *logdir;	/* NULL: none */
	gchar *logfile; /* logdir/nfdhcpd.log, or NULL */
	gchar *log;	/* auto, stderr, journal or file */
	guint8 router_mac[6];
	gboolean has_router_mac;
	gboolean mac_fallback;
	NfdQueueOptions queue_options;
	NfdSeccompMode seccomp; /* applies at start-up only: a filter cannot be lifted */
	gchar *control_socket;	/* NULL: none */
	gchar *metrics_listen;	/* "ADDRESS:PORT" as given, NULL: off */
	gint metrics_family;	/* AF_INET or AF_INET6 */
	guint8 metrics_address[16];
	guint16 metrics_port;
	guint rate_limit; /* packets per second per tap and plugin; 0: off */
	guint rate_burst;
} NfdGeneral;

extern const gchar *const nfd_general_keys[];

void
nfd_general_load(NfdGeneral *self, const NfdConfigSection *general, GPtrArray *problems);
void
nfd_general_check_host(const NfdGeneral *self,
		       const NfdConfigSection *general,
		       GPtrArray *problems);
void
nfd_general_clear(NfdGeneral *self);
/* rate-limit and rate-burst of @section (a plugin's group), each defaulting to @general's;
 * a bad value is added to @problems and the default kept */
void
nfd_general_load_rate_limit(const NfdGeneral *general,
			    const NfdConfigSection *section,
			    NfdTokenBucket *out,
			    GPtrArray *problems);
