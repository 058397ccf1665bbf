/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test-only helper shared by the ra and ndp plugin tests (issue 16): after a reload stops a
 * plugin instance, the core frees it from a main-loop callback, and its per-tap state (an
 * nfd-tap-table) must be released over later turns, a few chunks each, not in that one turn.
 * Heap use is read with glibc's mallinfo2(), which a sanitizer's allocator bypasses: then the
 * check is skipped, saying so.
 */
#pragma once

#include <malloc.h>

#include "nfd-testkit.h"

static gsize
nfd_test_heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();

	/* chunks of more than 128 KiB are mmap()ed: counted in hblkhd */
	return mi.uordblks + mi.hblkhd;
}

/* whether mallinfo2() sees g_malloc() (a sanitizer's allocator bypasses glibc's) */
static gboolean
nfd_test_heap_measurable(void)
{
	gsize before = nfd_test_heap_in_use();
	g_autofree gpointer block = g_malloc(1 << 20);
	gsize after = nfd_test_heap_in_use();

	return after >= before + (1 << 20);
}

static gboolean
nfd_test_free_kit_cb(gpointer kit)
{
	nfd_testkit_free(kit);
	return G_SOURCE_REMOVE;
}

/* stops @kit's started instance as a reload does, frees it from a main-loop callback, and
 * checks that at least @min_freed bytes are released after that turn, over @min_turns or
 * more later ones; takes @kit */
static void
nfd_test_assert_freed_in_slices(NfdTestkit *kit, gsize min_freed, guint min_turns)
{
	gsize held;
	guint turns = 0;

	nfd_testkit_stop(kit, NFD_STOP_REASON_RELOAD);
	if (!nfd_test_heap_measurable()) {
		g_test_skip("mallinfo2() does not see this allocator (a sanitizer's)");
		nfd_testkit_free(kit);
		return;
	}
	g_idle_add(nfd_test_free_kit_cb, kit);
	g_main_context_iteration(NULL, TRUE);
	held = nfd_test_heap_in_use();
	while (g_main_context_iteration(NULL, FALSE))
		turns++;
	g_assert_cmpuint(held - MIN(held, nfd_test_heap_in_use()), >=, min_freed);
	g_assert_cmpuint(turns, >=, min_turns);
}
