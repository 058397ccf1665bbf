/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test support: the fake NfdQueueOps (see nfd-test-queue.h).  open() binds by recording the
 * queue and pointing its sender here; close() unbinds.  Verdicts are decoded as they are sent.
 */
#include <errno.h>

#include "nfd-test-nfq.h"
#include "nfd-test-queue.h"

#define NFD_TEST_QUEUE_MSG_BUF 4096

struct _NfdTestQueues {
	NfdQueueOps ops;      /* first: the daemon's handle is a pointer to it */
	GHashTable *bound;    /* number -> NfdQueue */
	GHashTable *refuse;   /* numbers whose bind fails */
	GHashTable *verdicts; /* packet id -> verdict + 1 */
	GArray *pending;      /* ids waiting for a verdict, as the kernel's queue */
};

static void
on_verdict(guint32 id, guint32 verdict, gpointer user_data)
{
	NfdTestQueues *self = user_data;

	g_hash_table_insert(self->verdicts, GUINT_TO_POINTER(id), GUINT_TO_POINTER(verdict + 1));
}

static gint
fake_send(const guint8 *buf, gsize len, gpointer user_data)
{
	NfdTestQueues *self = user_data;

	nfd_test_nfq_foreach_verdict(buf, len, self->pending, on_verdict, user_data);
	return 0;
}

static gboolean
fake_open(NfdQueueOps *ops, NfdQueue *queue, const NfdQueueOptions *options, GError **error)
{
	NfdTestQueues *self = (NfdTestQueues *)ops;
	guint num = nfd_queue_get_num(queue);

	if (g_hash_table_contains(self->refuse, GUINT_TO_POINTER(num)) ||
	    g_hash_table_contains(self->bound, GUINT_TO_POINTER(num))) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "queue %u: cannot bind: %s (fake)",
			    num,
			    g_strerror(EBUSY));
		return FALSE;
	}
	nfd_queue_set_sender(queue, fake_send, self);
	g_hash_table_insert(self->bound, GUINT_TO_POINTER(num), queue);
	return TRUE;
}

static void
fake_close(NfdQueueOps *ops, NfdQueue *queue)
{
	NfdTestQueues *self = (NfdTestQueues *)ops;
	guint num = nfd_queue_get_num(queue);

	/* only the queue that holds the number releases it (a refused bind holds nothing) */
	if (g_hash_table_lookup(self->bound, GUINT_TO_POINTER(num)) == queue)
		g_hash_table_remove(self->bound, GUINT_TO_POINTER(num));
}

NfdTestQueues *
nfd_test_queues_new(void)
{
	NfdTestQueues *self = g_new0(NfdTestQueues, 1);

	self->ops.open = fake_open;
	self->ops.close = fake_close;
	self->bound = g_hash_table_new(g_direct_hash, g_direct_equal);
	self->refuse = g_hash_table_new(g_direct_hash, g_direct_equal);
	self->verdicts = g_hash_table_new(g_direct_hash, g_direct_equal);
	self->pending = g_array_new(FALSE, FALSE, sizeof(guint32));
	return self;
}

void
nfd_test_queues_free(NfdTestQueues *self)
{
	if (self == NULL)
		return;
	g_hash_table_unref(self->bound);
	g_hash_table_unref(self->refuse);
	g_hash_table_unref(self->verdicts);
	g_array_unref(self->pending);
	g_free(self);
}

NfdQueueOps *
nfd_test_queues_get_ops(NfdTestQueues *self)
{
	return &self->ops;
}

void
nfd_test_queues_fail_bind(NfdTestQueues *self, guint16 num)
{
	g_hash_table_add(self->refuse, GUINT_TO_POINTER((guint)num));
}

gboolean
nfd_test_queues_is_bound(NfdTestQueues *self, guint16 num)
{
	return g_hash_table_contains(self->bound, GUINT_TO_POINTER((guint)num));
}

gint
nfd_test_queues_inject(NfdTestQueues *self,
		       guint16 num,
		       guint32 id,
		       guint32 indev,
		       const guint8 *mac,
		       const guint8 *payload,
		       gsize plen)
{
	NfdQueue *queue = g_hash_table_lookup(self->bound, GUINT_TO_POINTER((guint)num));
	guint8 buf[NFD_TEST_QUEUE_MSG_BUF];
	gsize len = 0;
	gpointer verdict;

	g_assert_nonnull(queue);
	g_assert_cmpuint(plen + 256, <=, sizeof(buf));
	nfd_test_nfq_put_packet(buf, &len, num, id, indev, 0, mac, payload, plen, TRUE);
	g_array_append_val(self->pending, id);
	nfd_queue_process(queue, buf, len);
	nfd_queue_flush(queue);
	verdict = g_hash_table_lookup(self->verdicts, GUINT_TO_POINTER(id));
	return verdict != NULL ? (gint)GPOINTER_TO_UINT(verdict) - 1 : -1;
}
