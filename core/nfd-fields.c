/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdFields: named values for the operator (see nfd-fields.h, nfd-fields-private.h).
 */
#include <stdarg.h>
#include <string.h>

#include "nfd-fields-private.h"

struct _NfdFields {
	GPtrArray *names;
	GPtrArray *values;
	guint dropped; /* fields past NFD_FIELDS_MAX */
};

NfdFields *
nfd_fields_new(void)
{
	NfdFields *self = g_new0(NfdFields, 1);

	self->names = g_ptr_array_new_with_free_func(g_free);
	self->values = g_ptr_array_new_with_free_func(g_free);
	return self;
}

void
nfd_fields_free(NfdFields *self)
{
	if (self == NULL)
		return;
	g_ptr_array_unref(self->names);
	g_ptr_array_unref(self->values);
	g_free(self);
}

/* printable UTF-8, at most NFD_FIELDS_VALUE_MAX bytes: the JSON writer escapes the rest, but a
 * terminal must not get control characters from a guest's option */
static gchar *
clean(const gchar *text)
{
	GString *out = g_string_new(NULL);
	const gchar *p = text;
	const gchar *end = text + strlen(text);

	while (p < end && out->len < NFD_FIELDS_VALUE_MAX) {
		gunichar u = g_utf8_get_char_validated(p, end - p);
		if (u == (gunichar)-1 || u == (gunichar)-2) {
			g_string_append_printf(out, "\\x%02x", (guchar)*p);
			p++;
			continue;
		}
		if (g_unichar_iscntrl(u))
			g_string_append_printf(out, "\\x%02x", (guint)u);
		else
			g_string_append_unichar(out, u);
		p = g_utf8_next_char(p);
	}
	if (p < end)
		g_string_append(out, "...");
	return g_string_free(out, FALSE);
}

void
nfd_fields_add(NfdFields *self, const gchar *name, const gchar *format, ...)
{
	g_autofree gchar *value = NULL;
	va_list args;

	g_return_if_fail(self != NULL && name != NULL && format != NULL);
	if (self->names->len >= NFD_FIELDS_MAX) {
		self->dropped++;
		return;
	}
	va_start(args, format);
	value = g_strdup_vprintf(format, args);
	va_end(args);
	g_ptr_array_add(self->names, clean(name));
	g_ptr_array_add(self->values, clean(value));
}

guint
nfd_fields_get_length(const NfdFields *self)
{
	return self->names->len;
}

const gchar *
nfd_fields_get_name(const NfdFields *self, guint i)
{
	return g_ptr_array_index(self->names, i);
}

const gchar *
nfd_fields_get_value(const NfdFields *self, guint i)
{
	return g_ptr_array_index(self->values, i);
}

const gchar *
nfd_fields_lookup(const NfdFields *self, const gchar *name)
{
	for (guint i = 0; i < self->names->len; i++) {
		if (g_strcmp0(g_ptr_array_index(self->names, i), name) == 0)
			return g_ptr_array_index(self->values, i);
	}
	return NULL;
}

void
nfd_fields_to_text(const NfdFields *self, const gchar *prefix, GString *out)
{
	guint width = 0;

	for (guint i = 0; i < self->names->len; i++)
		width = MAX(width, (guint)g_utf8_strlen(g_ptr_array_index(self->names, i), -1));
	width = MIN(width, 32);
	for (guint i = 0; i < self->names->len; i++) {
		const gchar *name = g_ptr_array_index(self->names, i);
		gint pad = (gint)width - (gint)g_utf8_strlen(name, -1);
		g_string_append_printf(out,
				       "%s%s:%*s %s\n",
				       prefix,
				       name,
				       MAX(pad, 0),
				       "",
				       (const gchar *)g_ptr_array_index(self->values, i));
	}
	if (self->dropped > 0)
		g_string_append_printf(out,
				       "%s(%u more fields not shown)\n",
				       prefix,
				       self->dropped);
}

void
nfd_fields_to_json(const NfdFields *self, NfdJsonWriter *json)
{
	nfd_json_begin_array(json);
	for (guint i = 0; i < self->names->len; i++) {
		nfd_json_begin_array(json);
		nfd_json_string(json, g_ptr_array_index(self->names, i));
		nfd_json_string(json, g_ptr_array_index(self->values, i));
		nfd_json_end_array(json);
	}
	nfd_json_end_array(json);
}
