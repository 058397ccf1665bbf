/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdStringPool: the process's interned, reference-counted strings, so that a value many
 * bindings share (a bridge INDEV, TAGS, a plugin key's name and its common values such as a
 * ROUTES list or a CAPTIVE_PORTAL URI) is stored once, and two bindings' strings are equal
 * exactly when their pointers are (nfd_binding_equal() compares pointers).
 *
 * Main thread only, like the binding store (no lock: every binding is built and freed there).
 */
#pragma once

#include <glib.h>

/* the pooled copy of @str, with one more reference; NULL for NULL */
const gchar *
nfd_string_pool_ref(const gchar *str);
/* drops one reference of a string nfd_string_pool_ref() returned; NULL is ignored */
void
nfd_string_pool_unref(const gchar *str);
/* how many distinct strings are pooled (for tests) */
guint
nfd_string_pool_get_size(void);
