/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-tap plugin state in chunks, freed in slices (see nfd-tap-table.h).
 */
#include <string.h>

#include "nfd-tap-table.h"

typedef struct {
	gchar tap[IFNAMSIZ];
	/* the entry follows, 8-byte aligned (IFNAMSIZ is 16) */
} NfdTapSlot;

G_STATIC_ASSERT(sizeof(NfdTapSlot) % 8 == 0);

struct _NfdTapTable {
	GHashTable *index; /* slot->tap -> entry, no destroy functions: dropping it is O(1) */
	GPtrArray *chunks; /* NFD_TAP_TABLE_CHUNK slots each */
	gsize slot_size;
	guint used;	     /* slots handed out of the last chunk */
	gpointer free_slots; /* removed entries, linked through their first pointer */
};

/* chunks of freed tables still to be released, and the idle source releasing them */
static GPtrArray *pending;
static guint pending_source;

static gpointer
slot_entry(NfdTapSlot *slot)
{
	return (guint8 *)slot + sizeof(NfdTapSlot);
}

static NfdTapSlot *
entry_slot(gconstpointer entry)
{
	return (NfdTapSlot *)(gpointer)((const guint8 *)entry - sizeof(NfdTapSlot));
}

NfdTapTable *
nfd_tap_table_new(gsize entry_size)
{
	NfdTapTable *self = g_new0(NfdTapTable, 1);

	self->index = g_hash_table_new(g_str_hash, g_str_equal);
	self->chunks = g_ptr_array_new();
	self->slot_size = sizeof(NfdTapSlot) + MAX((entry_size + 7) / 8 * 8, sizeof(gpointer));
	self->used = NFD_TAP_TABLE_CHUNK;
	return self;
}

static gboolean
pending_cb(gpointer user_data)
{
	for (guint n = 0; n < NFD_TAP_TABLE_FREE_PER_TURN && pending->len > 0; n++)
		g_free(g_ptr_array_steal_index_fast(pending, pending->len - 1));
	if (pending->len > 0)
		return G_SOURCE_CONTINUE;
	pending_source = 0;
	return G_SOURCE_REMOVE;
}

void
nfd_tap_table_free(NfdTapTable *self)
{
	if (self == NULL)
		return;
	g_hash_table_unref(self->index);
	/* outside a main loop nothing would run the idle source: everything now */
	if (g_main_depth() == 0 || self->chunks->len <= NFD_TAP_TABLE_FREE_PER_TURN) {
		for (guint i = 0; i < self->chunks->len; i++)
			g_free(g_ptr_array_index(self->chunks, i));
	} else {
		if (pending == NULL)
			pending = g_ptr_array_new();
		for (guint i = 0; i < self->chunks->len; i++)
			g_ptr_array_add(pending, g_ptr_array_index(self->chunks, i));
		/* the default priority, as packets: a busy daemon still gets the memory back */
		if (pending_source == 0)
			pending_source =
			    g_idle_add_full(G_PRIORITY_DEFAULT, pending_cb, NULL, NULL);
	}
	g_ptr_array_unref(self->chunks);
	g_free(self);
}

gpointer
nfd_tap_table_lookup(NfdTapTable *self, const gchar *tap)
{
	return g_hash_table_lookup(self->index, tap);
}

static NfdTapSlot *
slot_take(NfdTapTable *self)
{
	NfdTapSlot *slot;

	if (self->free_slots != NULL) {
		slot = entry_slot(self->free_slots);
		self->free_slots = *(gpointer *)self->free_slots;
		return slot;
	}
	if (self->used == NFD_TAP_TABLE_CHUNK) {
		g_ptr_array_add(self->chunks, g_malloc(self->slot_size * NFD_TAP_TABLE_CHUNK));
		self->used = 0;
	}
	slot = (NfdTapSlot *)(gpointer)((guint8 *)g_ptr_array_index(self->chunks,
								    self->chunks->len - 1) +
					self->slot_size * self->used++);
	return slot;
}

gpointer
nfd_tap_table_insert(NfdTapTable *self, const gchar *tap, gboolean *added)
{
	gpointer entry = g_hash_table_lookup(self->index, tap);
	NfdTapSlot *slot;

	if (added != NULL)
		*added = entry == NULL;
	if (entry != NULL)
		return entry;
	slot = slot_take(self);
	memset(slot, 0, self->slot_size);
	/* a binding's tap name fits IFNAMSIZ (nfd_binding_get_tap()) */
	g_strlcpy(slot->tap, tap, sizeof(slot->tap));
	entry = slot_entry(slot);
	g_hash_table_insert(self->index, slot->tap, entry);
	return entry;
}

gboolean
nfd_tap_table_remove(NfdTapTable *self, const gchar *tap)
{
	gpointer entry = g_hash_table_lookup(self->index, tap);

	if (entry == NULL)
		return FALSE;
	g_hash_table_remove(self->index, tap);
	*(gpointer *)entry = self->free_slots;
	self->free_slots = entry;
	return TRUE;
}

guint
nfd_tap_table_get_size(NfdTapTable *self)
{
	return g_hash_table_size(self->index);
}

const gchar *
nfd_tap_table_entry_get_tap(gconstpointer entry)
{
	return entry_slot(entry)->tap;
}

void
nfd_tap_table_iter_init(GHashTableIter *iter, NfdTapTable *self)
{
	g_hash_table_iter_init(iter, self->index);
}

gboolean
nfd_tap_table_iter_next(GHashTableIter *iter, gpointer *entry)
{
	return g_hash_table_iter_next(iter, NULL, entry);
}

/* chunks of freed tables not released yet (tests) */
guint
nfd_tap_table_get_pending_chunks(void)
{
	return pending != NULL ? pending->len : 0;
}
