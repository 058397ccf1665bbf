/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The binding backend ABI: modules that fill the core's binding store.
 *
 * Same rules as the plugin ABI (nfd-plugin.h): a module libnfd-binding-<name>.so in the
 * bindings directory (pkg-config --variable=bindingsdir nfdhcpd-plugin) exports one symbol,
 * nfd_binding_backend_descriptor(), written by NFD_BINDING_BACKEND_DEFINE(); the name follows
 * the plugins' naming rules; the major must match and the minor must not be newer.  The
 * backend named by [general] binding-backend (default "directory") is opened after the queues,
 * before privileges are dropped, with its config group [binding-backend:<name>] and a sink.
 * It reports bindings through the sink and never talks to plugins; the core turns every change
 * into one ADDED, CHANGED or REMOVED event for them.
 *
 * Two ways to report a binding:
 *  - GRNET text (KEY=VALUE lines, as Ganeti's hooks write binding files):
 *    nfd_binding_sink_upsert_text().  The core parses it with the same parser as
 *    `nfdhcpd --check-bindings`, so every backend accepts exactly the same files.
 *  - key/value data (configuration groups, database records): build an #NfdBinding with
 *    nfd_binding_new(), nfd_binding_set_value() and nfd_binding_validate(), then
 *    nfd_binding_sink_upsert().
 * A full listing (start-up, rescan, a lost watch) goes between nfd_binding_sink_begin_resync()
 * and nfd_binding_sink_end_resync(), which removes what the listing no longer has.
 *
 * A bad binding never takes a good one away: the backend reports it with
 * nfd_binding_sink_report_error() and the tap keeps its previous binding.
 *
 * check() validates the configuration alone, without I/O and without opening the backend, for
 * --check-config and before a reload changes anything.
 *
 * Across SIGHUP: when the backend and its group are unchanged, rescan() is called with the new
 * configuration, as the last step that may still refuse the reload (a failure keeps the old
 * configuration); otherwise a new instance is opened (its full listing replaces the old set)
 * and, once the reload is committed, the old one closed.  Because the previous generation then
 * stays in force, open() and rescan() must leave the store as it was when they fail: fail
 * before nfd_binding_sink_begin_resync(), and run the listing to its end_resync() without
 * returning to the main loop.
 */
#pragma once

#include "nfd-binding.h"
#include "nfd-common.h"
#include "nfd-config.h"
#include "nfd-fields.h"
#include "nfd-version.h"

G_BEGIN_DECLS

/**
 * NfdBindingBackendDescriptor:
 * @api_major: the SDK major (set by NFD_BINDING_BACKEND_DEFINE())
 * @api_minor: the SDK minor (set by NFD_BINDING_BACKEND_DEFINE())
 * @struct_size: sizeof the descriptor the backend was built with (set by the macro)
 * @name: the backend name (set by the macro; the plugins' naming rules)
 * @description: required: one line for --list-plugins
 * @version: required: the backend's own version
 * @origin: (nullable): who ships it; logged when it is loaded
 * @flags: zero (no flags are defined for backends yet)
 * @config_keys: (nullable) (array zero-terminated=1): the keys of [binding-backend:<name>];
 *   the core warns about others
 * @legacy_keys: (nullable) (array zero-terminated=1): the GRNET keys that map onto the
 *   backend's group (see #NfdConfigAlias: the directory backend takes [general] datapath as
 *   its path), ended by an entry whose @group is NULL
 * @open: required: start serving: read @config, nfd_binding_backend_set_data(), report the
 *   first full listing through @sink (which stays valid until close()), set up watches.  Runs
 *   as root before privileges are dropped.  FALSE with an error stops the daemon at start-up,
 *   or fails the reload (the running backend stays).
 * @rescan: (nullable): SIGHUP with an unchanged backend group: report a full listing again;
 *   FALSE with an error keeps the previous bindings and configuration
 * @close: (nullable): remove watches and main-loop sources; the private data goes with its
 *   destroy notify afterwards.  Also runs after a failed open().
 * @check: (nullable): validate @config (the backend's group; other groups through
 *   nfd_binding_backend_get_config_groups()) without I/O, on a backend that is not open:
 *   --check-config, and every reload before anything changes.  FALSE with an error naming the
 *   file, line and key refuses the configuration.
 * @status: (nullable): the backend's state for the operator (`nfdhcpctl status`, SIGUSR1):
 *   where the bindings come from, whether it is connected or watching, how many it has read,
 *   its last error; written with nfd_fields_add().  Since: 1.1
 * @reserved: zero; room for fields added in later minors
 *
 * What a binding backend exports.  Write it with NFD_BINDING_BACKEND_DEFINE().
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
	const NfdConfigAlias *legacy_keys;
	gboolean (*open)(NfdBindingBackend *backend,
			 const NfdConfigSection *config,
			 NfdBindingSink *sink,
			 GError **error);
	gboolean (*rescan)(NfdBindingBackend *backend, GError **error);
	void (*close)(NfdBindingBackend *backend);
	gboolean (*check)(NfdBindingBackend *backend,
			  const NfdConfigSection *config,
			  GError **error);
	void (*status)(NfdBindingBackend *backend, NfdFields *out);
	gpointer reserved[6];
} NfdBindingBackendDescriptor;

/* the layout is ABI (see nfd-plugin.h) */
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdBindingBackendDescriptor, config_keys) ==
		NFD_ABI_LAYOUT_(48, 28));
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdBindingBackendDescriptor, legacy_keys) ==
		NFD_ABI_LAYOUT_(56, 32));
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdBindingBackendDescriptor, open) == NFD_ABI_LAYOUT_(64, 36));
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdBindingBackendDescriptor, check) == NFD_ABI_LAYOUT_(88, 48));
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdBindingBackendDescriptor, status) == NFD_ABI_LAYOUT_(96, 52));
G_STATIC_ASSERT(sizeof(NfdBindingBackendDescriptor) == NFD_ABI_LAYOUT_(152, 80));

