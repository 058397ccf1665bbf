/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target of the inotify record walker (nfd-inotify-walk.c) the directory backend reads
 * its events with.  Input: one read() buffer.  Checked: every name lies inside its own record
 * and ends there, the cursor only moves forward and stays in the buffer, every record takes
 * at least a header; each name also goes through the backend's ignored-name rule.
 */
#include <stdint.h>
#include <string.h>
#include <sys/inotify.h>

#include "nfd-binding-backend.h"
#include "nfd-inotify-walk.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	NfdInotifyWalker walker;
	NfdInotifyEvent ev;
	gsize start = 0;
	guint n = 0;

	nfd_inotify_walker_init(&walker, data, size);
	while (nfd_inotify_walker_next(&walker, &ev)) {
		g_assert_cmpuint(walker.off, >=, start + sizeof(struct inotify_event));
		g_assert_cmpuint(walker.off, <=, size);
		if (ev.name != NULL) {
			const guint8 *name = (const guint8 *)ev.name;
			g_assert_true(name == data + start + sizeof(struct inotify_event));
			g_assert_nonnull(memchr(name, '\0', (gsize)(data + walker.off - name)));
			(void)nfd_binding_file_name_is_ignored(ev.name);
		}
		start = walker.off;
		n++;
	}
	g_assert_cmpuint(n, <=, size / sizeof(struct inotify_event));
	g_assert_cmpuint(walker.off, <=, size);
	return 0;
}
