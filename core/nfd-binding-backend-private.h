/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Core-only view of NfdBindingBackend: the runtime object around the binding backend the
 * configuration selected.
 */
#pragma once

#include "nfd-binding-backend.h"
#include "nfd-config-private.h"

NfdBindingBackend *
nfd_binding_backend_new(const NfdBindingBackendDescriptor *desc, const gchar *filename);
void
nfd_binding_backend_free(NfdBindingBackend *self);
gboolean
nfd_binding_backend_open(NfdBindingBackend *self,
			 NfdConfig *config,
			 NfdBindingSink *sink,
			 GError **error);
gboolean
nfd_binding_backend_check(NfdBindingBackend *self, NfdConfig *config, GError **error);
gboolean
nfd_binding_backend_rescan(NfdBindingBackend *self, NfdConfig *config, GError **error);
void
nfd_binding_backend_set_config(NfdBindingBackend *self, NfdConfig *config);
gboolean
nfd_binding_backend_status(NfdBindingBackend *self, NfdFields *out);
const gchar *
nfd_binding_backend_get_name(NfdBindingBackend *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdBindingBackend, nfd_binding_backend_free)
