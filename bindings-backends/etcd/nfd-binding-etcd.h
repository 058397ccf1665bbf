/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The etcd binding backend's entry point besides its descriptor: its state as one line, for
 * SIGUSR1 now and for a backend dump() hook of the SDK later.  Hidden in the shared module by
 * symbol.map.
 */
#pragma once

#include "nfd-binding-backend.h"

void
nfd_binding_etcd_describe(NfdBindingBackend *backend, GString *out);
