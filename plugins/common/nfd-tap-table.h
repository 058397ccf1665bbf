/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdTapTable: a plugin's fixed-size state per tap (ndp's DAD snoop table, ra's schedule),
 * keyed by tap name, built so that 100,000 taps cost little to hold and nothing to drop
 * (issue 16).  The entries live in chunks of NFD_TAP_TABLE_CHUNK slots, each slot the tap name
 * inline (IFNAMSIZ, the hash key: no copy) and the zeroed entry; removed slots are reused.  A
 * lookup is one hash lookup and never allocates; an insert allocates only when a chunk fills.
 *
 * Freeing a table frees its index at once and its chunks — when it is freed from inside a
 * running main loop (a reload retiring an instance) — NFD_TAP_TABLE_FREE_PER_TURN chunks per
 * main-loop turn from an idle source that belongs to this code, not to the instance (plugin
 * modules are resident, so the source may outlive it), so a replaced instance with 100,000
 * taps never holds the loop for long.  Outside a main loop (exit, tests) it frees everything
 * at once, so leak checkers see nothing left.
 */
#pragma once

#include <net/if.h>

#include "nfd-common.h"

G_BEGIN_DECLS

#define NFD_TAP_TABLE_CHUNK 512
#define NFD_TAP_TABLE_FREE_PER_TURN 4

typedef struct _NfdTapTable NfdTapTable;

NfdTapTable *
nfd_tap_table_new(gsize entry_size);
void
nfd_tap_table_free(NfdTapTable *self);
gpointer
nfd_tap_table_lookup(NfdTapTable *self, const gchar *tap);
gpointer
nfd_tap_table_insert(NfdTapTable *self, const gchar *tap, gboolean *added);
gboolean
nfd_tap_table_remove(NfdTapTable *self, const gchar *tap);
guint
nfd_tap_table_get_size(NfdTapTable *self);
const gchar *
nfd_tap_table_entry_get_tap(gconstpointer entry);
void
nfd_tap_table_iter_init(GHashTableIter *iter, NfdTapTable *self);
gboolean
nfd_tap_table_iter_next(GHashTableIter *iter, gpointer *entry);
guint
nfd_tap_table_get_pending_chunks(void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdTapTable, nfd_tap_table_free)

G_END_DECLS
