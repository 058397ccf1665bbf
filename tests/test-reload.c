/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of SIGHUP's reload: it applies all or nothing.  A real NfdDaemon runs the echo test
 * plugin with the fake binding backend ([binding:lo], "lo" standing for a tap) and the queue
 * seam's fake (tests/nfd-test-queue.c) instead of the kernel; each test rewrites the
 * configuration so that one step of applying it fails — a plugin's start, a queue bind, the
 * backend's rescan or reopen — and checks one fact: the running generation, its queues, its
 * plugins and its bindings are still in force, and what the refused reload started is undone.
 */
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "nfd-daemon.h"
#include "nfd-proto.h"
#include "nfd-test-injector.h"
#include "nfd-test-queue.h"

/* what the plugins logged, captured by the log writer (set once per process) */
static GPtrArray *captured;

typedef struct {
	gchar *dir;
	gchar *conf;
	NfdTestQueues *queues;
	NfdInjector *injector; /* owned by the daemon */
	NfdDaemon *daemon;
	NfdGeneration *first; /* the generation start-up applied */
} Fixture;

/* (user: one that exists; the default, nfdhcpd, is the package's) */
static const gchar *const base_conf = "[general]\n"
				      "plugins = echo\n"
				      "user = nobody\n"
				      "binding-backend = fake\n"
				      "[echo]\n"
				      "queue = 7\n"
				      "[binding:lo]\n"
				      "mac = 52:54:00:12:34:56\n"
				      "ip = 198.51.100.10\n"
				      "subnet = 198.51.100.0/24\n";

static GLogWriterOutput
capture_writer(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
	for (gsize i = 0; i < n_fields; i++) {
		if (g_strcmp0(fields[i].key, "MESSAGE") != 0 || (level & G_LOG_LEVEL_DEBUG) != 0)
			continue;
		g_ptr_array_add(captured, g_strdup(fields[i].value));
		g_printerr("# %s\n", (const gchar *)fields[i].value);
	}
	return G_LOG_WRITER_HANDLED;
}

static guint
count_logged(const gchar *needle)
{
	guint n = 0;

	for (guint i = 0; i < captured->len; i++)
		n += strstr(g_ptr_array_index(captured, i), needle) != NULL;
	return n;
}

static void
write_conf(Fixture *f, const gchar *extra)
{
	/* the control socket in the test's directory, never the host's /run */
	g_autofree gchar *text =
	    g_strdup_printf("%s[general]\ncontrol-socket = %s/ctl/control.sock\n%s",
			    base_conf,
			    f->dir,
			    extra);

	g_assert_true(g_file_set_contents(f->conf, text, -1, NULL));
}

static void
fixture_setup(Fixture *f, gconstpointer data)
{
	const gchar *dirs[] = {g_getenv("NFD_TEST_PLUGINS_DIR"), NULL};
	NfdDaemonOptions options = {.plugin_dirs = dirs, .backend_dirs = dirs, .foreground = TRUE};
	g_autoptr(GError) error = NULL;
	gboolean ok;

	f->dir = g_dir_make_tmp("nfd-reload-XXXXXX", NULL);
	f->conf = g_build_filename(f->dir, "nfdhcpd.conf", NULL);
	write_conf(f, "");
	options.config_path = f->conf;
	f->queues = nfd_test_queues_new();
	f->daemon = nfd_daemon_new(&options);
	f->injector = nfd_test_injector_new();
	nfd_daemon_set_injector(f->daemon, f->injector);
	nfd_daemon_set_queue_ops(f->daemon, nfd_test_queues_get_ops(f->queues));
	ok = nfd_daemon_load(f->daemon, &error) && nfd_daemon_setup(f->daemon, &error) &&
	     nfd_daemon_start(f->daemon, &error);
	g_assert_no_error(error);
	g_assert_true(ok);
	f->first = nfd_daemon_get_host(f->daemon)->current;
	g_assert_true(nfd_test_queues_is_bound(f->queues, 7));
	g_ptr_array_set_size(captured, 0);
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
	g_autofree gchar *ctl = g_build_filename(f->dir, "ctl", NULL);

	nfd_daemon_free(f->daemon);
	nfd_test_queues_free(f->queues);
	g_unlink(f->conf);
	/* the daemon removed its socket, the directory it made stays */
	g_rmdir(ctl);
	g_rmdir(f->dir);
	g_free(f->conf);
	g_free(f->dir);
}

static gboolean
reload(Fixture *f, const gchar *extra, GError **error)
{
	write_conf(f, extra);
	return nfd_daemon_reload(f->daemon, error);
}

static NfdPlugin *
running_echo(Fixture *f)
{
	NfdGeneration *gen = nfd_daemon_get_host(f->daemon)->current;

	g_assert_cmpuint(gen->plugins->len, >=, 1);
	return g_ptr_array_index(gen->plugins, 0);
}

