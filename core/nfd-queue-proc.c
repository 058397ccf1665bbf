/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdQueueProc: reading the kernel's NFQUEUE counters (see nfd-queue-proc.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "nfd-common.h"
#include "nfd-queue-proc.h"

/* the file has one short line per bound queue: this is room for thousands */
#define NFD_QUEUE_PROC_MAX (256 * 1024)

struct _NfdQueueProc {
	gint fd;
};

static gboolean
parse_u32(const gchar **p, guint32 *out)
{
	gchar *end = NULL;
	guint64 v;

	while (**p == ' ' || **p == '\t')
		(*p)++;
	if (!g_ascii_isdigit(**p))
		return FALSE;
	errno = 0;
	v = g_ascii_strtoull(*p, &end, 10);
	if (errno != 0 || end == *p || v > G_MAXUINT32)
		return FALSE;
	*out = (guint32)v;
	*p = end;
	return TRUE;
}

gboolean
nfd_queue_proc_parse(const gchar *text, guint16 queue, NfdQueueKernelStats *out)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

	for (guint i = 0; lines[i] != NULL; i++) {
		const gchar *p = lines[i];
		guint32 v[8];
		gboolean ok = TRUE;

		for (guint j = 0; j < G_N_ELEMENTS(v) && ok; j++)
			ok = parse_u32(&p, &v[j]);
		if (!ok || v[0] != queue)
			continue;
		out->queue = queue;
		out->portid = v[1];
		out->pending = v[2];
		out->copy_mode = v[3];
		out->copy_range = v[4];
		out->queue_dropped = v[5];
		out->user_dropped = v[6];
		out->id_sequence = v[7];
		return TRUE;
	}
	return FALSE;
}

NfdQueueProc *
nfd_queue_proc_open(const gchar *path, GError **error)
{
	NfdQueueProc *self;
	gint fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "cannot open %s: %s",
			    path,
			    g_strerror(errno));
		return NULL;
	}
	self = g_new0(NfdQueueProc, 1);
	self->fd = fd;
	return self;
}

void
nfd_queue_proc_free(NfdQueueProc *self)
{
	if (self == NULL)
		return;
	close(self->fd);
	g_free(self);
}

gchar *
nfd_queue_proc_read(NfdQueueProc *self)
{
	g_autoptr(GString) text = g_string_new(NULL);
	gchar buf[4096];

	if (lseek(self->fd, 0, SEEK_SET) < 0)
		return NULL;
	while (text->len < NFD_QUEUE_PROC_MAX) {
		gssize n = read(self->fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return NULL;
		if (n == 0)
			break;
		g_string_append_len(text, buf, n);
	}
	return g_string_free(g_steal_pointer(&text), FALSE);
}
