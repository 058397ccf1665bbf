/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdBindingBackend: calls into the selected backend module, and the SDK functions a backend
 * calls on its object.  The backend's config group is [binding-backend:<name>].
 */
#include <string.h>

#include "nfd-binding-backend-private.h"

struct _NfdBindingBackend {
	NfdBindingBackendDescriptor desc;
	gchar *filename;
	gpointer data;
	GDestroyNotify destroy;
	NfdConfig *config; /* borrowed; replaced on reload */
	gboolean opened;
};

NfdBindingBackend *
nfd_binding_backend_new(const NfdBindingBackendDescriptor *desc, const gchar *filename)
{
	NfdBindingBackend *self = g_new0(NfdBindingBackend, 1);

	memcpy(&self->desc, desc, MIN((gsize)desc->struct_size, sizeof(self->desc)));
	self->desc.struct_size = sizeof(self->desc);
	/* SDK 1.1's status() came from reserved[]: a 1.0 backend has none, whatever is there */
	if (desc->api_minor < 1)
		self->desc.status = NULL;
	self->filename = g_strdup(filename);
	return self;
}

void
nfd_binding_backend_free(NfdBindingBackend *self)
{
	if (self == NULL)
		return;
	if (self->opened && self->desc.close != NULL)
		self->desc.close(self);
	if (self->destroy != NULL && self->data != NULL)
		self->destroy(self->data);
	g_free(self->filename);
	g_free(self);
}

static gchar *
group_name(NfdBindingBackend *self)
{
	return g_strdup_printf("binding-backend:%s", self->desc.name);
}

gboolean
nfd_binding_backend_open(NfdBindingBackend *self,
			 NfdConfig *config,
			 NfdBindingSink *sink,
			 GError **error)
{
	g_autofree gchar *group = group_name(self);
	g_autoptr(GError) error_local = NULL;

	self->config = config;
	if (self->desc.open == NULL) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "binding backend %s has no open()",
			    self->desc.name);
		return FALSE;
	}
	/* close() must run even when open() fails half-way */
	self->opened = TRUE;
	if (!self->desc.open(self, nfd_config_get_section(config, group), sink, &error_local)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_BINDING,
			    "binding backend %s: %s",
			    self->desc.name,
			    error_local != NULL ? error_local->message : "open failed");
		return FALSE;
	}
	return TRUE;
}

/* the configuration only: for --check-config, and before a reload changes anything */
gboolean
nfd_binding_backend_check(NfdBindingBackend *self, NfdConfig *config, GError **error)
{
	g_autofree gchar *group = group_name(self);
	g_autoptr(GError) error_local = NULL;
	gboolean ok;

	if (self->desc.check == NULL)
		return TRUE;
	self->config = config;
	ok = self->desc.check(self, nfd_config_get_section(config, group), &error_local);
	self->config = NULL;
	if (!ok) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "binding backend %s: %s",
			    self->desc.name,
			    error_local != NULL ? error_local->message : "configuration refused");
		return FALSE;
	}
	return TRUE;
}

gboolean
nfd_binding_backend_rescan(NfdBindingBackend *self, NfdConfig *config, GError **error)
{
	self->config = config;
	if (self->desc.rescan == NULL)
		return TRUE;
	return self->desc.rescan(self, error);
}

void
nfd_binding_backend_set_config(NfdBindingBackend *self, NfdConfig *config)
{
	self->config = config;
}

void
nfd_binding_backend_set_data(NfdBindingBackend *self, gpointer data, GDestroyNotify destroy)
{
	if (self->destroy != NULL && self->data != NULL && self->data != data)
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
	if (self->config == NULL)
		return g_ptr_array_new();
	return nfd_config_get_sections(self->config, prefix);
}

/* SDK 1.1: the backend's own state; FALSE when it has no status() */
gboolean
nfd_binding_backend_status(NfdBindingBackend *self, NfdFields *out)
{
	if (self->desc.status == NULL)
		return FALSE;
	self->desc.status(self, out);
	return TRUE;
}

const gchar *
nfd_binding_backend_get_name(NfdBindingBackend *self)
{
	return self->desc.name;
}
