/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The backends' unit-test harness (see nfd-backend-test.h): the core's NfdBindingStore and
 * NfdBindingBackend, driven through the backend's descriptor.
 */
#include "nfd-backend-test.h"

static void
on_event(const NfdBinding *binding, NfdBindingEvent event, gpointer user_data)
{
	NfdBackendTest *self = user_data;

	if (event == NFD_BINDING_EVENT_REMOVED)
		self->removes++;
	else
		self->upserts++;
}

NfdBackendTest *
nfd_backend_test_new(const NfdBindingBackendDescriptor *desc, const gchar *config_text)
{
	NfdBackendTest *self = g_new0(NfdBackendTest, 1);

	self->desc = desc;
	self->store = nfd_binding_store_new();
	self->sink = nfd_binding_store_get_sink(self->store);
	nfd_binding_store_set_event_func(self->store, on_event, self);
	self->backend = nfd_binding_backend_new(desc, "test");
	nfd_backend_test_set_config(self, config_text);
	return self;
}

void
nfd_backend_test_free(NfdBackendTest *self)
{
	if (self == NULL)
		return;
	/* frees the backend's private data (close() is the test's to call) */
	nfd_binding_backend_free(self->backend);
	nfd_binding_store_free(self->store);
	g_clear_pointer(&self->config, nfd_config_free);
	g_free(self);
}

void
nfd_backend_test_set_config(NfdBackendTest *self, const gchar *config_text)
{
	g_autoptr(GError) error = NULL;
	NfdConfig *config = nfd_config_new();

	g_assert_true(nfd_config_load_data(config, config_text, "test.conf", &error));
	g_assert_no_error(error);
	/* as on SIGHUP: the backend sees the new configuration from now on */
	nfd_binding_backend_set_config(self->backend, config);
	g_clear_pointer(&self->config, nfd_config_free);
	self->config = config;
}

gboolean
nfd_backend_test_open(NfdBackendTest *self, GError **error)
{
	g_autofree gchar *group = g_strdup_printf("binding-backend:%s", self->desc->name);

	return self->desc->open(self->backend,
				nfd_config_get_section(self->config, group),
				self->sink,
				error);
}

/* the backend's check() hook on its group, as --check-config runs it (TRUE if it has none) */
gboolean
nfd_backend_test_check(NfdBackendTest *self, GError **error)
{
	g_autofree gchar *group = g_strdup_printf("binding-backend:%s", self->desc->name);

	if (self->desc->check == NULL)
		return TRUE;
	return self->desc->check(self->backend, nfd_config_get_section(self->config, group), error);
}

gboolean
nfd_backend_test_rescan(NfdBackendTest *self, GError **error)
{
	return self->desc->rescan(self->backend, error);
}

void
nfd_backend_test_close(NfdBackendTest *self)
{
	self->desc->close(self->backend);
}

const NfdBinding *
nfd_backend_test_lookup(NfdBackendTest *self, const gchar *tap)
{
	return nfd_binding_store_lookup_tap(self->store, tap);
}

guint
nfd_backend_test_size(NfdBackendTest *self)
{
	return nfd_binding_store_get_size(self->store);
}

guint
nfd_backend_test_errors(NfdBackendTest *self)
{
	return (guint)nfd_binding_store_get_error_count(self->store);
}

guint
nfd_backend_test_listings(NfdBackendTest *self)
{
	return (guint)nfd_binding_store_get_listing_count(self->store);
}
