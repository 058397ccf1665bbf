/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test support: NfdQueueOps without a kernel (the queue seam's fake, as nfd-test-injector.c
 * is the injector's).  It records which queue numbers are bound, can refuse to bind a number
 * as a kernel would (EBUSY), feeds NFQUEUE packet messages to a bound queue and collects the
 * verdicts, so the daemon's start-up and reload run in a unit test.
 */
#pragma once

#include "nfd-queue.h"

typedef struct _NfdTestQueues NfdTestQueues;

NfdTestQueues *
nfd_test_queues_new(void);
void
nfd_test_queues_free(NfdTestQueues *self);
/* what the daemon is given (nfd_daemon_set_queue_ops) */
NfdQueueOps *
nfd_test_queues_get_ops(NfdTestQueues *self);
/* binding @num fails from now on */
void
nfd_test_queues_fail_bind(NfdTestQueues *self, guint16 num);
gboolean
nfd_test_queues_is_bound(NfdTestQueues *self, guint16 num);
/* one packet into bound queue @num, as the kernel sends it; returns its verdict (NF_DROP,
 * NFD_NF_ACCEPT), or -1 when none was sent */
gint
nfd_test_queues_inject(NfdTestQueues *self,
		       guint16 num,
		       guint32 id,
		       guint32 indev,
		       const guint8 *mac,
		       const guint8 *payload,
		       gsize plen);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdTestQueues, nfd_test_queues_free)
