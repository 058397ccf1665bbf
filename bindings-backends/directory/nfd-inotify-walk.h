/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdInotifyWalker: the struct inotify_event records of one read() from an inotify descriptor
 * (inotify(7)), one at a time.
 *
 * Pure code, used by the directory backend and fuzzed.  Each record is a fixed header then
 * len octets of name, NUL-padded; the walk stops at a header that does not fit or a name
 * length that runs past the buffer.  No name (len 0), or one without a NUL inside its record,
 * is given as NULL.  Headers are copied out, so the buffer needs no alignment.
 */
#pragma once

#include <glib.h>

typedef struct {
	gint32 wd;	   /* -1 with IN_Q_OVERFLOW */
	guint32 mask;	   /* IN_* */
	guint32 cookie;	   /* pairs IN_MOVED_FROM with IN_MOVED_TO */
	const gchar *name; /* inside the buffer, NUL-terminated; NULL: none */
} NfdInotifyEvent;

typedef struct {
	const guint8 *buf;
	gsize len;
	gsize off;
} NfdInotifyWalker;

void
nfd_inotify_walker_init(NfdInotifyWalker *self, const guint8 *buf, gsize len);
gboolean
nfd_inotify_walker_next(NfdInotifyWalker *self, NfdInotifyEvent *event);
