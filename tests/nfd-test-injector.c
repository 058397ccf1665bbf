/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test support: the recording NfdInjector (see nfd-test-injector.h).  It has no queue/flush, so
 * nfd_injector_queue() hands every reply straight to send().
 */
#include "nfd-test-injector.h"

typedef struct {
	NfdInjector parent;
	GPtrArray *frames;
	GArray *ifindexes;
} NfdTestInjector;

static gint
test_injector_send(NfdInjector *injector, guint ifindex, const guint8 *frame, gsize len)
{
	NfdTestInjector *self = (NfdTestInjector *)injector;

	g_ptr_array_add(self->frames, g_bytes_new(frame, len));
	g_array_append_val(self->ifindexes, ifindex);
	return 0;
}

static void
test_injector_free(NfdInjector *injector)
{
	NfdTestInjector *self = (NfdTestInjector *)injector;

	g_ptr_array_unref(self->frames);
	g_array_unref(self->ifindexes);
	g_free(self);
}

NfdInjector *
nfd_test_injector_new(void)
{
	NfdTestInjector *self = g_new0(NfdTestInjector, 1);

	self->parent.send = test_injector_send;
	self->parent.free = test_injector_free;
	self->frames = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	self->ifindexes = g_array_new(FALSE, FALSE, sizeof(guint));
	return &self->parent;
}

GPtrArray *
nfd_test_injector_get_frames(NfdInjector *self)
{
	return ((NfdTestInjector *)self)->frames;
}

GArray *
nfd_test_injector_get_ifindexes(NfdInjector *self)
{
	return ((NfdTestInjector *)self)->ifindexes;
}
