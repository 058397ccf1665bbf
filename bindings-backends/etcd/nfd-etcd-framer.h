/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdEtcdFramer: splits a byte stream into top-level JSON objects, incrementally and with a
 * bounded buffer.  etcd's gRPC gateway streams one JSON object per watch response
 * ({"result":{...}} followed by a newline); the framer also checks every unary response body.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _NfdEtcdFramer NfdEtcdFramer;

/* one complete object; returning FALSE stops the feed (nfd_etcd_framer_feed() then returns
 * TRUE, and the rest of the input is dropped) */
typedef gboolean (*NfdEtcdFrameFunc)(const gchar *data, gsize len, gpointer user_data);

NfdEtcdFramer *
nfd_etcd_framer_new(gsize max_size, guint max_depth);
void
nfd_etcd_framer_free(NfdEtcdFramer *self);
void
nfd_etcd_framer_reset(NfdEtcdFramer *self);
gboolean
nfd_etcd_framer_feed(NfdEtcdFramer *self,
		     const guint8 *data,
		     gsize len,
		     NfdEtcdFrameFunc func,
		     gpointer user_data,
		     GError **error);
gboolean
nfd_etcd_framer_is_idle(const NfdEtcdFramer *self);
gsize
nfd_etcd_framer_get_buffered(const NfdEtcdFramer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdEtcdFramer, nfd_etcd_framer_free)

G_END_DECLS
