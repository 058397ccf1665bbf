/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The directory binding backend's one entry point besides its descriptor: the inotify event
 * handler, exposed so that the unit tests can feed it events the kernel cannot be made to
 * produce on demand (IN_Q_OVERFLOW).  Hidden in the shared module by symbol.map.
 */
#pragma once

#include "nfd-binding-backend.h"

void
nfd_binding_directory_process_events(NfdBindingBackend *backend, const guint8 *buf, gsize len);
