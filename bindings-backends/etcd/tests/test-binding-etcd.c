/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the etcd binding backend's open(): the backend source is compiled into this
 * executable (-DNFD_PLUGIN_BUILTIN) and opened against the core's real binding store
 * (nfd-backend-test.h), with real configuration text.  open() only validates and prepares (the
 * first connection waits for the main loop, which these tests never run), so nothing here
 * touches the network; the backend against a real etcd is tests/e2e/e2e-etcd.sh.  The load's
 * handling of pages is tested with range responses captured from a real etcd 3.4
 * (tests/data/make-fixtures.sh), handed in as if etcd had answered (-DNFD_ETCD_TESTING).
 */
#include <string.h>

#include "nfd-backend-test.h"
#include "nfd-fields-private.h"

const NfdBindingBackendDescriptor *
nfdbuiltin_backend_etcd(void);
void
nfd_binding_etcd_test_load_page(NfdBindingBackend *backend,
				const gchar *data,
				gsize len,
				gboolean last);

/* warnings, counted: with G_LOG_USE_STRUCTURED, g_test_expect_message() cannot intercept them */
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

/* opens the backend with @group and, if @status, takes its status() (SDK 1.1) */
static gboolean
open_with(const gchar *group, NfdFields **status, GError **error)
{
	g_autofree gchar *text = g_strdup_printf("[binding-backend:etcd]\n%s", group);
	g_autoptr(NfdBackendTest) t = nfd_backend_test_new(nfdbuiltin_backend_etcd(), text);
	gboolean ok = nfd_backend_test_open(t, error);

	if (ok && status != NULL) {
		*status = nfd_fields_new();
		nfdbuiltin_backend_etcd()->status(t->backend, *status);
	}
	nfd_backend_test_close(t);
	/* nothing reached the store */
	g_assert_cmpuint(nfd_backend_test_listings(t) + t->upserts + t->removes, ==, 0);
	g_assert_cmpuint(nfd_backend_test_size(t), ==, 0);
	return ok;
}

