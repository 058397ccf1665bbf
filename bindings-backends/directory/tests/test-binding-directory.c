/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the directory binding backend: the backend source is compiled into this
 * executable (-DNFD_PLUGIN_BUILTIN) and opened against the core's real binding store
 * (nfd-backend-test.c), run in a real temporary directory with real inotify events, and after
 * every scenario the store is compared with what the directory holds.
 */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "../nfd-binding-directory.h"
#include "nfd-backend-test.h"

const NfdBindingBackendDescriptor *
nfdbuiltin_backend_directory(void);

/* warnings of the backend, counted: with G_LOG_USE_STRUCTURED, g_test_expect_message()
 * cannot intercept them */
static guint warnings;
static gchar *last_warning;

static GLogWriterOutput
log_writer(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
	if (level & G_LOG_LEVEL_WARNING) {
		for (gsize i = 0; i < n_fields; i++) {
			if (g_strcmp0(fields[i].key, "MESSAGE") == 0) {
				g_free(last_warning);
				last_warning = g_strdup(fields[i].value);
			}
		}
		warnings++;
	}
	return g_log_writer_default(level, fields, n_fields, user_data);
}

static void
assert_warned(guint before, const gchar *pattern)
{
	g_assert_cmpuint(warnings, ==, before + 1);
	g_assert_true(g_pattern_match_simple(pattern, last_warning));
}

typedef struct {
	gchar *path;
	NfdBackendTest *t;
	const NfdBindingBackendDescriptor *desc;
} Fixture;

static gboolean
store_has(Fixture *f, const gchar *tap)
{
	return nfd_backend_test_lookup(f->t, tap) != NULL;
}

static gchar *
binding_text(guint i, guint mtu)
{
	return g_strdup_printf(
	    "\nINDEV=tap%u\nMAC=aa:00:00:00:%02x:%02x\nHOSTNAME=vm%u.example.org\n"
	    "TAGS=\"nfdhcpd\"\nSUBNET6=2001:db8:%x::/64\nMTU=%u\n",
	    i,
	    (i >> 8) & 0xff,
	    i & 0xff,
	    i,
	    i,
	    mtu);
}

/* the gnt-networking way: cat > file (truncate, write, close) */
static void
write_file(const gchar *dir, const gchar *name, const gchar *text)
{
	g_autofree gchar *fn = g_build_filename(dir, name, NULL);
	gint fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	gsize len = strlen(text);

	g_assert_cmpint(fd, >=, 0);
	g_assert_cmpint(write(fd, text, len), ==, (gssize)len);
	g_assert_cmpint(close(fd), ==, 0);
}

/* the atomic way: write name.tmp, rename it to name */
static void
write_file_atomic(const gchar *dir, const gchar *name, const gchar *text)
{
	g_autofree gchar *tmp = g_strdup_printf("%s.tmp", name);
	g_autofree gchar *fn_tmp = g_build_filename(dir, tmp, NULL);
	g_autofree gchar *fn = g_build_filename(dir, name, NULL);

	write_file(dir, tmp, text);
	g_assert_cmpint(g_rename(fn_tmp, fn), ==, 0);
}

static void
remove_file(const gchar *dir, const gchar *name)
{
	g_autofree gchar *fn = g_build_filename(dir, name, NULL);
	g_assert_cmpint(g_unlink(fn), ==, 0);
}

