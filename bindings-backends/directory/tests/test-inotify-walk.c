/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of NfdInotifyWalker over real inotify read() buffers (tests/data/inotify/, captured
 * with the backend's watch mask by tests/fuzz/capture-inotify.py): a file written in place,
 * one renamed over, removals, a subdirectory, a 255-octet name, the queue overflow, the
 * directory moved and removed; then the same buffers truncated, misaligned and altered.
 */
#include <string.h>
#include <sys/inotify.h>

#include "nfd-inotify-walk.h"

typedef struct {
	gint32 wd;
	guint32 mask;
	guint32 cookie;
	gchar *name; /* NULL: none */
} Event;

static void
event_clear(gpointer data)
{
	Event *event = data;
	g_free(event->name);
}

static GBytes *
load(const gchar *name)
{
	g_autofree gchar *path = g_test_build_filename(G_TEST_DIST, "data", "inotify", name, NULL);
	g_autoptr(GError) error = NULL;
	gchar *data = NULL;
	gsize len = 0;

	g_assert_true(g_file_get_contents(path, &data, &len, &error));
	g_assert_no_error(error);
	return g_bytes_new_take(data, len);
}

/* every record of @buf, names copied out; checks that each name lies inside its record */
static GArray *
walk_buf(const guint8 *buf, gsize len)
{
	GArray *events = g_array_new(FALSE, TRUE, sizeof(Event));
	NfdInotifyWalker walker;
	NfdInotifyEvent ev;
	gsize last_off = 0;

	g_array_set_clear_func(events, event_clear);
	nfd_inotify_walker_init(&walker, buf, len);
	while (nfd_inotify_walker_next(&walker, &ev)) {
		Event copy = {.wd = ev.wd, .mask = ev.mask, .cookie = ev.cookie};
		if (ev.name != NULL) {
			g_assert_true((const guint8 *)ev.name >= buf + last_off + 16);
			g_assert_true((const guint8 *)ev.name + strlen(ev.name) < buf + walker.off);
			copy.name = g_strdup(ev.name);
		}
		g_assert_cmpuint(walker.off, >, last_off);
		last_off = walker.off;
		g_array_append_val(events, copy);
	}
	g_assert_cmpuint(walker.off, <=, len);
	return events;
}

static GArray *
walk_file(const gchar *name)
{
	g_autoptr(GBytes) bytes = load(name);
	gsize len = 0;
	const guint8 *buf = g_bytes_get_data(bytes, &len);

	return walk_buf(buf, len);
}

static const Event *
event_at(GArray *events, guint i)
{
	g_assert_cmpuint(events->len, >, i);
	return &g_array_index(events, Event, i);
}

static void
test_close_write(void)
{
	g_autoptr(GArray) events = walk_file("close-write.bin");

	g_assert_cmpuint(events->len, ==, 1);
	g_assert_cmpint(event_at(events, 0)->wd, ==, 1);
	g_assert_cmpuint(event_at(events, 0)->mask, ==, IN_CLOSE_WRITE);
	g_assert_cmpstr(event_at(events, 0)->name, ==, "tap7");
}

static void
test_rename_over(void)
{
	g_autoptr(GArray) events = walk_file("rename-over.bin");

	g_assert_cmpuint(events->len, ==, 3);
	g_assert_cmpuint(event_at(events, 0)->mask, ==, IN_CLOSE_WRITE);
	g_assert_cmpstr(event_at(events, 0)->name, ==, "tap8.tmp");
	g_assert_cmpuint(event_at(events, 1)->mask, ==, IN_MOVED_FROM);
	g_assert_cmpstr(event_at(events, 1)->name, ==, "tap8.tmp");
	g_assert_cmpuint(event_at(events, 2)->mask, ==, IN_MOVED_TO);
	g_assert_cmpstr(event_at(events, 2)->name, ==, "tap8");
	g_assert_cmpuint(event_at(events, 1)->cookie, !=, 0);
	g_assert_cmpuint(event_at(events, 1)->cookie, ==, event_at(events, 2)->cookie);
}

static void
test_delete_rewrite(void)
{
	g_autoptr(GArray) events = walk_file("delete-rewrite.bin");

	g_assert_cmpuint(events->len, ==, 2);
	g_assert_cmpuint(event_at(events, 0)->mask, ==, IN_DELETE);
	g_assert_cmpstr(event_at(events, 0)->name, ==, "tap8");
	g_assert_cmpuint(event_at(events, 1)->mask, ==, IN_CLOSE_WRITE);
	g_assert_cmpstr(event_at(events, 1)->name, ==, "tap8");
}

static void
test_subdir_flagged(void)
{
	g_autoptr(GArray) events = walk_file("subdir.bin");

	g_assert_cmpuint(events->len, ==, 3);
	for (guint i = 0; i < events->len; i++)
		g_assert_cmpuint(event_at(events, i)->mask & IN_ISDIR, !=, 0);
	g_assert_cmpuint(event_at(events, 2)->mask, ==, IN_DELETE | IN_ISDIR);
	g_assert_cmpstr(event_at(events, 2)->name, ==, "sub2");
}

static void
test_name_255(void)
{
	g_autoptr(GArray) events = walk_file("name-lengths.bin");

	g_assert_cmpuint(events->len, ==, 2);
	g_assert_cmpstr(event_at(events, 0)->name, ==, "t");
	g_assert_cmpuint(strlen(event_at(events, 1)->name), ==, 255);
}

static void
test_overflow(void)
{
	g_autoptr(GArray) events = walk_file("overflow-last.bin");

	g_assert_cmpuint(events->len, ==, 1);
	g_assert_cmpint(event_at(events, 0)->wd, ==, -1);
	g_assert_cmpuint(event_at(events, 0)->mask, ==, IN_Q_OVERFLOW);
	g_assert_null(event_at(events, 0)->name);
}

static void
test_directory_gone(void)
{
	g_autoptr(GArray) moved = walk_file("move-self.bin");
	g_autoptr(GArray) deleted = walk_file("delete-self.bin");

	g_assert_cmpuint(moved->len, ==, 1);
	g_assert_cmpuint(event_at(moved, 0)->mask, ==, IN_MOVE_SELF);
	g_assert_null(event_at(moved, 0)->name);
	g_assert_cmpuint(deleted->len, ==, 2);
	g_assert_cmpuint(event_at(deleted, 0)->mask, ==, IN_DELETE_SELF);
	g_assert_cmpuint(event_at(deleted, 1)->mask, ==, IN_IGNORED);
}

static const gchar *const captures[] = {"close-write.bin",
					"rename-over.bin",
					"delete.bin",
					"delete-rewrite.bin",
					"subdir.bin",
					"name-lengths.bin",
					"editor-files.bin",
					"overflow-last.bin",
					"move-self.bin",
					"delete-self.bin",
					NULL};

/* a buffer cut anywhere gives the whole records before the cut, and nothing of the rest:
 * each prefix is copied to a buffer of its own size, so that a read past it is caught by
 * the sanitizers */
static void
test_truncated(void)
{
	for (guint i = 0; captures[i] != NULL; i++) {
		g_autoptr(GBytes) bytes = load(captures[i]);
		gsize len = 0;
		const guint8 *data = g_bytes_get_data(bytes, &len);
		g_autoptr(GArray) full = walk_buf(data, len);

		for (gsize cut = 0; cut < len; cut++) {
			g_autofree guint8 *buf = g_memdup2(data, cut);
			g_autoptr(GArray) events = walk_buf(buf, cut);

			g_assert_cmpuint(events->len, <, full->len);
			for (guint j = 0; j < events->len; j++) {
				g_assert_cmpuint(event_at(events, j)->mask,
						 ==,
						 event_at(full, j)->mask);
				g_assert_cmpstr(event_at(events, j)->name,
						==,
						event_at(full, j)->name);
			}
		}
	}
}

/* the backend's buffer is aligned for struct inotify_event, a copy need not be */
static void
test_unaligned(void)
{
	g_autoptr(GBytes) bytes = load("rename-over.bin");
	gsize len = g_bytes_get_size(bytes);
	g_autofree guint8 *buf = g_malloc(len + 1);
	g_autoptr(GArray) events = NULL;

	memcpy(buf + 1, g_bytes_get_data(bytes, NULL), len);
	events = walk_buf(buf + 1, len);
	g_assert_cmpuint(events->len, ==, 3);
	g_assert_cmpstr(event_at(events, 2)->name, ==, "tap8");
}

/* a name length running past the buffer ends the walk there, the records before it stay */
static void
test_name_past_buffer(void)
{
	g_autoptr(GBytes) bytes = load("rename-over.bin");
	gsize len = g_bytes_get_size(bytes);
	g_autofree guint8 *buf = g_memdup2(g_bytes_get_data(bytes, NULL), len);
	const guint32 lens[] = {len - 32 - 16 + 1, 0x7fffffff, 0xfffffff0};

	for (guint i = 0; i < G_N_ELEMENTS(lens); i++) {
		g_autoptr(GArray) events = NULL;
		struct inotify_event ev;

		/* the second record's len */
		memcpy(&ev, buf + 32, sizeof(ev));
		ev.len = lens[i];
		memcpy(buf + 32, &ev, sizeof(ev));
		events = walk_buf(buf, len);
		g_assert_cmpuint(events->len, ==, 1);
		g_assert_cmpstr(event_at(events, 0)->name, ==, "tap8.tmp");
	}
}

/* a name without a NUL inside its record is no name; the record itself still counts */
static void
test_name_unterminated(void)
{
	g_autoptr(GBytes) bytes = load("close-write.bin");
	gsize len = g_bytes_get_size(bytes);
	g_autofree guint8 *buf = g_memdup2(g_bytes_get_data(bytes, NULL), len);
	g_autoptr(GArray) events = NULL;

	g_assert_cmpuint(len, ==, 32);
	memset(buf + 16, 'x', 16);
	events = walk_buf(buf, len);
	g_assert_cmpuint(events->len, ==, 1);
	g_assert_cmpuint(event_at(events, 0)->mask, ==, IN_CLOSE_WRITE);
	g_assert_null(event_at(events, 0)->name);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/inotify-walk/close-write", test_close_write);
	g_test_add_func("/nfd/inotify-walk/rename-over", test_rename_over);
	g_test_add_func("/nfd/inotify-walk/delete-rewrite", test_delete_rewrite);
	g_test_add_func("/nfd/inotify-walk/subdir-flagged", test_subdir_flagged);
	g_test_add_func("/nfd/inotify-walk/name-255", test_name_255);
	g_test_add_func("/nfd/inotify-walk/overflow", test_overflow);
	g_test_add_func("/nfd/inotify-walk/directory-gone", test_directory_gone);
	g_test_add_func("/nfd/inotify-walk/truncated", test_truncated);
	g_test_add_func("/nfd/inotify-walk/unaligned", test_unaligned);
	g_test_add_func("/nfd/inotify-walk/name-past-buffer", test_name_past_buffer);
	g_test_add_func("/nfd/inotify-walk/name-unterminated", test_name_unterminated);
	return g_test_run();
}
