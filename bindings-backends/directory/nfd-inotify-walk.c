/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdInotifyWalker: walks the records of one inotify read() (see nfd-inotify-walk.h).
 *
 * inotify(7): "Each successful read(2) returns a buffer containing one or more of the
 * following structures" — struct inotify_event {wd, mask, cookie, len} followed by len octets
 * of name, "null-terminated, and may include further null bytes ('\0') to align subsequent
 * reads to a suitable address boundary".  The kernel never returns a partial record; the
 * checks below are for any buffer.
 */
#include <string.h>
#include <sys/inotify.h>

#include "nfd-inotify-walk.h"

void
nfd_inotify_walker_init(NfdInotifyWalker *self, const guint8 *buf, gsize len)
{
	self->buf = buf;
	self->len = buf != NULL ? len : 0;
	self->off = 0;
}

/**
 * nfd_inotify_walker_next:
 * @event: (out): the next record; its name points into the buffer
 *
 * Returns: %FALSE at the end of the buffer, or at a record that does not fit in it (which
 *   ends the walk: nothing after it can be trusted to be a record)
 */
gboolean
nfd_inotify_walker_next(NfdInotifyWalker *self, NfdInotifyEvent *event)
{
	struct inotify_event ev;
	const gchar *name;
	gsize left = self->len - self->off;

	if (left < sizeof(ev))
		return FALSE;
	memcpy(&ev, self->buf + self->off, sizeof(ev));
	if (ev.len > left - sizeof(ev)) {
		self->off = self->len;
		return FALSE;
	}
	name = (const gchar *)self->buf + self->off + sizeof(ev);
	self->off += sizeof(ev) + ev.len;
	event->wd = ev.wd;
	event->mask = ev.mask;
	event->cookie = ev.cookie;
	event->name = ev.len > 0 && memchr(name, '\0', ev.len) != NULL ? name : NULL;
	return TRUE;
}
