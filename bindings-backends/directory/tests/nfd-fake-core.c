/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fake core of the backends' unit tests (see nfd-fake-core.h): implements the
 * core-exported nfd_binding_sink_* and nfd_binding_backend_* functions of
 * nfd-binding-backend.h with the semantics the real store documents (the sink takes its own
 * reference; replace_all replaces the whole set).
 */
#include "nfd-config-private.h"
#include "nfd-fake-core.h"

struct _NfdBindingBackend {
	gchar *name;
	NfdConfig *config;
	gpointer data;
	GDestroyNotify destroy;
};

NfdBindingSink *
nfd_fake_sink_new(void)
{
	NfdBindingSink *sink = g_new0(NfdBindingSink, 1);
	sink->bindings = g_hash_table_new_full(g_str_hash,
					       g_str_equal,
					       g_free,
					       (GDestroyNotify)nfd_binding_unref);
	sink->errors = g_ptr_array_new_with_free_func(g_free);
	return sink;
}

void
nfd_fake_sink_free(NfdBindingSink *sink)
{
	g_hash_table_unref(sink->bindings);
	g_ptr_array_unref(sink->errors);
	g_free(sink);
}

NfdBindingBackend *
nfd_fake_backend_new(const gchar *name, const gchar *config_text)
{
	NfdBindingBackend *backend = g_new0(NfdBindingBackend, 1);
	backend->name = g_strdup(name);
	nfd_fake_backend_set_config(backend, config_text);
	return backend;
}

void
nfd_fake_backend_set_config(NfdBindingBackend *backend, const gchar *config_text)
{
	g_autoptr(GError) error = NULL;

	g_clear_pointer(&backend->config, nfd_config_free);
	backend->config = nfd_config_new();
	g_assert_true(nfd_config_load_data(backend->config, config_text, "test.conf", &error));
	g_assert_no_error(error);
}

void
nfd_fake_backend_free(NfdBindingBackend *backend)
{
	if (backend->destroy != NULL)
		backend->destroy(backend->data);
	g_clear_pointer(&backend->config, nfd_config_free);
	g_free(backend->name);
	g_free(backend);
}

const NfdConfigSection *
nfd_fake_backend_get_section(NfdBindingBackend *backend)
{
	g_autofree gchar *group = g_strdup_printf("binding-backend:%s", backend->name);
	return nfd_config_get_section(backend->config, group);
}

const gchar *
nfd_binding_backend_get_name(NfdBindingBackend *self)
{
	return self->name;
}

void
nfd_binding_backend_set_data(NfdBindingBackend *self, gpointer data, GDestroyNotify destroy)
{
	if (self->destroy != NULL && self->data != NULL)
		self->destroy(self->data);
	self->data = data;
	self->destroy = destroy;
}

gpointer
nfd_binding_backend_get_data(NfdBindingBackend *self)
{
	return self->data;
}

GPtrArray *
nfd_binding_backend_get_config_groups(NfdBindingBackend *self, const gchar *prefix)
{
	return nfd_config_get_sections(self->config, prefix);
}

void
nfd_binding_sink_upsert(NfdBindingSink *self, NfdBinding *binding)
{
	self->upserts++;
	g_hash_table_replace(self->bindings,
			     g_strdup(nfd_binding_get_tap(binding)),
			     nfd_binding_ref(binding));
}

void
nfd_binding_sink_remove(NfdBindingSink *self, const gchar *tap)
{
	self->removes++;
	g_hash_table_remove(self->bindings, tap);
}

void
nfd_binding_sink_replace_all(NfdBindingSink *self, GPtrArray *bindings)
{
	self->replace_alls++;
	g_hash_table_remove_all(self->bindings);
	for (guint i = 0; i < bindings->len; i++) {
		NfdBinding *binding = g_ptr_array_index(bindings, i);
		g_hash_table_replace(self->bindings,
				     g_strdup(nfd_binding_get_tap(binding)),
				     nfd_binding_ref(binding));
	}
}

void
nfd_binding_sink_report_error(NfdBindingSink *self, const gchar *tap, const GError *error)
{
	g_ptr_array_add(self->errors, g_strdup_printf("%s: %s", tap, error->message));
}