static void
assert_config_error(const gchar *group, const gchar *expected)
{
	g_autoptr(GError) error = NULL;

	g_assert_false(open_with(group, NULL, &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
	if (!g_pattern_match_simple(expected, error->message))
		g_error("'%s' does not match '%s'", error->message, expected);
}

static void
test_defaults(void)
{
	g_autoptr(NfdFields) st = NULL;
	g_autofree gchar *prefix = g_strdup_printf("/nfdhcpd/bindings/%s/", g_get_host_name());

	g_assert_true(open_with("", &st, NULL));
	g_assert_true(g_str_has_prefix(nfd_fields_lookup(st, "state"), "starting for "));
	g_assert_cmpstr(nfd_fields_lookup(st, "endpoint"), ==, "http://127.0.0.1:2379");
	g_assert_cmpstr(nfd_fields_lookup(st, "prefix"), ==, prefix);
	g_assert_cmpstr(nfd_fields_lookup(st, "revision"), ==, "0");
	g_assert_cmpstr(nfd_fields_lookup(st, "bindings"), ==, "0");
}

static void
test_settings(void)
{
	g_autoptr(NfdFields) st = NULL;
	g_autoptr(GString) text = g_string_new(NULL);

	g_assert_true(open_with("endpoints = http://127.0.0.1:22379/, http://[::1]:2379\n"
				"prefix = /cloud/host7\ndial-timeout = 750ms\n"
				"username = host7\npassword = secret\n",
				&st,
				NULL));
	/* the first endpoint, trailing '/' dropped; the prefix made a directory */
	g_assert_cmpstr(nfd_fields_lookup(st, "endpoint"), ==, "http://127.0.0.1:22379");
	g_assert_cmpstr(nfd_fields_lookup(st, "prefix"), ==, "/cloud/host7/");
	nfd_fields_to_text(st, "", text);
	g_assert_null(strstr(text->str, "secret"));
}

static void
test_config_errors(void)
{
	assert_config_error(
	    "endpoints = 127.0.0.1:2379\n",
	    "test.conf:2: [binding-backend:etcd] endpoints: '127.0.0.1:2379' is not "
	    "http://HOST:PORT or https://HOST:PORT");
	assert_config_error("endpoints = http://127.0.0.1:2379, http://etcd2\n",
			    "test.conf:2: [binding-backend:etcd] endpoints: 'http://etcd2' *");
	assert_config_error("endpoints = ,\n",
			    "test.conf:2: [binding-backend:etcd] endpoints: empty list");
	assert_config_error("dial-timeout = soon\n",
			    "test.conf:2: [binding-backend:etcd] dial-timeout: 'soon' is not a "
			    "duration*");
	assert_config_error("prefix =\n", "test.conf:2: [binding-backend:etcd] prefix: empty");
	assert_config_error(
	    "username = host7\n",
	    "test.conf:2: [binding-backend:etcd] username: username and password go "
	    "together");
	assert_config_error("ca-file = /etc/ssl/certs/ca-certificates.crt\n",
			    "test.conf:2: [binding-backend:etcd] ca-file: no endpoint is https://");
	assert_config_error("endpoints = https://127.0.0.1:2379\ncert-file = /etc/x.pem\n",
			    "test.conf:3: [binding-backend:etcd] cert-file: cert-file and key-file "
			    "go together");
	assert_config_error("endpoints = https://127.0.0.1:2379\nca-file = ca.pem\n",
			    "test.conf:3: [binding-backend:etcd] ca-file: not an absolute path");
	assert_config_error(
	    "endpoints = https://127.0.0.1:2379\nca-file = /nonexistent/ca.pem\n",
	    "test.conf:3: [binding-backend:etcd] ca-file: ca-file /nonexistent/ca.pem: *");
}

/* check() with @group, as --check-config and a reload run it */
static gboolean
check_with(const gchar *group, GError **error)
{
	g_autofree gchar *text = g_strdup_printf("[binding-backend:etcd]\n%s", group);
	g_autoptr(NfdBackendTest) t = nfd_backend_test_new(nfdbuiltin_backend_etcd(), text);

	g_assert_nonnull(nfdbuiltin_backend_etcd()->check);
	return nfd_backend_test_check(t, error);
}

/* --check-config sees what open() would refuse, naming the file, line and key */
static void
test_check_refuses(void)
{
	g_autoptr(GError) error = NULL;

	g_assert_false(check_with("dial-timeout = 1s\nendpoints = etcd1:2379\n", &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
	g_assert_true(
	    g_str_has_prefix(error->message, "test.conf:3: [binding-backend:etcd] endpoints: "));
}

/* ...without I/O: a TLS file is read only when the backend opens */
static void
test_check_reads_nothing(void)
{
	g_autoptr(GError) error = NULL;

	g_assert_true(check_with("endpoints = https://127.0.0.1:2379\n"
				 "ca-file = /nonexistent/ca.pem\n",
				 &error));
	g_assert_no_error(error);
}

static gchar *
fixture(const gchar *name, gsize *len)
{
	g_autofree gchar *fn = g_test_build_filename(G_TEST_DIST, "data", name, NULL);
	g_autoptr(GError) error = NULL;
	gchar *data = NULL;

	g_assert_true(g_file_get_contents(fn, &data, len, &error));
	g_assert_no_error(error);
	return data;
}

/* a load of the captured pages: tap1 and tap2 (more), then tap3 */
static NfdBackendTest *
loaded_backend(void)
{
	NfdBackendTest *t =
	    nfd_backend_test_new(nfdbuiltin_backend_etcd(),
				 "[binding-backend:etcd]\nprefix = /nfdhcpd/bindings/host1/\n");
	g_autoptr(GError) error = NULL;
	g_autofree gchar *p1 = NULL;
	g_autofree gchar *p2 = NULL;
	gsize len1 = 0, len2 = 0;

	g_assert_true(nfd_backend_test_open(t, &error));
	g_assert_no_error(error);
	p1 = fixture("range-page1.json", &len1);
	p2 = fixture("range-page2.json", &len2);
	nfd_binding_etcd_test_load_page(t->backend, p1, len1, FALSE);
	nfd_binding_etcd_test_load_page(t->backend, p2, len2, TRUE);
	g_assert_cmpuint(nfd_backend_test_size(t), ==, 3);
	return t;
}

static const gchar *
status_of(NfdBackendTest *t, const gchar *key, NfdFields **fields)
{
	g_clear_pointer(fields, nfd_fields_free);
	*fields = nfd_fields_new();
	nfdbuiltin_backend_etcd()->status(t->backend, *fields);
	return nfd_fields_lookup(*fields, key);
}

/* each page goes to the store as it is parsed, and is not held until the last one is in */
static void
test_load_streams(void)
{
	g_autoptr(NfdBackendTest) t =
	    nfd_backend_test_new(nfdbuiltin_backend_etcd(),
				 "[binding-backend:etcd]\nprefix = /nfdhcpd/bindings/host1/\n");
	g_autoptr(NfdFields) st = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *p1 = NULL;
	g_autofree gchar *p2 = NULL;
	gsize len1 = 0, len2 = 0;

	g_assert_true(nfd_backend_test_open(t, &error));
	p1 = fixture("range-page1.json", &len1);
	p2 = fixture("range-page2.json", &len2);
	nfd_binding_etcd_test_load_page(t->backend, p1, len1, FALSE);
	g_assert_cmpuint(nfd_backend_test_listings(t), ==, 1);
	g_assert_cmpuint(nfd_backend_test_size(t), ==, 2);
	g_assert_nonnull(nfd_backend_test_lookup(t, "tap1"));
	g_assert_nonnull(nfd_backend_test_lookup(t, "tap2"));
	nfd_binding_etcd_test_load_page(t->backend, p2, len2, TRUE);
	g_assert_cmpuint(nfd_backend_test_listings(t), ==, 1);
	g_assert_cmpuint(nfd_backend_test_size(t), ==, 3);
	g_assert_cmpstr(status_of(t, "bindings", &st), ==, "3");
	g_assert_cmpstr(status_of(t, "revision", &st), ==, "5");
	nfd_backend_test_close(t);
}

/* a later load without some keys removes their bindings (at its end) */
static void
test_load_removes(void)
{
	g_autoptr(NfdBackendTest) t = loaded_backend();
	g_autoptr(NfdFields) st = NULL;
	g_autofree gchar *p2 = NULL;
	gsize len = 0;

	p2 = fixture("range-page2.json", &len);
	nfd_binding_etcd_test_load_page(t->backend, p2, len, TRUE);
	g_assert_cmpuint(nfd_backend_test_listings(t), ==, 2);
	g_assert_cmpuint(t->removes, ==, 2);
	g_assert_cmpuint(nfd_backend_test_size(t), ==, 1);
	g_assert_nonnull(nfd_backend_test_lookup(t, "tap3"));
	g_assert_cmpstr(status_of(t, "bindings", &st), ==, "1");
	nfd_backend_test_close(t);
}

/* a bad value in a later load keeps the tap's binding, is reported once and is not counted */
static void
test_load_keeps_bad(void)
{
	g_autoptr(NfdBackendTest) t = loaded_backend();
	g_autoptr(NfdFields) st = NULL;
	g_autofree gchar *key = g_base64_encode((const guchar *)"/nfdhcpd/bindings/host1/tap2", 28);
	g_autofree gchar *value = g_base64_encode((const guchar *)"INDEV=tap2\nMTU=jumbo\n", 21);
	g_autofree gchar *page = g_strdup_printf(
	    "{\"header\":{\"revision\":\"9\"},\"kvs\":[{\"key\":\"%s\",\"create_revision\":\"3\","
	    "\"mod_revision\":\"9\",\"version\":\"2\",\"value\":\"%s\"}],\"count\":\"1\"}",
	    key,
	    value);
	const NfdBinding *before = nfd_backend_test_lookup(t, "tap2");
	guint n = warnings;

	nfd_binding_etcd_test_load_page(t->backend, page, strlen(page), TRUE);
	g_assert_true(nfd_backend_test_lookup(t, "tap2") == before);
	g_assert_cmpuint(nfd_backend_test_errors(t), ==, 1);
	/* the report names the key and its revision, which the binding's origin does not keep */
	g_assert_cmpuint(warnings, ==, n + 1);
	g_assert_cmpstr(
	    last_warning,
	    ==,
	    "bad binding for tap2: etcd key /nfdhcpd/bindings/host1/tap2 (revision 9): "
	    "line 2: MTU: not a number from 68 to 65535 (keeping the previous binding)");
	g_assert_cmpuint(nfd_backend_test_size(t), ==, 1);
	g_assert_cmpstr(status_of(t, "bindings", &st), ==, "0");
	g_assert_cmpstr(status_of(t, "bad values", &st), ==, "1");
	nfd_binding_etcd_test_load_page(t->backend, page, strlen(page), TRUE);
	g_assert_cmpuint(nfd_backend_test_errors(t), ==, 1);
	g_assert_true(nfd_backend_test_lookup(t, "tap2") == before);
	nfd_backend_test_close(t);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_log_set_writer_func(log_writer, NULL, NULL);
	/* the expected warnings are counted by log_writer(); criticals stay fatal */
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
	g_test_add_func("/nfd/etcd/backend/defaults", test_defaults);
	g_test_add_func("/nfd/etcd/backend/settings", test_settings);
	g_test_add_func("/nfd/etcd/backend/config-errors", test_config_errors);
	g_test_add_func("/nfd/etcd/backend/check-refuses", test_check_refuses);
	g_test_add_func("/nfd/etcd/backend/check-reads-nothing", test_check_reads_nothing);
	g_test_add_func("/nfd/etcd/backend/load-streams", test_load_streams);
	g_test_add_func("/nfd/etcd/backend/load-removes", test_load_removes);
	g_test_add_func("/nfd/etcd/backend/load-keeps-bad", test_load_keeps_bad);
	return g_test_run();
}
