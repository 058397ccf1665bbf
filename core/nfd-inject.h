/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdInjector: how finished reply frames leave the daemon.  A small vtable so that tests and
 * fuzzers swap in a recording fake (tests/nfd-test-injector.c, NetworkManager's fake-platform
 * idea); production uses one AF_PACKET socket and sendto() with the tap's ifindex.
 *
 * Replies to queued packets are queued (nfd_injector_queue) and leave in one sendmmsg() per
 * main-loop wake-up (nfd_injector_flush); unsolicited frames (RA) go out at once.
 */
#pragma once

#include <glib.h>

typedef struct _NfdInjector NfdInjector;

struct _NfdInjector {
	/* returns 0 or a negative errno; never allocates */
	gint (*send)(NfdInjector *self, guint ifindex, const guint8 *frame, gsize len);
	void (*free)(NfdInjector *self);
	/* optional batching: queue copies the frame, flush sends everything queued */
	void (*queue)(NfdInjector *self, guint ifindex, const guint8 *frame, gsize len);
	void (*flush)(NfdInjector *self);
	guint64 n_sent;
	guint64 n_failed;
	gint last_errno;
};

NfdInjector *
nfd_injector_new_packet(GError **error);
gint
nfd_injector_send(NfdInjector *self, guint ifindex, const guint8 *frame, gsize len);
void
nfd_injector_queue(NfdInjector *self, guint ifindex, const guint8 *frame, gsize len);
void
nfd_injector_flush(NfdInjector *self);
void
nfd_injector_free(NfdInjector *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdInjector, nfd_injector_free)