/* an IPv4/UDP datagram to port 7 from the binding's address */
static gsize
build_echo_request(guint8 *p)
{
	const gsize plen = 4;
	const gsize total = 20 + 8 + plen;
	struct in_addr src = {.s_addr = htonl(0xc6336400 + 10)}; /* 198.51.100.10 */
	struct in_addr dst = {.s_addr = htonl(0xc6336400 + 1)};	 /* 198.51.100.1 */
	guint16 c;

	memset(p, 0, total);
	p[0] = 0x45;
	p[3] = (guint8)total;
	p[8] = 64;
	p[9] = IPPROTO_UDP;
	memcpy(p + 12, &src, 4);
	memcpy(p + 16, &dst, 4);
	c = nfd_proto_checksum_fold(nfd_proto_checksum_add(0, p, 20));
	p[10] = (guint8)(c >> 8);
	p[11] = (guint8)c;
	p[21] = 40;
	p[23] = 7;
	p[25] = (guint8)(8 + plen);
	memcpy(p + 28, "ping", plen);
	return total;
}

static void
test_applies_new_queue(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	g_assert_true(reload(f, "[echo]\nqueue = 8\n", &error));
	g_assert_no_error(error);
	g_assert_true(nfd_test_queues_is_bound(f->queues, 8));
	g_assert_false(nfd_test_queues_is_bound(f->queues, 7));
}

static void
test_applies_router_mac(Fixture *f, gconstpointer data)
{
	const guint8 mac[6] = {0x02, 0, 0, 0, 0, 0x99};
	g_autoptr(GError) error = NULL;
	const NfdBinding *lo;

	g_assert_true(reload(f, "[general]\nrouter-mac = 02:00:00:00:00:99\n", &error));
	g_assert_no_error(error);
	lo = nfd_binding_store_lookup_tap(nfd_daemon_get_host(f->daemon)->store, "lo");
	g_assert_cmpmem(nfd_binding_get_router_mac(lo), 6, mac, 6);
}

static void
test_start_fails_keeps_generation(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	g_assert_false(reload(f, "[general]\nplugins = echo, startfail\n", &error));
	g_assert_nonnull(strstr(error->message, "deliberate start failure"));
	g_assert_true(nfd_daemon_get_host(f->daemon)->current == f->first);
	g_assert_true(running_echo(f)->started);
}

static void
test_start_fails_releases_new_queue(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	g_assert_false(
	    reload(f, "[general]\nplugins = echo, startfail\n[echo]\nqueue = 8\n", &error));
	g_assert_false(nfd_test_queues_is_bound(f->queues, 8));
	g_assert_true(nfd_test_queues_is_bound(f->queues, 7));
}

static void
test_start_fails_stops_started_quietly(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	/* the new echo started before startfail failed: it stops with RELOAD (no farewell), and
	 * the running echo is not stopped at all */
	g_assert_false(reload(f, "[general]\nplugins = echo, startfail\n", &error));
	g_assert_cmpuint(count_logged("echo started"), ==, 1);
	g_assert_cmpuint(count_logged("echo stopped (reload)"), ==, 1);
	g_assert_cmpuint(count_logged("echo stopped (shutdown)"), ==, 0);
}

static void
test_bind_fails_releases_bound(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	/* queue 8 binds, 9 does not: 8 must not stay bound to a generation that never ran */
	nfd_test_queues_fail_bind(f->queues, 9);
	g_assert_false(reload(f, "[echo]\nqueue = 8\nextra-queue = 9\n", &error));
	g_assert_nonnull(strstr(error->message, "queue 9"));
	g_assert_false(nfd_test_queues_is_bound(f->queues, 8));
	g_assert_true(nfd_test_queues_is_bound(f->queues, 7));
}

static void
test_bind_fails_keeps_generation(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	nfd_test_queues_fail_bind(f->queues, 9);
	g_assert_false(reload(f, "[echo]\nqueue = 8\nextra-queue = 9\n", &error));
	g_assert_true(nfd_daemon_get_host(f->daemon)->current == f->first);
	g_assert_true(running_echo(f)->started);
}

static void
test_bind_fails_old_queue_serves(Fixture *f, gconstpointer data)
{
	const guint8 guest_mac[6] = {0x52, 0x54, 0, 0x12, 0x34, 0x56};
	guint8 packet[64];
	gsize len = build_echo_request(packet);
	g_autoptr(GError) error = NULL;
	gint verdict;

	nfd_test_queues_fail_bind(f->queues, 8);
	g_assert_false(reload(f, "[echo]\nqueue = 8\n", &error));
	/* "lo" is ifindex 1: the running echo answers on queue 7 and drops the request */
	verdict = nfd_test_queues_inject(f->queues, 7, 1001, 1, guest_mac, packet, len);
	g_assert_cmpint(verdict, ==, NFD_NF_DROP);
	g_assert_cmpuint(nfd_test_injector_get_frames(f->injector)->len, ==, 1);
}

