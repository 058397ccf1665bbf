/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Core-only view of NfdFields (nfd-fields.h): making one, and showing it as text lines or as
 * JSON.  Bounded: at most NFD_FIELDS_MAX fields of at most NFD_FIELDS_VALUE_MAX bytes each, so
 * a decoder walking a long message cannot grow a control reply without end.
 */
#pragma once

#include "nfd-fields.h"
#include "nfd-json.h"

#define NFD_FIELDS_MAX 512
#define NFD_FIELDS_VALUE_MAX 1024

NfdFields *
nfd_fields_new(void);
void
nfd_fields_free(NfdFields *self);
guint
nfd_fields_get_length(const NfdFields *self);
const gchar *
nfd_fields_get_name(const NfdFields *self, guint i);
const gchar *
nfd_fields_get_value(const NfdFields *self, guint i);
/* the value of the first field called @name, or NULL */
const gchar *
nfd_fields_lookup(const NfdFields *self, const gchar *name);
/* "PREFIX NAME: VALUE" lines, names padded to a column */
void
nfd_fields_to_text(const NfdFields *self, const gchar *prefix, GString *out);
/* [[name, value], ...] */
void
nfd_fields_to_json(const NfdFields *self, NfdJsonWriter *json);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdFields, nfd_fields_free)
