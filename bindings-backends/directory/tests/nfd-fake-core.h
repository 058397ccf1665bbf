/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A fake of the core's binding sink and backend objects for the backends' unit tests: the
 * sink records into a hash table (tap -> binding) and counts calls, the backend holds a real
 * NfdConfig parsed from text so that backends read their groups through the real getters.
 */
#pragma once

#include "nfd-binding-backend.h"

struct _NfdBindingSink {
	GHashTable *bindings; /* tap -> NfdBinding */
	GPtrArray *errors;    /* "tap: message" */
	guint upserts;
	guint removes;
	guint replace_alls;
};

NfdBindingSink *
nfd_fake_sink_new(void);
void
nfd_fake_sink_free(NfdBindingSink *sink);
NfdBindingBackend *
nfd_fake_backend_new(const gchar *name, const gchar *config_text);
void
nfd_fake_backend_free(NfdBindingBackend *backend);
void
nfd_fake_backend_set_config(NfdBindingBackend *backend, const gchar *config_text);
const NfdConfigSection *
nfd_fake_backend_get_section(NfdBindingBackend *backend);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdBindingSink, nfd_fake_sink_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdBindingBackend, nfd_fake_backend_free)