static void
test_rescan_fails_keeps_generation(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	g_assert_false(reload(f, "[fake-rescan]\nfail = yes\n", &error));
	g_assert_nonnull(strstr(error->message, "deliberate rescan failure"));
	g_assert_true(nfd_daemon_get_host(f->daemon)->current == f->first);
	g_assert_true(running_echo(f)->started);
}

static void
test_rescan_fails_stops_new_plugins(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	g_assert_false(reload(f, "[fake-rescan]\nfail = yes\n", &error));
	/* the new echo was started before the backend step failed, and is stopped again */
	g_assert_cmpuint(count_logged("echo started"), ==, 1);
	g_assert_cmpuint(count_logged("echo stopped (reload)"), ==, 1);
	g_assert_cmpuint(count_logged("echo stopped (shutdown)"), ==, 0);
}

static void
test_rescan_fails_keeps_bindings(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	NfdGenerationHost *host = nfd_daemon_get_host(f->daemon);

	/* the new configuration would remove lo's binding, and the rescan fails */
	g_assert_true(g_file_set_contents(f->conf,
					  "[general]\nplugins = echo\nbinding-backend = fake\n"
					  "[echo]\nqueue = 7\n[fake-rescan]\nfail = yes\n",
					  -1,
					  NULL));
	g_assert_false(nfd_daemon_reload(f->daemon, &error));
	g_assert_nonnull(nfd_binding_store_lookup_tap(host->store, "lo"));
}

static void
test_reopen_fails_keeps_backend(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	NfdGenerationHost *host = nfd_daemon_get_host(f->daemon);
	NfdBindingBackend *backend = host->backend;

	g_assert_false(reload(f, "[binding-backend:fake]\nfail-open = yes\n", &error));
	g_assert_nonnull(strstr(error->message, "deliberate open failure"));
	g_assert_true(host->backend == backend);
	g_assert_true(host->current == f->first);
}

static void
test_check_fails_starts_nothing(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	g_assert_false(reload(f, "[binding-backend:fake]\nfail-check = yes\n", &error));
	g_assert_nonnull(strstr(error->message, "deliberate check failure"));
	g_assert_cmpuint(count_logged("echo started"), ==, 0);
}

static gboolean
on_timeout(gpointer data)
{
	*(gboolean *)data = TRUE;
	return G_SOURCE_REMOVE;
}

static void
test_refused_reload_is_logged(Fixture *f, gconstpointer data)
{
	gboolean timed_out = FALSE;
	guint timeout = g_timeout_add_seconds(10, on_timeout, &timed_out);

	write_conf(f, "[general]\nplugins = echo, startfail\n");
	raise(SIGHUP);
	while (!timed_out && count_logged("still running the previous configuration") == 0)
		g_main_context_iteration(NULL, TRUE);
	if (!timed_out)
		g_source_remove(timeout);
	g_assert_cmpuint(count_logged("reload refused: plugin startfail: start failed: deliberate "
				      "start failure; still running the previous configuration"),
			 ==,
			 1);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	captured = g_ptr_array_new_with_free_func(g_free);
	g_log_set_writer_func(capture_writer, NULL, NULL);
#define ADD(path, func) g_test_add(path, Fixture, NULL, fixture_setup, func, fixture_teardown)
	ADD("/nfd/reload/applies-new-queue", test_applies_new_queue);
	ADD("/nfd/reload/applies-router-mac", test_applies_router_mac);
	ADD("/nfd/reload/start-fails/keeps-generation", test_start_fails_keeps_generation);
	ADD("/nfd/reload/start-fails/releases-new-queue", test_start_fails_releases_new_queue);
	ADD("/nfd/reload/start-fails/stops-started-quietly",
	    test_start_fails_stops_started_quietly);
	ADD("/nfd/reload/bind-fails/releases-bound", test_bind_fails_releases_bound);
	ADD("/nfd/reload/bind-fails/keeps-generation", test_bind_fails_keeps_generation);
	ADD("/nfd/reload/bind-fails/old-queue-serves", test_bind_fails_old_queue_serves);
	ADD("/nfd/reload/rescan-fails/keeps-generation", test_rescan_fails_keeps_generation);
	ADD("/nfd/reload/rescan-fails/stops-new-plugins", test_rescan_fails_stops_new_plugins);
	ADD("/nfd/reload/rescan-fails/keeps-bindings", test_rescan_fails_keeps_bindings);
	ADD("/nfd/reload/reopen-fails/keeps-backend", test_reopen_fails_keeps_backend);
	ADD("/nfd/reload/check-fails/starts-nothing", test_check_fails_starts_nothing);
	ADD("/nfd/reload/refused-is-logged", test_refused_reload_is_logged);
#undef ADD
	return g_test_run();
}
