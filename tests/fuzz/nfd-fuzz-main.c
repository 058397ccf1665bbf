/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Corpus replay for fuzz targets (fwupd's fu-fuzzer-main.c idea): the same
 * LLVMFuzzerTestOneInput() runs under libFuzzer with -Dfuzzing=true, and as an ordinary test
 * here, fed every file of the corpus directories (or files) given on the command line.  Prints
 * TAP so meson counts one test per input.
 */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
collect(const gchar *path, GPtrArray *files)
{
	g_autoptr(GDir) dir = NULL;
	const gchar *name;

	if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
		g_ptr_array_add(files, g_strdup(path));
		return;
	}
	dir = g_dir_open(path, 0, NULL);
	if (dir == NULL)
		return;
	while ((name = g_dir_read_name(dir)) != NULL) {
		if (name[0] == '.')
			continue;
		g_ptr_array_add(files, g_build_filename(path, name, NULL));
	}
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(*(const gchar *const *)a, *(const gchar *const *)b);
}

int
main(int argc, char **argv)
{
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
	guint failed = 0;

	for (int i = 1; i < argc; i++)
		collect(argv[i], files);
	g_ptr_array_sort(files, cmp_str);
	printf("TAP version 13\n1..%u\n", files->len);
	for (guint i = 0; i < files->len; i++) {
		const gchar *fn = g_ptr_array_index(files, i);
		g_autofree gchar *buf = NULL;
		gsize len = 0;
		g_autoptr(GError) error = NULL;

		if (!g_file_get_contents(fn, &buf, &len, &error)) {
			printf("not ok %u - %s: %s\n", i + 1, fn, error->message);
			failed++;
			continue;
		}
		/* a crash or sanitizer report ends the process, which meson reports as failure */
		LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
		printf("ok %u - %s\n", i + 1, fn);
	}
	if (files->len == 0) {
		printf("Bail out! empty corpus\n");
		return 1;
	}
	return failed > 0 ? 1 : 0;
}
