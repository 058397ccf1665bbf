/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nfd-test-malloc (see nfd-test-malloc.h): malloc(), calloc() and realloc() replaced by
 * wrappers that count while counting is on and call glibc's __libc_* allocator, so the
 * process's allocator is unchanged (free() stays glibc's).  glibc documents replacing these
 * functions ("Replacing malloc" in its manual); memalign and friends are left alone, GLib's
 * g_malloc family and GArray/GHashTable/GString only use these three.
 */
#include <stddef.h>

#include "nfd-test-malloc.h"

extern void *
__libc_malloc(size_t size);
extern void *
__libc_calloc(size_t n, size_t size);
extern void *
__libc_realloc(void *ptr, size_t size);

static gint counting;
static guint counted;

static void
count(void)
{
	if (g_atomic_int_get(&counting))
		g_atomic_int_inc(&counted);
}

void *
malloc(size_t size)
{
	count();
	return __libc_malloc(size);
}

void *
calloc(size_t n, size_t size)
{
	count();
	return __libc_calloc(n, size);
}

void *
realloc(void *ptr, size_t size)
{
	count();
	return __libc_realloc(ptr, size);
}

gboolean
nfd_test_malloc_available(void)
{
	return TRUE;
}

gboolean
nfd_test_malloc_count(gboolean on)
{
	return g_atomic_int_exchange(&counting, on ? 1 : 0) != 0;
}

guint
nfd_test_malloc_get(void)
{
	return (guint)g_atomic_int_get(&counted);
}

void
nfd_test_malloc_reset(void)
{
	g_atomic_int_set(&counted, 0);
}