static void
rm_rf(const gchar *path)
{
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	const gchar *name;

	if (dir == NULL) {
		g_unlink(path);
		return;
	}
	while ((name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *fn = g_build_filename(path, name, NULL);
		rm_rf(fn);
	}
	g_rmdir(path);
}

/* generous: the machine may be busy; a wait ends as soon as its event happened */
#define WAIT_MS 10000

/* dispatch what is ready now, without blocking.  inotify queues an event within the system
 * call that causes it, so after a file operation returns its events are ready here. */
static void
settle(void)
{
	while (g_main_context_iteration(NULL, FALSE))
		;
}

static gboolean
on_timeout(gpointer user_data)
{
	*(gboolean *)user_data = TRUE;
	return G_SOURCE_REMOVE;
}

/* run the main context until @cond holds: each iteration blocks until a source is ready (the
 * inotify fd, the backend's retry timer, or the timeout, which fails the test) */
#define WAIT_UNTIL(cond, timeout_ms)                                                      \
	G_STMT_START                                                                      \
	{                                                                                 \
		gboolean timed_out_ = FALSE;                                              \
		guint timeout_id_ = g_timeout_add((timeout_ms), on_timeout, &timed_out_); \
		while (!(cond) && !timed_out_)                                            \
			g_main_context_iteration(NULL, TRUE);                             \
		if (!(cond))                                                              \
			g_error("%s:%d: no '%s' after %u ms",                             \
				__FILE__,                                                 \
				__LINE__,                                                 \
				#cond,                                                    \
				(guint)(timeout_ms));                                     \
		if (!timed_out_)                                                          \
			g_source_remove(timeout_id_);                                     \
		settle();                                                                 \
	}                                                                                 \
	G_STMT_END

static void
wait_for_count(Fixture *f, guint count, guint timeout_ms)
{
	WAIT_UNTIL(nfd_backend_test_size(f->t) == count, timeout_ms);
}

/* for facts about what did NOT happen: once a file written now has been upserted, every
 * earlier event has been handled (inotify keeps their order).  The sentinel "tapsync" is one
 * more binding and one more upsert, which the callers count. */
static void
sync_events(Fixture *f)
{
	static guint mtu = 1500;
	g_autofree gchar *text = binding_text(250, ++mtu);
	const NfdBinding *sentinel;

	write_file(f->path, "tapsync", text);
	WAIT_UNTIL((sentinel = nfd_backend_test_lookup(f->t, "tapsync")) != NULL &&
		       nfd_binding_get_mtu(sentinel) == mtu,
		   WAIT_MS);
}

/* every binding file in @path that parses is in the store, equal, and nothing else is */
static void
assert_store_matches_dir(Fixture *f, const gchar *path)
{
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	const gchar *name;
	guint good = 0;

	g_assert_nonnull(dir);
	while ((name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *fn = g_build_filename(path, name, NULL);
		g_autofree gchar *data = NULL;
		gsize len = 0;
		g_autoptr(NfdBinding) binding = NULL;
		const NfdBinding *stored;

		if (nfd_binding_file_name_is_ignored(name) || g_file_test(fn, G_FILE_TEST_IS_DIR))
			continue;
		g_assert_true(g_file_get_contents(fn, &data, &len, NULL));
		binding = nfd_binding_new_from_data(name, data, len, NULL);
		if (binding == NULL)
			continue;
		good++;
		stored = nfd_backend_test_lookup(f->t, name);
		if (stored == NULL)
			g_error("%s is not in the store", name);
		g_assert_true(nfd_binding_equal(stored, binding));
	}
	g_assert_cmpuint(nfd_backend_test_size(f->t), ==, good);
}

static guint
store_mtu(Fixture *f, const gchar *tap)
{
	const NfdBinding *b = nfd_backend_test_lookup(f->t, tap);
	g_assert_nonnull(b);
	return nfd_binding_get_mtu(b);
}

static void
fixture_open(Fixture *f)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *conf =
	    g_strdup_printf("[binding-backend:directory]\npath = %s\n", f->path);

	f->desc = nfdbuiltin_backend_directory();
	f->t = nfd_backend_test_new(f->desc, conf);
	g_assert_true(nfd_backend_test_open(f->t, &error));
	g_assert_no_error(error);
	/* the tests count the events that follow the initial listing */
	f->t->upserts = f->t->removes = 0;
}

static void
fixture_setup(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;

	f->path = g_dir_make_tmp("nfd-binding-directory-XXXXXX", &error);
	g_assert_no_error(error);
	for (guint i = 1; i <= 3; i++) {
		g_autofree gchar *name = g_strdup_printf("tap%u", i);
		g_autofree gchar *text = binding_text(i, 1500);
		write_file(f->path, name, text);
	}
	fixture_open(f);
}

static void
fixture_teardown(Fixture *f, gconstpointer user_data)
{
	if (f->t != NULL)
		nfd_backend_test_close(f->t);
	g_clear_pointer(&f->t, nfd_backend_test_free);
	settle();
	rm_rf(f->path);
	g_free(f->path);
}

static void
test_initial_load(Fixture *f, gconstpointer user_data)
{
	g_assert_cmpuint(nfd_backend_test_size(f->t), ==, 3);
	g_assert_cmpuint(nfd_backend_test_listings(f->t), ==, 1);
	assert_store_matches_dir(f, f->path);
}

static void
test_initial_load_skips(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *sub = g_build_filename(f->path, "subdir", NULL);
	g_autofree gchar *text = binding_text(4, 1500);
	g_autoptr(GError) error = NULL;

	/* hidden, temporary and editor files, a subdirectory and a bad file */
	write_file(f->path, ".tap4", text);
	write_file(f->path, "tap4.tmp", text);
	write_file(f->path, "tap4~", text);
	write_file(f->path, "#tap4#", text);
	write_file(f->path, "tap4.dpkg-old", text);
	write_file(f->path, "tap5", "MAC=aa:00:00:00:00:05\nMTU=abc\n");
	g_assert_cmpint(g_mkdir(sub, 0755), ==, 0);
	g_assert_true(nfd_backend_test_rescan(f->t, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(nfd_backend_test_size(f->t), ==, 3);
	assert_store_matches_dir(f, f->path);
	g_assert_cmpuint(nfd_backend_test_errors(f->t), ==, 1);
	g_rmdir(sub);
}

static void
test_bad_file_reported_with_path(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *expected = g_strdup_printf(
	    "bad binding for tap5: %s/tap5: line 2: MTU: not a number from 68 to 65535",
	    f->path);
	guint before = warnings;

	write_file(f->path, "tap5", "MAC=aa:00:00:00:00:05\nMTU=abc\n");
	WAIT_UNTIL(nfd_backend_test_errors(f->t) == 1, WAIT_MS);
	g_assert_cmpuint(warnings, ==, before + 1);
	g_assert_cmpstr(last_warning, ==, expected);
	g_assert_null(nfd_backend_test_lookup(f->t, "tap5"));
}

static void
test_new_file(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *text = binding_text(4, 1400);

	write_file(f->path, "tap4", text);
	WAIT_UNTIL(f->t->upserts == 1, WAIT_MS);
	g_assert_cmpuint(store_mtu(f, "tap4"), ==, 1400);
	assert_store_matches_dir(f, f->path);
}

static void
test_rewrite(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *text = binding_text(2, 9000);

	write_file(f->path, "tap2", text);
	WAIT_UNTIL(f->t->upserts == 1, WAIT_MS);
	g_assert_cmpuint(store_mtu(f, "tap2"), ==, 9000);
	assert_store_matches_dir(f, f->path);
}

static void
test_identical_rewrite(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *text = binding_text(2, 1500);

	/* a no-op rewrite (or `touch`) is not a change */
	write_file(f->path, "tap2", text);
	sync_events(f);
	/* the sentinel's upsert only */
	g_assert_cmpuint(f->t->upserts, ==, 1);
	assert_store_matches_dir(f, f->path);
}

static void
test_atomic_rename_in(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *text = binding_text(4, 1400);
	g_autofree gchar *text2 = binding_text(1, 1280);

	write_file_atomic(f->path, "tap4", text);
	write_file_atomic(f->path, "tap1", text2);
	WAIT_UNTIL(f->t->upserts == 2, WAIT_MS);
	g_assert_cmpuint(store_mtu(f, "tap4"), ==, 1400);
	g_assert_cmpuint(store_mtu(f, "tap1"), ==, 1280);
	g_assert_null(nfd_backend_test_lookup(f->t, "tap4.tmp"));
	g_assert_cmpuint(f->t->removes, ==, 0);
	assert_store_matches_dir(f, f->path);
}

static void
test_rename_out(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *from = g_build_filename(f->path, "tap2", NULL);
	g_autofree gchar *to = g_build_filename(f->path, ".tap2.disabled", NULL);

	g_assert_cmpint(g_rename(from, to), ==, 0);
	WAIT_UNTIL(f->t->removes == 1, WAIT_MS);
	g_assert_null(nfd_backend_test_lookup(f->t, "tap2"));
	assert_store_matches_dir(f, f->path);
}

static void
test_rename_within(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *from = g_build_filename(f->path, "tap2", NULL);
	g_autofree gchar *to = g_build_filename(f->path, "tap9", NULL);

	/* the binding is keyed by file name, so it moves from tap2 to tap9 */
	g_assert_cmpint(g_rename(from, to), ==, 0);
	WAIT_UNTIL(!store_has(f, "tap2") && store_has(f, "tap9"), WAIT_MS);
	g_assert_null(nfd_backend_test_lookup(f->t, "tap2"));
	g_assert_nonnull(nfd_backend_test_lookup(f->t, "tap9"));
	assert_store_matches_dir(f, f->path);
}

static void
test_delete(Fixture *f, gconstpointer user_data)
{
	remove_file(f->path, "tap3");
	WAIT_UNTIL(f->t->removes == 1, WAIT_MS);
	g_assert_null(nfd_backend_test_lookup(f->t, "tap3"));
	assert_store_matches_dir(f, f->path);
}

static void
test_delete_then_write_coalesced(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *text = binding_text(3, 1400);

	/* gnt-networking's ifup: rm -f tap3, then cat > tap3, within one batch of events */
	remove_file(f->path, "tap3");
	write_file(f->path, "tap3", text);
	WAIT_UNTIL(f->t->upserts == 1, WAIT_MS);
	g_assert_cmpuint(f->t->removes, ==, 0);
	g_assert_cmpuint(store_mtu(f, "tap3"), ==, 1400);
	assert_store_matches_dir(f, f->path);
}

static void
test_invalid_rewrite_keeps_old(Fixture *f, gconstpointer user_data)
{
	write_file(f->path, "tap1", "MAC=aa:00:00:00:00:01\nMTU=abc\n");
	WAIT_UNTIL(nfd_backend_test_errors(f->t) == 1, WAIT_MS);
	g_assert_cmpuint(store_mtu(f, "tap1"), ==, 1500);
	g_assert_cmpuint(f->t->removes, ==, 0);
}

static void
test_invalid_reported_once(Fixture *f, gconstpointer user_data)
{
	write_file(f->path, "tap1", "MAC=aa:00:00:00:00:01\nMTU=abc\n");
	WAIT_UNTIL(nfd_backend_test_errors(f->t) == 1, WAIT_MS);
	write_file(f->path, "tap1", "MAC=aa:00:00:00:00:01\nMTU=abc\n");
	sync_events(f);
	g_assert_cmpuint(nfd_backend_test_errors(f->t), ==, 1);
	/* a different problem is reported (errors quote no values, so another bad MTU on the same
	 * line is the same problem) */
	write_file(f->path, "tap1", "MAC=aa:00:00:00:00:01\nMTU=1500\nGATEWAY=x\n");
	WAIT_UNTIL(nfd_backend_test_errors(f->t) == 2, WAIT_MS);
}

static void
test_invalid_then_fixed(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *text = binding_text(1, 1300);

	write_file(f->path, "tap1", "MAC=aa:00:00:00:00:01\nMTU=abc\n");
	WAIT_UNTIL(nfd_backend_test_errors(f->t) == 1, WAIT_MS);
	write_file(f->path, "tap1", text);
	WAIT_UNTIL(f->t->upserts == 1, WAIT_MS);
	g_assert_cmpuint(store_mtu(f, "tap1"), ==, 1300);
	assert_store_matches_dir(f, f->path);
}

static void
test_invalid_kept_on_rescan(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;

	write_file(f->path, "tap1", "MAC=aa:00:00:00:00:01\nMTU=abc\n");
	WAIT_UNTIL(nfd_backend_test_errors(f->t) == 1, WAIT_MS);
	g_assert_true(nfd_backend_test_rescan(f->t, &error));
	g_assert_no_error(error);
	/* the rescan prunes nothing that still has a file, and does not report again */
	g_assert_cmpuint(store_mtu(f, "tap1"), ==, 1500);
	g_assert_cmpuint(nfd_backend_test_size(f->t), ==, 3);
	g_assert_cmpuint(nfd_backend_test_errors(f->t), ==, 1);
}

static void
test_temp_files_ignored(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *text = binding_text(4, 1500);
	g_autofree gchar *sub = g_build_filename(f->path, "tap8", NULL);

	write_file(f->path, ".tap4", text);
	write_file(f->path, ".tap4.swp", "\x00\x01 vim swap");
	write_file(f->path, "tap4.swp", text);
	write_file(f->path, "tap4~", text);
	write_file(f->path, "#tap4#", text);
	write_file(f->path, "tap4.tmp", text);
	write_file(f->path, "tap4.dpkg-new", text);
	g_assert_cmpint(g_mkdir(sub, 0755), ==, 0);
	sync_events(f);
	/* the sentinel only */
	g_assert_cmpuint(f->t->upserts, ==, 1);
	g_assert_cmpuint(nfd_backend_test_errors(f->t), ==, 0);
	g_assert_cmpuint(nfd_backend_test_size(f->t), ==, 4);
	g_rmdir(sub);
}

static void
test_storm(Fixture *f, gconstpointer user_data)
{
	/* 1000 write-then-rename, without running the loop in between: several reads of a
	 * full event buffer, and all of them coalesced per name */
	for (guint i = 0; i < 1000; i++) {
		g_autofree gchar *name = g_strdup_printf("tap%u", i);
		g_autofree gchar *text = binding_text(i, 1280 + i);
		write_file_atomic(f->path, name, text);
	}
	wait_for_count(f, 1000, 3 * WAIT_MS);
	g_assert_cmpuint(nfd_backend_test_size(f->t), ==, 1000);
	g_assert_cmpuint(store_mtu(f, "tap999"), ==, 2279);
	assert_store_matches_dir(f, f->path);
	g_assert_cmpuint(f->t->removes, ==, 0);
	g_assert_cmpuint(nfd_backend_test_errors(f->t), ==, 0);
}

static void
test_overflow(Fixture *f, gconstpointer user_data)
{
	/* a lone event: its name (the flexible array member) is empty */
	struct inotify_event overflow = {.wd = -1, .mask = IN_Q_OVERFLOW};
	g_autofree gchar *text = binding_text(5, 1500);
	g_autoptr(NfdBinding) stale = NULL;

	/* events the kernel "lost": a delete and a new file that the loop has not seen */
	remove_file(f->path, "tap2");
	write_file(f->path, "tap5", text);
	/* and a store that has drifted */
	stale = nfd_binding_new("tapstale");
	g_assert_true(nfd_binding_set_value(stale, "MAC", "aa:00:00:00:00:99", NULL));
	nfd_binding_sink_upsert(f->t->sink, stale);
	nfd_binding_directory_process_events(f->t->backend,
					     (const guint8 *)&overflow,
					     sizeof(overflow));
	g_assert_cmpuint(nfd_backend_test_listings(f->t), ==, 2);
	assert_store_matches_dir(f, f->path);
	/* the real events that follow change nothing */
	sync_events(f);
	assert_store_matches_dir(f, f->path);
}

static void
test_dir_removed_and_recreated(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *text = binding_text(7, 1400);

	guint before = warnings;

	rm_rf(f->path);
	WAIT_UNTIL(warnings > before, WAIT_MS);
	assert_warned(before, "*went away*");
	/* every file's IN_DELETE came before the directory's */
	g_assert_cmpuint(nfd_backend_test_size(f->t), ==, 0);
	g_assert_cmpint(g_mkdir(f->path, 0755), ==, 0);
	write_file(f->path, "tap7", text);
	wait_for_count(f, 1, WAIT_MS);
	assert_store_matches_dir(f, f->path);
	/* and it is watched again */
	remove_file(f->path, "tap7");
	write_file(f->path, "tap8", text);
	WAIT_UNTIL(!store_has(f, "tap7") && store_has(f, "tap8"), WAIT_MS);
	assert_store_matches_dir(f, f->path);
	g_assert_nonnull(nfd_backend_test_lookup(f->t, "tap8"));
}

static void
test_dir_replaced(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *old = g_strdup_printf("%s.old", f->path);
	g_autofree gchar *text = binding_text(7, 1400);
	g_autofree gchar *text1 = binding_text(1, 1280);
	guint replace_alls = nfd_backend_test_listings(f->t);

	/* the directory is moved away (bindings stay in force meanwhile) */
	guint before = warnings;

	g_assert_cmpint(g_rename(f->path, old), ==, 0);
	WAIT_UNTIL(warnings > before, WAIT_MS);
	assert_warned(before, "*went away*");
	g_assert_cmpuint(nfd_backend_test_size(f->t), ==, 3);
	/* a new one takes its place, with different files */
	g_assert_cmpint(g_mkdir(f->path, 0755), ==, 0);
	write_file(f->path, "tap7", text);
	write_file(f->path, "tap1", text1);
	wait_for_count(f, 2, WAIT_MS);
	g_assert_cmpuint(nfd_backend_test_listings(f->t), ==, replace_alls + 1);
	assert_store_matches_dir(f, f->path);
	/* the old directory is no longer watched */
	remove_file(old, "tap3");
	write_file(old, "tap4", text);
	sync_events(f);
	assert_store_matches_dir(f, f->path);
	rm_rf(old);
}

static void
test_rescan(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *text = binding_text(6, 1500);

	remove_file(f->path, "tap1");
	write_file(f->path, "tap6", text);
	g_assert_true(nfd_backend_test_rescan(f->t, &error));
	g_assert_no_error(error);
	assert_store_matches_dir(f, f->path);
	g_assert_cmpuint(nfd_backend_test_listings(f->t), ==, 2);
}

static void
test_close_stops_watching(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *text = binding_text(6, 1500);

	nfd_backend_test_close(f->t);
	write_file(f->path, "tap6", text);
	remove_file(f->path, "tap1");
	/* no sentinel can tell here (nothing is watched any more): dispatch what is ready */
	settle();
	g_assert_cmpuint(nfd_backend_test_size(f->t), ==, 3);
	g_assert_cmpuint(f->t->upserts + f->t->removes, ==, 0);
}

/* an inotify watch of what is opened in @dir: to prove the backend opened nothing */
static gint
open_watch_new(const gchar *dir)
{
	gint fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

	g_assert_cmpint(fd, >=, 0);
	g_assert_cmpint(inotify_add_watch(fd, dir, IN_OPEN), >=, 0);
	return fd;
}

static gboolean
open_watch_saw(gint fd, const gchar *name)
{
	guint8 buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	gboolean seen = FALSE;
	gssize n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (gssize off = 0; off + (gssize)sizeof(struct inotify_event) <= n;) {
			const struct inotify_event *ev = (const struct inotify_event *)(buf + off);
			if (ev->len > 0 && g_strcmp0(ev->name, name) == 0)
				seen = TRUE;
			off += (gssize)(sizeof(*ev) + ev->len);
		}
	}
	return seen;
}

/* the directory goes away and a symlink takes its place: neither watched nor read through */
static void
test_dir_replaced_by_symlink(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *old = g_strdup_printf("%s.old", f->path);
	g_autofree gchar *text = binding_text(7, 1400);
	guint before = warnings;

	g_assert_cmpint(g_rename(f->path, old), ==, 0);
	WAIT_UNTIL(warnings > before, WAIT_MS);
	assert_warned(before, "*went away*");
	write_file(old, "tap7", text);
	g_assert_cmpint(symlink(old, f->path), ==, 0);
	WAIT_UNTIL(warnings > before + 1, WAIT_MS);
	assert_warned(before + 1, "*a symbolic link, not followed*waiting for it");
	g_assert_false(store_has(f, "tap7"));
	/* a real directory again: watched and read */
	g_assert_cmpint(g_unlink(f->path), ==, 0);
	g_assert_cmpint(g_mkdir(f->path, 0755), ==, 0);
	write_file(f->path, "tap8", text);
	WAIT_UNTIL(store_has(f, "tap8"), WAIT_MS);
	g_assert_false(store_has(f, "tap7"));
	rm_rf(old);
}

/* a binding elsewhere, readable by root only, reached through a symlink named like a tap: the
 * daemon must not follow it (issue 13: it read root-only files as root) */
static void
test_symlink_refused(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *other = g_dir_make_tmp("nfd-binding-target-XXXXXX", NULL);
	g_autofree gchar *target = g_build_filename(other, "secret", NULL);
	g_autofree gchar *link = g_build_filename(f->path, "tap9", NULL);
	g_autofree gchar *text = binding_text(9, 1500);
	g_autofree gchar *secret = g_strconcat("# s3cr3tHash\n", text, NULL);
	guint before = warnings;

	write_file(other, "secret", secret);
	g_assert_cmpint(g_chmod(target, 0600), ==, 0);
	g_assert_cmpint(symlink(target, link), ==, 0);
	g_assert_true(nfd_backend_test_rescan(f->t, &error));
	g_assert_no_error(error);
	g_assert_false(store_has(f, "tap9"));
	assert_warned(before, "*tap9*symbolic link*");
	g_assert_null(strstr(last_warning, "3cr3"));
	rm_rf(other);
}

/* the same, renamed into place after the start (the inotify path) */
static void
test_symlink_renamed_in_refused(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *other = g_dir_make_tmp("nfd-binding-target-XXXXXX", NULL);
	g_autofree gchar *target = g_build_filename(other, "tap9", NULL);
	g_autofree gchar *tmp = g_build_filename(f->path, "tap9.tmp", NULL);
	g_autofree gchar *link = g_build_filename(f->path, "tap9", NULL);
	g_autofree gchar *text = binding_text(9, 1500);
	guint before = warnings;

	write_file(other, "tap9", text);
	g_assert_cmpint(symlink(target, tmp), ==, 0);
	g_assert_cmpint(g_rename(tmp, link), ==, 0);
	sync_events(f);
	g_assert_false(store_has(f, "tap9"));
	assert_warned(before, "*tap9*symbolic link*");
	rm_rf(other);
}

/* a FIFO named like a tap: not opened (so nothing blocks), reported */
static void
test_fifo_not_opened(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *fifo = g_build_filename(f->path, "tap8", NULL);
	g_autofree gchar *tmp = g_build_filename(f->path, "tap7.tmp", NULL);
	g_autofree gchar *fifo2 = g_build_filename(f->path, "tap7", NULL);
	gint watch = open_watch_new(f->path);
	guint before = warnings;

	g_assert_cmpint(mkfifo(fifo, 0644), ==, 0);
	g_assert_true(nfd_backend_test_rescan(f->t, &error));
	g_assert_no_error(error);
	assert_warned(before, "*tap8*FIFO*");
	/* and through inotify */
	g_assert_cmpint(mkfifo(tmp, 0644), ==, 0);
	g_assert_cmpint(g_rename(tmp, fifo2), ==, 0);
	sync_events(f);
	g_assert_cmpuint(warnings, ==, before + 2);
	g_assert_false(open_watch_saw(watch, "tap8"));
	g_assert_false(open_watch_saw(watch, "tap7"));
	g_assert_false(store_has(f, "tap8"));
	close(watch);
}

/* a device node named like a tap is never opened (opening a device can have effects) */
static void
test_device_not_opened(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dev = g_build_filename(f->path, "tap6", NULL);
	gint watch;
	guint before = warnings;

	if (mknod(dev, S_IFCHR | 0644, makedev(1, 3)) != 0) {
		g_test_skip("cannot create a device node (needs CAP_MKNOD)");
		return;
	}
	watch = open_watch_new(f->path);
	g_assert_true(nfd_backend_test_rescan(f->t, &error));
	g_assert_no_error(error);
	assert_warned(before, "*tap6*device*");
	g_assert_false(open_watch_saw(watch, "tap6"));
	close(watch);
}

/* the external review's 64 KiB file with 9,283 keys: refused at once, the old binding stays */
static void
test_oversized_keeps_old(Fixture *f, gconstpointer user_data)
{
	GString *text = g_string_new("MAC=aa:00:00:00:00:01\n");
	guint before = warnings;

	for (guint i = 0; text->len < 65536 - 8; i++)
		g_string_append_printf(text, "K%05u=\n", i);
	while (text->len < 65536)
		g_string_append_c(text, '\n');
	write_file(f->path, "tap1", text->str);
	g_string_free(text, TRUE);
	WAIT_UNTIL(nfd_backend_test_errors(f->t) == 1, WAIT_MS);
	assert_warned(before, "*tap1*65536 bytes, more than the 16384*keeping the previous*");
	g_assert_cmpuint(store_mtu(f, "tap1"), ==, 1500);
}

static void
assert_open_refused(const gchar *path, const gchar *pattern)
{
	g_autofree gchar *conf = g_strdup_printf("[binding-backend:directory]\npath = %s\n", path);
	g_autoptr(NfdBackendTest) t = nfd_backend_test_new(nfdbuiltin_backend_directory(), conf);
	g_autoptr(GError) error = NULL;

	g_assert_false(nfd_backend_test_open(t, &error));
	g_assert_nonnull(error);
	g_test_message("%s", error->message);
	if (!g_pattern_match_simple(pattern, error->message))
		g_error("'%s' does not match '%s'", error->message, pattern);
	g_assert_cmpuint(nfd_backend_test_size(t), ==, 0);
	nfd_backend_test_close(t);
}

/* a binding directory anyone may write to: refused at open and on rescan (SIGHUP) */
static void
test_world_writable_refused(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *pattern = NULL;

	g_assert_cmpint(g_chmod(f->path, 0777), ==, 0);
	pattern = g_strdup_printf("binding directory %s: writable by others (owner %u, group %u, "
				  "mode 0777)*",
				  f->path,
				  (guint)geteuid(),
				  (guint)getegid());
	g_assert_false(nfd_backend_test_rescan(f->t, &error));
	g_assert_nonnull(error);
	if (!g_pattern_match_simple(pattern, error->message))
		g_error("'%s' does not match '%s'", error->message, pattern);
	/* the bindings read before stay */
	g_assert_cmpuint(nfd_backend_test_size(f->t), ==, 3);
	assert_open_refused(f->path, pattern);
}

/* /tmp-like: the sticky bit does not make it safe for binding files */
static void
test_sticky_refused(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *pattern = NULL;

	g_assert_cmpint(g_chmod(f->path, 01777), ==, 0);
	pattern = g_strdup_printf("binding directory %s: writable by others*mode 1777*", f->path);
	assert_open_refused(f->path, pattern);
}

/* group-writable: only by root's group or the daemon's own */
static void
test_group_writable(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *pattern = NULL;

	g_assert_cmpint(g_chmod(f->path, 0775), ==, 0);
	g_assert_true(nfd_backend_test_rescan(f->t, &error));
	g_assert_no_error(error);
	if (geteuid() != 0) {
		g_test_skip("changing a directory's group to another needs root");
		return;
	}
	g_assert_cmpint(chown(f->path, 0, 65534), ==, 0);
	pattern = g_strdup_printf("binding directory %s: writable by group 65534*", f->path);
	assert_open_refused(f->path, pattern);
}

/* the configured path is a symlink to a good directory: refused, not followed */
static void
test_symlinked_dir_refused(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *link = g_strdup_printf("%s.link", f->path);
	g_autofree gchar *pattern = NULL;

	g_assert_cmpint(symlink(f->path, link), ==, 0);
	pattern = g_strdup_printf("binding directory %s: a symbolic link*", link);
	assert_open_refused(link, pattern);
	g_unlink(link);
}

/* a parent anyone can write to (without the sticky bit) could swap the directory */
static void
test_unsafe_parent_refused(void)
{
	g_autofree gchar *base = g_dir_make_tmp("nfd-binding-parent-XXXXXX", NULL);
	g_autofree gchar *dir = g_build_filename(base, "bindings", NULL);
	g_autofree gchar *pattern = NULL;

	g_assert_cmpint(g_mkdir(dir, 0755), ==, 0);
	g_assert_cmpint(g_chmod(base, 0777), ==, 0);
	pattern = g_strdup_printf("binding directory %s: its parent %s is writable by others*",
				  dir,
				  base);
	assert_open_refused(dir, pattern);
	rm_rf(base);
}

static void
test_missing_dir_at_open(void)
{
	Fixture f = {0};
	g_autoptr(GError) error = NULL;
	g_autofree gchar *text = binding_text(1, 1500);
	g_autofree gchar *base = g_dir_make_tmp("nfd-binding-directory-XXXXXX", &error);

	g_assert_no_error(error);
	f.path = g_build_filename(base, "later", NULL);
	guint before = warnings;

	fixture_open(&f);
	assert_warned(before, "*No such file*waiting*");
	g_assert_cmpuint(nfd_backend_test_size(f.t), ==, 0);
	g_assert_cmpint(g_mkdir(f.path, 0755), ==, 0);
	write_file(f.path, "tap1", text);
	wait_for_count(&f, 1, WAIT_MS);
	assert_store_matches_dir(&f, f.path);
	fixture_teardown(&f, NULL);
	g_rmdir(base);
}

static void
test_relative_path_refused(void)
{
	g_autoptr(NfdBackendTest) t =
	    nfd_backend_test_new(nfdbuiltin_backend_directory(),
				 "[binding-backend:directory]\npath = var/lib\n");
	g_autoptr(GError) error = NULL;

	g_assert_false(nfd_backend_test_open(t, &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
	g_assert_nonnull(strstr(error->message, "'var/lib' is not an absolute path"));
	nfd_backend_test_close(t);
}

static void
test_descriptor(void)
{
	const NfdBindingBackendDescriptor *desc = nfdbuiltin_backend_directory();
	g_assert_cmpstr(desc->name, ==, "directory");
	g_assert_cmpuint(desc->api_major, ==, NFD_PLUGIN_API_MAJOR);
	g_assert_cmpuint(desc->struct_size, ==, sizeof(NfdBindingBackendDescriptor));
	g_assert_cmpstr(desc->config_keys[0], ==, "path");
}

#define ADD(path, fn) \
	g_test_add("/nfd/directory/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main(int argc, char **argv)
{
	g_log_set_writer_func(log_writer, NULL, NULL);
	g_test_init(&argc, &argv, NULL);
	/* the expected warnings are counted by log_writer(); criticals stay fatal */
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
	ADD("initial-load", test_initial_load);
	ADD("initial-load-skips", test_initial_load_skips);
	ADD("bad-file-reported-with-path", test_bad_file_reported_with_path);
	ADD("new-file", test_new_file);
	ADD("rewrite", test_rewrite);
	ADD("identical-rewrite", test_identical_rewrite);
	ADD("atomic-rename-in", test_atomic_rename_in);
	ADD("rename-out", test_rename_out);
	ADD("rename-within", test_rename_within);
	ADD("delete", test_delete);
	ADD("delete-then-write-coalesced", test_delete_then_write_coalesced);
	ADD("invalid-rewrite-keeps-old", test_invalid_rewrite_keeps_old);
	ADD("invalid-reported-once", test_invalid_reported_once);
	ADD("invalid-then-fixed", test_invalid_then_fixed);
	ADD("invalid-kept-on-rescan", test_invalid_kept_on_rescan);
	ADD("temp-files-ignored", test_temp_files_ignored);
	ADD("storm", test_storm);
	ADD("overflow", test_overflow);
	ADD("dir-removed-and-recreated", test_dir_removed_and_recreated);
	ADD("dir-replaced", test_dir_replaced);
	ADD("rescan", test_rescan);
	ADD("close-stops-watching", test_close_stops_watching);
	ADD("dir-replaced-by-symlink", test_dir_replaced_by_symlink);
	ADD("symlink-refused", test_symlink_refused);
	ADD("symlink-renamed-in-refused", test_symlink_renamed_in_refused);
	ADD("fifo-not-opened", test_fifo_not_opened);
	ADD("device-not-opened", test_device_not_opened);
	ADD("oversized-keeps-old", test_oversized_keeps_old);
	ADD("unsafe/world-writable", test_world_writable_refused);
	ADD("unsafe/sticky", test_sticky_refused);
	ADD("unsafe/group-writable", test_group_writable);
	ADD("unsafe/symlinked-dir", test_symlinked_dir_refused);
	g_test_add_func("/nfd/directory/unsafe/parent", test_unsafe_parent_refused);
	g_test_add_func("/nfd/directory/missing-dir-at-open", test_missing_dir_at_open);
	g_test_add_func("/nfd/directory/relative-path-refused", test_relative_path_refused);
	g_test_add_func("/nfd/directory/descriptor", test_descriptor);
	return g_test_run();
}
