/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nfd-test-malloc: counts the heap allocations a stretch of test code makes, to prove a packet
 * path allocates nothing (the house rule "no allocation per packet").  Linking
 * nfd-test-malloc.c into a test executable replaces malloc(), calloc() and realloc() for the
 * whole process (the executable's definitions come first in symbol lookup, for GLib as for the
 * test) with counting wrappers around glibc's own allocator.  Only in builds without sanitizers,
 * whose runtimes own malloc: there nfd_test_malloc_available() is FALSE and a test skips.
 */
#pragma once

#include <glib.h>

/* TRUE when allocations are counted (nfd-test-malloc.c is linked in) */
gboolean
nfd_test_malloc_available(void);
/* start (TRUE) or pause (FALSE) counting; returns the previous state */
gboolean
nfd_test_malloc_count(gboolean on);
/* the allocations counted since the last reset */
guint
nfd_test_malloc_get(void);
void
nfd_test_malloc_reset(void);
