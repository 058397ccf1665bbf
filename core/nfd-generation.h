/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdGeneration: one applied configuration — the parsed NfdConfig, its [general] keys, the
 * plugins loaded and initialised from it, the dispatch table their claims make and which
 * binding backend it wants — and how a new one replaces the running one, all or nothing.
 *
 * NfdGenerationHost is what generations are built against and applied to: the daemon's
 * long-lived objects (binding store, injector, the resident modules, the open queues and how
 * they reach the kernel, the open backend), owned by NfdDaemon, which embeds it.
 */
#pragma once

#include "nfd-binding-backend-private.h"
#include "nfd-binding-store.h"
#include "nfd-config-private.h"
#include "nfd-dispatch.h"
#include "nfd-general.h"
#include "nfd-inject.h"
#include "nfd-plugin-private.h"
#include "nfd-queue.h"

typedef struct {
	NfdConfig *config;
	NfdGeneral general;
	GPtrArray *plugins; /* NfdPlugin */
	NfdDispatch *dispatch;
	gchar *backend_config; /* the backend group as text, to see whether it changed */
} NfdGeneration;

typedef struct {
	gchar *config_path;
	gchar **plugin_dirs;  /* --plugin-dir: replaces the search path; NULL otherwise */
	gchar **backend_dirs; /* --backend-dir, likewise */
	NfdBindingStore *store;
	NfdInjector *injector;
	NfdQueueOps *queue_ops;	    /* how queues reach the kernel (a fake in tests) */
	NfdCoreContext ctx;	    /* what every plugin is given */
	GHashTable *modules;	    /* "kind:name" -> NfdModule, kept resident */
	GHashTable *queues;	    /* queue number -> NfdQueue */
	NfdBindingBackend *backend; /* open; NULL before nfd_generation_open_backend() */
	NfdGeneration *current;	    /* the running generation, NULL before the first load */
	NfdGeneration *pending;	    /* during a reload: the generation binding events go to */
	GQueue retired;		    /* replaced generations, freed a plugin a main-loop turn */
	guint retired_source;
	gint64 retired_longest_us; /* the longest of those turns, for the log */
	guint retired_turns;
} NfdGenerationHost;

NfdGeneration *
nfd_generation_build(NfdGenerationHost *host, gboolean startup, GError **error);
void
nfd_generation_free(NfdGeneration *gen);
gchar *
nfd_generation_describe(NfdGeneration *gen, const gchar *config_path);
void
nfd_generation_apply_router_mac(NfdGeneration *gen, NfdBindingStore *store);
gboolean
nfd_generation_open(NfdGenerationHost *host, NfdGeneration *gen, GError **error);
gboolean
nfd_generation_open_backend(NfdGenerationHost *host, NfdGeneration *gen, GError **error);
gboolean
nfd_generation_swap(NfdGenerationHost *host, NfdGeneration *gen, GError **error);
gboolean
nfd_generation_start(NfdGeneration *gen, GError **error);
void
nfd_generation_stop(NfdGeneration *gen, NfdGeneration *next);
/* frees the replaced generations not freed yet, now (at exit) */
void
nfd_generation_flush_retired(NfdGenerationHost *host);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdGeneration, nfd_generation_free)
