/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The static binding backend: bindings written in the configuration itself, one
 * [binding:<tap>] group per tap with the binding file keys (MAC = ..., IP = ..., ...; keys are
 * case-insensitive here, as config keys are usually lower-case), for small hosts and tests.
 *
 * open() and rescan() (SIGHUP, after the new configuration is in force) build the whole set
 * with the SDK's binding builder (nfd_binding_set_value(), so the values are checked exactly
 * as in binding files) and only then hand it to the store as one full listing, which turns
 * the difference into add, change and remove events.  All or nothing: if one group is bad,
 * the error names its file, line, group and key, and nothing is applied (at start-up the
 * daemon refuses to start; on reload the previous set stays in force).
 */
#include <string.h>

#include "nfd-binding-backend.h"

#define NFD_BINDING_STATIC_PREFIX "binding:"

typedef struct {
	NfdBindingSink *sink;
} NfdBindingStatic;

static gboolean
nfd_binding_static_key_valid(const gchar *key)
{
	if (key[0] == '\0' || g_ascii_isdigit(key[0]))
		return FALSE;
	for (gsize i = 0; key[i] != '\0'; i++) {
		if (!g_ascii_isupper(key[i]) && !g_ascii_isdigit(key[i]) && key[i] != '_')
			return FALSE;
	}
	return TRUE;
}

static NfdBinding *
nfd_binding_static_build(const NfdConfigSection *section, GError **error)
{
	const gchar *tap = nfd_config_section_get_name(section) + strlen(NFD_BINDING_STATIC_PREFIX);
	g_autoptr(NfdBinding) binding = nfd_binding_new(tap);
	g_auto(GStrv) keys = nfd_config_section_get_keys(section);

	for (guint i = 0; keys[i] != NULL; i++) {
		g_autofree gchar *key = g_ascii_strup(keys[i], -1);
		const gchar *value = nfd_config_section_get_string(section, keys[i], "");

		if (!nfd_binding_static_key_valid(key)) {
			g_autofree gchar *where = nfd_config_section_describe_key(section, keys[i]);
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_CONFIG,
				    "%s: not a binding key (letters, digits, '_')",
				    where);
			return NULL;
		}
		if (!nfd_binding_set_value(binding, key, value, error)) {
			g_autofree gchar *where = nfd_config_section_describe_key(section, keys[i]);
			g_prefix_error(error, "%s: ", where);
			return NULL;
		}
	}
	if (!nfd_binding_validate(binding, error)) {
		g_prefix_error(error, "[%s]: ", nfd_config_section_get_name(section));
		return NULL;
	}
	return g_steal_pointer(&binding);
}

/* every [binding:<tap>] group, or NULL when one is bad */
static GPtrArray *
nfd_binding_static_build_all(NfdBindingBackend *backend, GError **error)
{
	g_autoptr(GPtrArray) sections =
	    nfd_binding_backend_get_config_groups(backend, NFD_BINDING_STATIC_PREFIX);
	g_autoptr(GPtrArray) bindings =
	    g_ptr_array_new_with_free_func((GDestroyNotify)nfd_binding_unref);

	for (guint i = 0; sections != NULL && i < sections->len; i++) {
		const NfdConfigSection *section = g_ptr_array_index(sections, i);
		NfdBinding *binding = nfd_binding_static_build(section, error);
		if (binding == NULL)
			return NULL;
		g_ptr_array_add(bindings, binding);
	}
	return g_steal_pointer(&bindings);
}

static gboolean
nfd_binding_static_load(NfdBindingBackend *backend, GError **error)
{
	NfdBindingStatic *self = nfd_binding_backend_get_data(backend);
	g_autoptr(GPtrArray) bindings = nfd_binding_static_build_all(backend, error);

	if (bindings == NULL)
		return FALSE;
	g_debug("%u bindings from the configuration", bindings->len);
	nfd_binding_sink_begin_resync(self->sink);
	for (guint i = 0; i < bindings->len; i++)
		nfd_binding_sink_upsert(self->sink, g_ptr_array_index(bindings, i));
	nfd_binding_sink_end_resync(self->sink);
	return TRUE;
}

/* --check-config, and a reload before it changes anything: build the bindings, keep none */
static gboolean
nfd_binding_static_check(NfdBindingBackend *backend, const NfdConfigSection *config, GError **error)
{
	g_autoptr(GPtrArray) bindings = nfd_binding_static_build_all(backend, error);

	return bindings != NULL;
}

static gboolean
nfd_binding_static_open(NfdBindingBackend *backend,
			const NfdConfigSection *config,
			NfdBindingSink *sink,
			GError **error)
{
	NfdBindingStatic *self = g_new0(NfdBindingStatic, 1);

	self->sink = sink;
	nfd_binding_backend_set_data(backend, self, g_free);
	return nfd_binding_static_load(backend, error);
}

static gboolean
nfd_binding_static_rescan(NfdBindingBackend *backend, GError **error)
{
	return nfd_binding_static_load(backend, error);
}

static void
nfd_binding_static_close(NfdBindingBackend *backend)
{
	/* nothing watched, nothing to remove; the private data goes with the backend */
}

NFD_BINDING_BACKEND_DEFINE(static,
			   .description = "bindings from [binding:<tap>] configuration groups",
			   .version = NFD_PACKAGE_VERSION,
			   .origin = "nfdhcpd",
			   .open = nfd_binding_static_open,
			   .rescan = nfd_binding_static_rescan,
			   .close = nfd_binding_static_close,
			   .check = nfd_binding_static_check);
