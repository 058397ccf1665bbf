/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The binding backend ABI: modules that fill the core's binding store.
 *
 * Same rules as the plugin ABI (nfd-plugin.h): one exported nfd_binding_backend_descriptor(),
 * written by NFD_BINDING_BACKEND_DEFINE(), major must match, minor must not be newer.  The
 * backend named by [general] binding-backend is opened after the queues, with its config group
 * ([binding-backend:<name>]) and a sink.  It reports bindings through the sink; it never talks
 * to plugins.  check() validates the configuration without I/O, for --check-config and before
 * a reload changes anything.  rescan() is called on SIGHUP with the new configuration, as the
 * last step that may still refuse the reload; open() and rescan() must leave the store as it
 * was when they fail (hand the whole set over with one replace_all at the end), because the
 * previous generation then stays in force.
 */
#pragma once

#include "nfd-binding.h"
#include "nfd-common.h"
#include "nfd-config.h"
#include "nfd-version.h"

G_BEGIN_DECLS

/**
 * NfdBindingBackendDescriptor:
 *
 * Since: 1.0
 */
typedef struct {
	guint16 api_major;
	guint16 api_minor;
	guint32 struct_size;
	const gchar *name;
	const gchar *description;
	const gchar *version;
	const gchar *origin;
	guint32 flags;
	const gchar *const *config_keys;
	gboolean (*open)(NfdBindingBackend *backend,
			 const NfdConfigSection *config,
			 NfdBindingSink *sink,
			 GError **error);
	gboolean (*rescan)(NfdBindingBackend *backend, GError **error);
	void (*close)(NfdBindingBackend *backend);
	/* the configuration alone, no I/O; the backend is not open (get_config_groups() works) */
	gboolean (*check)(NfdBindingBackend *backend,
			  const NfdConfigSection *config,
			  GError **error);
	gpointer reserved[7];
} NfdBindingBackendDescriptor;

#ifdef NFD_PLUGIN_BUILTIN
#define NFD_BINDING_BACKEND_SHARED_ENTRY(token)
#else
#define NFD_BINDING_BACKEND_SHARED_ENTRY(token)                                    \
	__attribute__((visibility("default"))) const NfdBindingBackendDescriptor * \
	nfd_binding_backend_descriptor(void);                                      \
	const NfdBindingBackendDescriptor *nfd_binding_backend_descriptor(void)    \
	{                                                                          \
		return &nfd_binding_backend_desc_##token;                          \
	}
#endif

/**
 * NFD_BINDING_BACKEND_DEFINE:
 *
 * Since: 1.0
 */
#define NFD_BINDING_BACKEND_DEFINE(token, ...)                                        \
	static const NfdBindingBackendDescriptor nfd_binding_backend_desc_##token = { \
	    .api_major = NFD_PLUGIN_API_MAJOR,                                        \
	    .api_minor = NFD_PLUGIN_API_MINOR,                                        \
	    .struct_size = sizeof(NfdBindingBackendDescriptor),                       \
	    .name = #token,                                                           \
	    __VA_ARGS__};                                                             \
	const NfdBindingBackendDescriptor *nfdbuiltin_backend_##token(void);          \
	const NfdBindingBackendDescriptor *nfdbuiltin_backend_##token(void)           \
	{                                                                             \
		return &nfd_binding_backend_desc_##token;                             \
	}                                                                             \
	NFD_BINDING_BACKEND_SHARED_ENTRY(token)

const gchar *
nfd_binding_backend_get_name(NfdBindingBackend *self);
void
nfd_binding_backend_set_data(NfdBindingBackend *self, gpointer data, GDestroyNotify destroy);
gpointer
nfd_binding_backend_get_data(NfdBindingBackend *self);
GPtrArray *
nfd_binding_backend_get_config_groups(NfdBindingBackend *self, const gchar *prefix);

/* the sink takes its own reference on @binding */
void
nfd_binding_sink_upsert(NfdBindingSink *self, NfdBinding *binding);
void
nfd_binding_sink_remove(NfdBindingSink *self, const gchar *tap);
void
nfd_binding_sink_replace_all(NfdBindingSink *self, GPtrArray *bindings);
void
nfd_binding_sink_report_error(NfdBindingSink *self, const gchar *tap, const GError *error);

G_END_DECLS
