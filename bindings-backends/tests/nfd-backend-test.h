/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The backends' unit-test harness: a backend compiled into the test (-DNFD_PLUGIN_BUILTIN) is
 * opened against the core's real binding store and backend object, with a real NfdConfig
 * parsed from text, exactly as the daemon opens it, minus the daemon.  The store's events are
 * counted, so tests can say what changed.
 */
#pragma once

#include "nfd-binding-backend-private.h"
#include "nfd-binding-private.h"
#include "nfd-binding-store.h"

typedef struct {
	const NfdBindingBackendDescriptor *desc;
	NfdBindingStore *store;
	NfdBindingSink *sink; /* the store's */
	NfdConfig *config;
	NfdBindingBackend *backend;
	guint upserts; /* ADDED and CHANGED events */
	guint removes; /* REMOVED events */
} NfdBackendTest;

NfdBackendTest *
nfd_backend_test_new(const NfdBindingBackendDescriptor *desc, const gchar *config_text);
void
nfd_backend_test_free(NfdBackendTest *self);
void
nfd_backend_test_set_config(NfdBackendTest *self, const gchar *config_text);
gboolean
nfd_backend_test_open(NfdBackendTest *self, GError **error);
gboolean
nfd_backend_test_check(NfdBackendTest *self, GError **error);
gboolean
nfd_backend_test_rescan(NfdBackendTest *self, GError **error);
void
nfd_backend_test_close(NfdBackendTest *self);
const NfdBinding *
nfd_backend_test_lookup(NfdBackendTest *self, const gchar *tap);
guint
nfd_backend_test_size(NfdBackendTest *self);
/* bad bindings the store reported, full listings it received */
guint
nfd_backend_test_errors(NfdBackendTest *self);
guint
nfd_backend_test_listings(NfdBackendTest *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdBackendTest, nfd_backend_test_free)
