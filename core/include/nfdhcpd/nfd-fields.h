/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdFields: named values a module hands to the core for the operator to read.  A plugin's
 * explain_decode() writes a decoded message into one, field by field and option by option
 * (`nfdhcpctl explain`); a binding backend's status() writes its state into one
 * (`nfdhcpctl status`, SIGUSR1).  The core shows them as "name: value" lines, or as JSON
 * (`nfdhcpctl --json`: an array of [name, value] pairs, in order), so scripts read them by name:
 * keep names short, lower case and stable across releases ("yiaddr", "option 3 router").
 */
#pragma once

#include "nfd-common.h"

G_BEGIN_DECLS

/**
 * NfdFields:
 *
 * An ordered list of (name, value) text pairs (opaque, owned by the core, valid during the
 * call it is handed to).  A name may repeat (an option given twice).  The core caps the
 * number of fields (a few hundred) and their length, so a decoder need not count.
 *
 * Since: 1.1
 */
typedef struct _NfdFields NfdFields;

/**
 * nfd_fields_add:
 * @self: the fields
 * @name: the field's name (copied)
 * @format: a printf() format for the value
 * @...: its arguments
 *
 * Appends one field.  Values are text for a human and a script: addresses in their usual
 * notation, times in seconds, flags as words.  Bytes that are not UTF-8 are shown escaped.
 *
 * Since: 1.1
 */
void
nfd_fields_add(NfdFields *self, const gchar *name, const gchar *format, ...) G_GNUC_PRINTF(3, 4);

G_END_DECLS
