/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A binding backend for the core's tests (libnfd-binding-fake.so), built whatever the meson
 * options, so the daemon tests never depend on an optional backend.  Bindings come from
 * [binding:<tap>] groups (binding file keys, any case), and it fails on demand, so start-up and
 * each step of a reload can be made to fail:
 *   [binding-backend:fake] fail-open = yes    open() fails
 *   [binding-backend:fake] fail-check = yes   check() refuses the configuration
 *   [fake-rescan] fail = yes                  rescan() fails (not the backend's own group, so
 *                                             adding it to a configuration means a rescan)
 * Like every backend, it leaves the store as it was when it fails.
 */
#include <string.h>

#include "nfdhcpd.h"

typedef struct {
	NfdBindingSink *sink;
} FakeBackend;

static gboolean
fake_flag(const NfdConfigSection *config, const gchar *key)
{
	gboolean value = FALSE;

	return nfd_config_section_get_bool(config, key, FALSE, &value, NULL) && value;
}

static NfdBinding *
fake_build(const NfdConfigSection *section, GError **error)
{
	const gchar *tap = nfd_config_section_get_name(section) + strlen("binding:");
	g_autoptr(NfdBinding) binding = nfd_binding_new(tap);
	g_auto(GStrv) keys = nfd_config_section_get_keys(section);

	for (guint i = 0; keys[i] != NULL; i++) {
		g_autofree gchar *key = g_ascii_strup(keys[i], -1);
		if (!nfd_binding_set_value(binding,
					   key,
					   nfd_config_section_get_string(section, keys[i], ""),
					   error))
			return NULL;
	}
	if (!nfd_binding_validate(binding, error))
		return NULL;
	return g_steal_pointer(&binding);
}

static gboolean
fake_load(NfdBindingBackend *backend, GError **error)
{
	FakeBackend *self = nfd_binding_backend_get_data(backend);
	g_autoptr(GPtrArray) sections = nfd_binding_backend_get_config_groups(backend, "binding:");
	g_autoptr(GPtrArray) rescan = nfd_binding_backend_get_config_groups(backend, "fake-rescan");
	g_autoptr(GPtrArray) bindings =
	    g_ptr_array_new_with_free_func((GDestroyNotify)nfd_binding_unref);

	for (guint i = 0; i < rescan->len; i++) {
		if (fake_flag(g_ptr_array_index(rescan, i), "fail")) {
			g_set_error_literal(error,
					    NFD_ERROR,
					    NFD_ERROR_BINDING,
					    "deliberate rescan failure");
			return FALSE;
		}
	}
	for (guint i = 0; i < sections->len; i++) {
		NfdBinding *binding = fake_build(g_ptr_array_index(sections, i), error);
		if (binding == NULL)
			return FALSE;
		g_ptr_array_add(bindings, binding);
	}
	/* every group built before the store hears of any: a failure leaves it as it was */
	nfd_binding_sink_begin_resync(self->sink);
	for (guint i = 0; i < bindings->len; i++)
		nfd_binding_sink_upsert(self->sink, g_ptr_array_index(bindings, i));
	nfd_binding_sink_end_resync(self->sink);
	return TRUE;
}

static gboolean
fake_check(NfdBindingBackend *backend, const NfdConfigSection *config, GError **error)
{
	if (fake_flag(config, "fail-check")) {
		g_set_error_literal(error, NFD_ERROR, NFD_ERROR_CONFIG, "deliberate check failure");
		return FALSE;
	}
	return TRUE;
}

static gboolean
fake_open(NfdBindingBackend *backend,
	  const NfdConfigSection *config,
	  NfdBindingSink *sink,
	  GError **error)
{
	FakeBackend *self = g_new0(FakeBackend, 1);

	self->sink = sink;
	nfd_binding_backend_set_data(backend, self, g_free);
	if (fake_flag(config, "fail-open")) {
		g_set_error_literal(error, NFD_ERROR, NFD_ERROR_BINDING, "deliberate open failure");
		return FALSE;
	}
	return fake_load(backend, error);
}

static gboolean
fake_rescan(NfdBindingBackend *backend, GError **error)
{
	return fake_load(backend, error);
}

static const gchar *const fake_keys[] = {"fail-open", "fail-check", NULL};

NFD_BINDING_BACKEND_DEFINE(fake,
			   .description = "bindings and failures on demand, for tests",
			   .version = "1.0",
			   .origin = "nfdhcpd tests",
			   .config_keys = fake_keys,
			   .open = fake_open,
			   .rescan = fake_rescan,
			   .check = fake_check);