#ifdef NFD_PLUGIN_BUILTIN
#define NFD_BINDING_BACKEND_ENTRY_(token)                                    \
	const NfdBindingBackendDescriptor *nfdbuiltin_backend_##token(void); \
	const NfdBindingBackendDescriptor *nfdbuiltin_backend_##token(void)  \
	{                                                                    \
		return &nfd_binding_backend_desc_##token;                    \
	}
#else
#define NFD_BINDING_BACKEND_ENTRY_(token)                                          \
	__attribute__((visibility("default"))) const NfdBindingBackendDescriptor * \
	nfd_binding_backend_descriptor(void);                                      \
	const NfdBindingBackendDescriptor *nfd_binding_backend_descriptor(void)    \
	{                                                                          \
		return &nfd_binding_backend_desc_##token;                          \
	}
#endif

/**
 * NFD_BINDING_BACKEND_DEFINE:
 * @token: the backend name as a bare word ([a-z0-9_], at most 64)
 * @...: the other descriptor fields as designated initialisers
 *
 * Defines the backend's descriptor and its entry point, like NFD_PLUGIN_DEFINE(): a
 * declaration, ended with a semicolon; in a module only nfd_binding_backend_descriptor() is
 * exported, with -DNFD_PLUGIN_BUILTIN a getter for the daemon's builtin table instead.
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
	NFD_BINDING_BACKEND_ENTRY_(token)                                             \
	G_STATIC_ASSERT(sizeof(#token) > 1 && sizeof(#token) <= 64 + 1)

/**
 * nfd_binding_backend_set_data:
 * @self: the backend instance
 * @data: (nullable) (transfer full): the backend's private data
 * @destroy: (nullable): frees @data after close(), or when other data replaces it
 *
 * Attaches the backend's private data; usually first thing in open().
 *
 * Since: 1.0
 */
void
nfd_binding_backend_set_data(NfdBindingBackend *self, gpointer data, GDestroyNotify destroy);

/**
 * nfd_binding_backend_get_data:
 * @self: the backend instance
 *
 * Returns: (transfer none) (nullable): the data given to nfd_binding_backend_set_data()
 *
 * Since: 1.0
 */
gpointer
nfd_binding_backend_get_data(NfdBindingBackend *self);

/**
 * nfd_binding_backend_get_config_groups:
 * @self: the backend instance
 * @prefix: a group name prefix, e.g. "binding:"
 *
 * The configuration groups whose name starts with @prefix, for backends that read more than
 * their own group (the static backend's [binding:<tap>] groups).  From rescan() on, this is
 * the new configuration's.
 *
 * Returns: (transfer container) (element-type NfdConfigSection): the sections, in file order;
 *   free the array with g_ptr_array_unref(); the sections live as long as the configuration
 *   (until the next rescan() or close())
 *
 * Since: 1.0
 */
GPtrArray *
nfd_binding_backend_get_config_groups(NfdBindingBackend *self, const gchar *prefix);

