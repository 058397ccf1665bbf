/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-tap RA state and its timer source (see nfd-ra-tap.h).
 */
#include <string.h>

#include "nfd-ra-tap.h"

typedef struct {
	GSource base;
	NfdRaTap *tap;
} NfdRaTapSource;

static gboolean
nfd_ra_tap_source_dispatch(GSource *source, GSourceFunc callback, gpointer user_data)
{
	NfdRaTap *tap = ((NfdRaTapSource *)source)->tap;

	/* the fire function sends and reschedules through nfd_ra_tap_rearm() */
	g_source_set_ready_time(source, -1);
	tap->func(tap, tap->user_data);
	return G_SOURCE_CONTINUE;
}

static GSourceFuncs nfd_ra_tap_source_funcs = {
    .dispatch = nfd_ra_tap_source_dispatch,
};

NfdRaTap *
nfd_ra_tap_new(const gchar *name, NfdRaTapFireFunc func, gpointer user_data)
{
	NfdRaTap *self = g_new0(NfdRaTap, 1);

	self->name = g_strdup(name);
	self->func = func;
	self->user_data = user_data;
	self->source = g_source_new(&nfd_ra_tap_source_funcs, sizeof(NfdRaTapSource));
	((NfdRaTapSource *)self->source)->tap = self;
	g_source_set_name(self->source, "nfd-ra-tap");
	g_source_set_ready_time(self->source, -1);
	return self;
}

void
nfd_ra_tap_free(NfdRaTap *self)
{
	if (self == NULL)
		return;
	if (self->source != NULL) {
		g_source_destroy(self->source);
		g_source_unref(self->source);
	}
	g_free(self->name);
	g_free(self);
}

void
nfd_ra_tap_attach(NfdRaTap *self)
{
	if (g_source_get_context(self->source) == NULL)
		g_source_attach(self->source, NULL);
	nfd_ra_tap_rearm(self);
}

void
nfd_ra_tap_detach(NfdRaTap *self)
{
	g_source_set_ready_time(self->source, -1);
}

void
nfd_ra_tap_rearm(NfdRaTap *self)
{
	g_source_set_ready_time(self->source, self->sched.next_due);
}

void
nfd_ra_tap_set_prefix(NfdRaTap *self,
		      gboolean has_prefix,
		      const struct in6_addr *prefix,
		      guint prefix_len,
		      guint repeat)
{
	gboolean same = has_prefix == self->has_cur_prefix &&
			(!has_prefix || (prefix_len == self->cur_prefix_len &&
					 memcmp(prefix, &self->cur_prefix, sizeof(*prefix)) == 0));

	if (same)
		return;
	/* RFC 9096 §3.5 / RFC 4861 §6.2.5: a prefix taken from the link is deprecated with
	 * lifetime 0 in the next few RAs, so the VM stops using addresses in it */
	if (self->has_cur_prefix) {
		self->old_prefix = self->cur_prefix;
		self->old_prefix_len = self->cur_prefix_len;
		self->old_prefix_left = repeat;
	}
	self->has_cur_prefix = has_prefix;
	if (has_prefix) {
		self->cur_prefix = *prefix;
		self->cur_prefix_len = prefix_len;
	}
}
