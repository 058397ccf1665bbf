/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target of the GRNET binding file parser (core/nfd-binding-file.c): the input is a
 * binding file; its first line, as a file name, also goes through the ignored-name rule.
 * On success the binding is printed and compared with a second parse of the same bytes.
 */
#include <stdint.h>
#include <string.h>

#include "nfd-binding-backend.h"
#include "nfd-binding-private.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(NfdBinding) binding = NULL;
	g_autoptr(NfdBinding) again = NULL;
	g_autofree gchar *name = NULL;
	const guint8 *nl = memchr(data, '\n', size);

	name = g_strndup((const gchar *)data, nl != NULL ? (gsize)(nl - data) : size);
	(void)nfd_binding_file_name_is_ignored(name);

	binding = nfd_binding_new_from_data("tap7", (const gchar *)data, size, NULL);
	if (binding != NULL) {
		g_autofree gchar *str = nfd_binding_to_string(binding);
		again = nfd_binding_new_from_data("tap7", (const gchar *)data, size, NULL);
		g_assert_nonnull(again);
		g_assert_true(nfd_binding_equal(binding, again));
		g_assert_nonnull(str);
	}
	return 0;
}