/**
 * nfd_binding_sink_upsert:
 * @self: the sink
 * @binding: a binding that passed nfd_binding_validate()
 *
 * Adds or replaces the binding of its tap.  The sink takes its own reference, so the backend
 * unrefs its own.  A binding equal to the current one (same keys and values) is no event;
 * otherwise the plugins get ADDED or CHANGED.  The core resolves the tap's ifindex and router
 * MAC itself; a tap that does not exist yet is served as soon as it appears.
 *
 * Since: 1.0
 */
void
nfd_binding_sink_upsert(NfdBindingSink *self, NfdBinding *binding);

/**
 * nfd_binding_sink_upsert_text:
 * @self: the sink
 * @tap: the tap the binding is for (for a binding file, its name)
 * @data: (array length=len): the binding in the GRNET binding file format: KEY=VALUE lines,
 *   shell-style quotes, '#' comments; need not be NUL-terminated
 * @len: the length of @data
 * @origin: (nullable): where the text came from, for the error message (a file path, a
 *   database key); NULL for @tap
 * @error: return location for an error
 *
 * Parses and validates @data with the core's binding file parser and, when it is good, upserts
 * it as nfd_binding_sink_upsert() does.  This is how backends hand over binding text without
 * parsing it themselves; `nfdhcpd --check-bindings` uses the same parser.
 *
 * Returns: TRUE, or FALSE with @error (%NFD_ERROR_BINDING, "ORIGIN: line 4: MTU: 'abc' is not
 *   a number from 68 to 65535"); the tap then keeps its previous binding (if any), and the
 *   backend reports the error with nfd_binding_sink_report_error() as it sees fit
 *
 * Since: 1.0
 */
gboolean
nfd_binding_sink_upsert_text(NfdBindingSink *self,
			     const gchar *tap,
			     const gchar *data,
			     gsize len,
			     const gchar *origin,
			     GError **error);

/**
 * nfd_binding_sink_remove:
 * @self: the sink
 * @tap: a tap name
 *
 * Removes the binding of @tap (the plugins get REMOVED); nothing happens when it has none.
 *
 * Since: 1.0
 */
void
nfd_binding_sink_remove(NfdBindingSink *self, const gchar *tap);

/**
 * nfd_binding_sink_begin_resync:
 * @self: the sink
 *
 * Starts a full listing: every tap upserted (or upserted with bad text while it has a previous
 * binding, which it keeps) until nfd_binding_sink_end_resync() is kept, every other binding is
 * then removed.  The listing should not return to the main loop half-way.  The first listing
 * into an empty store is logged as one summary line.
 *
 * Since: 1.0
 */
void
nfd_binding_sink_begin_resync(NfdBindingSink *self);

/**
 * nfd_binding_sink_end_resync:
 * @self: the sink
 *
 * Ends the listing nfd_binding_sink_begin_resync() started: removes the bindings it did not
 * name.
 *
 * Since: 1.0
 */
void
nfd_binding_sink_end_resync(NfdBindingSink *self);

/**
 * nfd_binding_sink_report_error:
 * @self: the sink
 * @tap: (nullable): the tap the bad binding was for, or NULL
 * @error: the problem (e.g. from nfd_binding_sink_upsert_text()), naming file, line and key
 *
 * Logs a bad binding as a warning, saying whether the tap keeps its previous binding, and
 * counts it.  Backends should report one bad content once, not on every rescan (the
 * directory backend remembers a checksum of what it reported).
 *
 * Since: 1.0
 */
void
nfd_binding_sink_report_error(NfdBindingSink *self, const gchar *tap, const GError *error);

/**
 * nfd_binding_file_name_is_ignored:
 * @basename: a file name in a binding directory, without the directory
 *
 * Whether a file-based backend skips this file: hidden files (".x", which includes "." and
 * ".."), editors' and package managers' temporary and backup files ("x~", "#x#", "x.swp",
 * "x.tmp", "x.dpkg-new", ...), so that a VM manager writing "tap7.tmp" and renaming it to
 * "tap7" makes one binding, and names that cannot be a Linux interface name (16 bytes or
 * more, '/', ':', blanks, non-printable bytes).  Names with a dot are otherwise fine: Xen's
 * vif1.0 and VLAN devices such as eth0.100 are taps too.  The directory backend and
 * `nfdhcpd --check-bindings` skip exactly these; a third-party backend watching files should
 * too.  Thread-safe.
 *
 * Returns: TRUE when the file is not a binding
 *
 * Since: 1.0
 */
gboolean
nfd_binding_file_name_is_ignored(const gchar *basename);

G_END_DECLS
