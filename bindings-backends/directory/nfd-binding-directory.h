/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The directory binding backend's entry points besides its descriptor, for its unit tests: the
 * inotify event handler, so that they can feed it events the kernel cannot be made to produce
 * on demand (IN_Q_OVERFLOW), and the length of a listing's slices and whether one is under way,
 * so that they can cut a rescan of a few files into many slices.  Hidden in the shared module
 * by symbol.map.
 */
#pragma once

#include "nfd-binding-backend.h"

void
nfd_binding_directory_process_events(NfdBindingBackend *backend, const guint8 *buf, gsize len);

/* how long a listing after start-up reads before it lets the main loop serve (default 2 ms) */
void
nfd_binding_directory_set_slice_us(NfdBindingBackend *backend, gint64 slice_us);
/* whether a listing is under way */
gboolean
nfd_binding_directory_is_scanning(NfdBindingBackend *backend);
