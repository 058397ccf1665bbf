/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdStringPool (see nfd-string-pool.h).  Each string lives in one allocation behind its
 * reference count; the set's key is the string itself, so a plain string looks it up and the
 * set costs one slot (hash and pointer) per distinct string.
 */
#include <string.h>

#include "nfd-string-pool.h"

typedef struct {
	guint refcount;
	gchar str[];
} NfdPooledString;

static GHashTable *pool; /* gchar * (inside an NfdPooledString) -> itself */

static NfdPooledString *
pooled_of(const gchar *str)
{
	return (NfdPooledString *)(gpointer)(str - G_STRUCT_OFFSET(NfdPooledString, str));
}

const gchar *
nfd_string_pool_ref(const gchar *str)
{
	NfdPooledString *p;
	gchar *found;
	gsize len;

	if (str == NULL)
		return NULL;
	if (G_UNLIKELY(pool == NULL))
		pool = g_hash_table_new(g_str_hash, g_str_equal);
	found = g_hash_table_lookup(pool, str);
	if (found != NULL) {
		pooled_of(found)->refcount++;
		return found;
	}
	len = strlen(str);
	p = g_malloc(sizeof(NfdPooledString) + len + 1);
	p->refcount = 1;
	memcpy(p->str, str, len + 1);
	g_hash_table_add(pool, p->str);
	return p->str;
}

void
nfd_string_pool_unref(const gchar *str)
{
	NfdPooledString *p;

	if (str == NULL)
		return;
	p = pooled_of(str);
	g_return_if_fail(p->refcount > 0);
	if (--p->refcount > 0)
		return;
	g_hash_table_remove(pool, p->str);
	g_free(p);
	if (g_hash_table_size(pool) == 0)
		g_clear_pointer(&pool, g_hash_table_unref);
}

guint
nfd_string_pool_get_size(void)
{
	return pool != NULL ? g_hash_table_size(pool) : 0;
}
