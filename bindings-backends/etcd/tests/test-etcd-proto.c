/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the etcd backend's pure code: the stream framer, the JSON gateway's requests
 * and responses (over bodies captured from a real etcd 3.4, tests/data/make-fixtures.sh), the
 * key space helpers, the retry delays and the configuration values.
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "../nfd-etcd-framer.h"
#include "../nfd-etcd-proto.h"

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

static gboolean
collect(const gchar *data, gsize len, gpointer user_data)
{
	g_ptr_array_add(user_data, g_strndup(data, len));
	return TRUE;
}

static GPtrArray *
frame_all(const gchar *data, gsize len, gsize chunk, GError **error)
{
	g_autoptr(NfdEtcdFramer) framer = nfd_etcd_framer_new(1 << 20, 32);
	g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(g_free);

	for (gsize off = 0; off < len; off += chunk) {
		if (!nfd_etcd_framer_feed(framer,
					  (const guint8 *)data + off,
					  MIN(chunk, len - off),
					  collect,
					  out,
					  error))
			return NULL;
	}
	g_assert_true(nfd_etcd_framer_is_idle(framer));
	return g_steal_pointer(&out);
}

static void
test_framer_stream(void)
{
	gsize len = 0;
	g_autofree gchar *data = fixture("watch-stream.json", &len);
	g_autoptr(GPtrArray) whole = frame_all(data, len, len, NULL);
	g_auto(GStrv) lines = g_strsplit(data, "\n", -1);

	/* the gateway writes one object per line: the framer must find exactly those */
	g_assert_cmpuint(whole->len, ==, g_strv_length(lines) - 1);
	for (guint i = 0; i < whole->len; i++)
		g_assert_cmpstr(g_ptr_array_index(whole, i), ==, lines[i]);
	/* and the same objects whatever the chunking */
	for (gsize chunk = 1; chunk < 300; chunk += 37) {
		g_autoptr(GPtrArray) parts = frame_all(data, len, chunk, NULL);
		g_assert_cmpuint(parts->len, ==, whole->len);
		for (guint i = 0; i < whole->len; i++)
			g_assert_cmpstr(g_ptr_array_index(parts, i),
					==,
					g_ptr_array_index(whole, i));
	}
}

static void
test_framer_strings(void)
{
	const gchar *in = "{\"a\":\"}{][\\\"\\\\\",\"b\":[1,{\"c\":null}]} \r\n\t{\"d\":true}";
	g_autoptr(GPtrArray) out = frame_all(in, strlen(in), 3, NULL);

	g_assert_cmpuint(out->len, ==, 2);
	g_assert_cmpstr(g_ptr_array_index(out, 0),
			==,
			"{\"a\":\"}{][\\\"\\\\\",\"b\":[1,{\"c\":null}]}");
	g_assert_cmpstr(g_ptr_array_index(out, 1), ==, "{\"d\":true}");
}

static void
assert_framing_error(const gchar *in, gint code)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) out = frame_all(in, strlen(in), strlen(in), &error);

	g_assert_null(out);
	g_assert_error(error, NFD_ETCD_ERROR, code);
}

static void
test_framer_malformed(void)
{
	assert_framing_error("[1,2]", NFD_ETCD_ERROR_PROTOCOL);
	assert_framing_error("{} x", NFD_ETCD_ERROR_PROTOCOL);
	assert_framing_error("{\"a\":1]", NFD_ETCD_ERROR_PROTOCOL);
	assert_framing_error("{\"a\":[1}", NFD_ETCD_ERROR_PROTOCOL);
	/* what lenient parsers take and JSON does not: comments, single quotes, raw controls */
	assert_framing_error("{/* \" */ \"a\":1}", NFD_ETCD_ERROR_PROTOCOL);
	assert_framing_error("{'a':1}", NFD_ETCD_ERROR_PROTOCOL);
	assert_framing_error("{\"a\":\"x\ny\"}", NFD_ETCD_ERROR_PROTOCOL);
	assert_framing_error("{\"a\":\"x\001\"}", NFD_ETCD_ERROR_PROTOCOL);
}

static void
test_framer_depth(void)
{
	g_autoptr(GString) deep = g_string_new("{\"a\":");
	g_autoptr(GString) ok = g_string_new("{\"a\":");

	for (guint i = 0; i < 40; i++)
		g_string_append_c(deep, '[');
	assert_framing_error(deep->str, NFD_ETCD_ERROR_PROTOCOL);
	/* 31 arrays in the object: depth 32, the limit */
	for (guint i = 0; i < 31; i++)
		g_string_append_c(ok, '[');
	for (guint i = 0; i < 31; i++)
		g_string_append_c(ok, ']');
	g_string_append_c(ok, '}');
	{
		g_autoptr(GPtrArray) out = frame_all(ok->str, ok->len, 7, NULL);
		g_assert_cmpuint(out->len, ==, 1);
	}
}

static void
test_framer_bounded(void)
{
	g_autoptr(NfdEtcdFramer) framer = nfd_etcd_framer_new(1000, 32);
	g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *chunk = g_strnfill(100, 'x');
	gboolean ok =
	    nfd_etcd_framer_feed(framer, (const guint8 *)"{\"a\":\"", 6, collect, out, NULL);
	guint fed = 0;

	g_assert_true(ok);
	/* a string that never ends: the buffer stops at the limit, with an error */
	while (ok && fed < 100) {
		ok = nfd_etcd_framer_feed(framer, (const guint8 *)chunk, 100, collect, out, &error);
		fed++;
		g_assert_cmpuint(nfd_etcd_framer_get_buffered(framer), <=, 1000);
	}
	g_assert_false(ok);
	g_assert_error(error, NFD_ETCD_ERROR, NFD_ETCD_ERROR_TOO_LARGE);
	g_assert_cmpuint(fed, ==, 10);
	g_assert_cmpuint(out->len, ==, 0);
	/* a failed framer stays failed until reset */
	g_clear_error(&error);
	g_assert_false(nfd_etcd_framer_feed(framer, (const guint8 *)"{}", 2, collect, out, &error));
	nfd_etcd_framer_reset(framer);
	g_assert_true(nfd_etcd_framer_feed(framer, (const guint8 *)"{}", 2, collect, out, NULL));
	g_assert_cmpuint(out->len, ==, 1);
}

static gboolean
stop_after_one(const gchar *data, gsize len, gpointer user_data)
{
	(*(guint *)user_data)++;
	return FALSE;
}

static void
test_framer_stop(void)
{
	g_autoptr(NfdEtcdFramer) framer = nfd_etcd_framer_new(100, 8);
	guint n = 0;

	g_assert_true(
	    nfd_etcd_framer_feed(framer, (const guint8 *)"{}{}{}", 6, stop_after_one, &n, NULL));
	g_assert_cmpuint(n, ==, 1);
}

static gchar *
bytes_str(GBytes *b)
{
	gsize len = 0;
	const gchar *d = g_bytes_get_data(b, &len);
	return g_strndup(d, len);
}

static void
test_range_pages(void)
{
	gsize len = 0;
	g_autofree gchar *p1 = fixture("range-page1.json", &len);
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdEtcdRange) r1 = nfd_etcd_parse_range(p1, len, &error);
	g_autofree gchar *p2 = NULL;
	g_autoptr(NfdEtcdRange) r2 = NULL;
	NfdEtcdKv *kv;
	g_autofree gchar *key = NULL;
	g_autofree gchar *value = NULL;

	g_assert_no_error(error);
	g_assert_cmpint(r1->revision, ==, 5);
	g_assert_true(r1->more);
	g_assert_cmpuint(r1->kvs->len, ==, 2);
	kv = g_ptr_array_index(r1->kvs, 1);
	key = bytes_str(kv->key);
	value = bytes_str(kv->value);
	g_assert_cmpstr(key, ==, "/nfdhcpd/bindings/host1/tap2");
	g_assert_true(
	    g_str_has_prefix(value, "INDEV=tap2\nIP=192.0.2.12\nMAC=52:54:00:00:00:02\n"));
	g_assert_cmpint(kv->mod_revision, ==, 3);
	g_assert_cmpint(kv->version, ==, 1);

	p2 = fixture("range-page2.json", &len);
	r2 = nfd_etcd_parse_range(p2, len, &error);
	g_assert_no_error(error);
	g_assert_false(r2->more);
	g_assert_cmpuint(r2->kvs->len, ==, 1);
}

static void
test_range_empty(void)
{
	gsize len = 0;
	g_autofree gchar *data = fixture("range-empty.json", &len);
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdEtcdRange) r = nfd_etcd_parse_range(data, len, &error);

	g_assert_no_error(error);
	g_assert_cmpuint(r->kvs->len, ==, 0);
	g_assert_false(r->more);
	g_assert_cmpint(r->revision, ==, 5);
}

static void
assert_range_error(const gchar *name, gint code, const gchar *text)
{
	gsize len = 0;
	g_autofree gchar *data = fixture(name, &len);
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdEtcdRange) r = nfd_etcd_parse_range(data, len, &error);
	g_autoptr(GError) direct = nfd_etcd_error_from_body(data, len);

	g_assert_null(r);
	g_assert_error(error, NFD_ETCD_ERROR, code);
	g_assert_nonnull(strstr(error->message, text));
	g_assert_error(direct, NFD_ETCD_ERROR, code);
}

static void
test_range_errors(void)
{
	assert_range_error("error-compacted.json",
			   NFD_ETCD_ERROR_COMPACTED,
			   "required revision has been compacted");
	assert_range_error("error-future.json", NFD_ETCD_ERROR_SERVER, "future revision");
	assert_range_error("error-bad-token.json", NFD_ETCD_ERROR_AUTH, "invalid auth token");
	assert_range_error("error-no-token.json", NFD_ETCD_ERROR_AUTH, "user name is empty");
	assert_range_error("error-auth-failed.json",
			   NFD_ETCD_ERROR_SERVER,
			   "authentication failed");
	assert_range_error("error-bad-request.json", NFD_ETCD_ERROR_SERVER, "invalid character");
}

static NfdEtcdWatch *
watch_at(GPtrArray *objects, guint i)
{
	const gchar *s = g_ptr_array_index(objects, i);
	g_autoptr(GError) error = NULL;
	NfdEtcdWatch *w = nfd_etcd_parse_watch(s, strlen(s), &error);

	g_assert_no_error(error);
	return w;
}

static void
test_watch_stream(void)
{
	gsize len = 0;
	g_autofree gchar *data = fixture("watch-stream.json", &len);
	g_autoptr(GPtrArray) objects = frame_all(data, len, len, NULL);
	g_autoptr(NfdEtcdWatch) created = watch_at(objects, 0);
	g_autoptr(NfdEtcdWatch) put = watch_at(objects, 1);
	g_autoptr(NfdEtcdWatch) change = watch_at(objects, 2);
	g_autoptr(NfdEtcdWatch) del = watch_at(objects, 3);
	g_autoptr(NfdEtcdWatch) txn = watch_at(objects, 4);
	g_autoptr(NfdEtcdWatch) progress = watch_at(objects, objects->len - 1);
	g_autofree gchar *key = NULL;
	g_autofree gchar *value = NULL;
	NfdEtcdKv *kv;

	g_assert_true(created->created);
	g_assert_false(created->canceled);
	g_assert_cmpuint(created->events->len, ==, 0);

	g_assert_cmpuint(put->events->len, ==, 1);
	kv = g_ptr_array_index(put->events, 0);
	key = bytes_str(kv->key);
	g_assert_cmpstr(key, ==, "/nfdhcpd/bindings/host1/tap4");
	g_assert_nonnull(kv->value);
	g_assert_cmpint(kv->mod_revision, ==, 6);
	/* the put created the key */
	g_assert_cmpint(kv->version, ==, 1);

	kv = g_ptr_array_index(change->events, 0);
	value = bytes_str(kv->value);
	g_assert_nonnull(strstr(value, "IP=192.0.2.24\n"));
	g_assert_cmpint(kv->mod_revision, ==, 7);
	/* a change of an existing key */
	g_assert_cmpint(kv->version, ==, 2);

	/* a deletion has no value */
	kv = g_ptr_array_index(del->events, 0);
	g_assert_null(kv->value);
	g_assert_cmpint(kv->mod_revision, ==, 8);

	/* one transaction, one response, two events of the same revision */
	g_assert_cmpuint(txn->events->len, ==, 2);
	g_assert_cmpint(((NfdEtcdKv *)g_ptr_array_index(txn->events, 0))->mod_revision,
			==,
			((NfdEtcdKv *)g_ptr_array_index(txn->events, 1))->mod_revision);

	/* a progress notification: a header, nothing else */
	g_assert_false(progress->created);
	g_assert_cmpuint(progress->events->len, ==, 0);
	g_assert_cmpint(progress->revision, ==, 9);
}

static void
test_watch_compacted(void)
{
	gsize len = 0;
	g_autofree gchar *data = fixture("watch-compacted.json", &len);
	g_autoptr(GPtrArray) objects = frame_all(data, len, len, NULL);
	g_autoptr(NfdEtcdWatch) w = watch_at(objects, 1);

	g_assert_true(w->canceled);
	g_assert_cmpint(w->compact_revision, ==, 8);
}

static void
test_watch_bad_token(void)
{
	gsize len = 0;
	g_autofree gchar *data = fixture("watch-bad-token.json", &len);
	g_autoptr(GPtrArray) objects = frame_all(data, len, len, NULL);
	g_autoptr(NfdEtcdWatch) w = watch_at(objects, 0);

	g_assert_true(w->created);
	g_assert_true(w->canceled);
	g_assert_cmpint(w->compact_revision, ==, 0);
	g_assert_nonnull(strstr(w->cancel_reason, "invalid auth token"));
}

static void
test_watch_stream_error(void)
{
	/* captured when etcd stopped under a watch (grpc-gateway's stream error shape) */
	const gchar *s =
	    "{\"error\":{\"grpc_code\":14,\"http_code\":503,\"message\":\"transport is "
	    "closing\",\"http_status\":\"Service Unavailable\"}}";
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdEtcdWatch) w = nfd_etcd_parse_watch(s, strlen(s), &error);

	g_assert_null(w);
	g_assert_error(error, NFD_ETCD_ERROR, NFD_ETCD_ERROR_SERVER);
	g_assert_nonnull(strstr(error->message, "transport is closing"));
}

static void
assert_protocol_error(const gchar *s)
{
	g_autoptr(GError) e1 = NULL;
	g_autoptr(GError) e2 = NULL;
	g_autoptr(NfdEtcdWatch) w = nfd_etcd_parse_watch(s, strlen(s), &e1);
	g_autoptr(NfdEtcdRange) r = nfd_etcd_parse_range(s, strlen(s), &e2);

	g_assert_null(w);
	g_assert_error(e1, NFD_ETCD_ERROR, NFD_ETCD_ERROR_PROTOCOL);
	g_assert_null(r);
	g_assert_error(e2, NFD_ETCD_ERROR, NFD_ETCD_ERROR_PROTOCOL);
}

static void
test_malformed(void)
{
	assert_protocol_error("{\"result\":{\"header\":{\"revision\":\"x\"}},\"header\":{}}");
	assert_protocol_error("{\"result\":{\"header\":{\"revision\":\"99999999999999999999\"}},"
			      "\"header\":{\"revision\":\"99999999999999999999\"}}");
	assert_protocol_error("{\"result\":{\"events\":[{\"kv\":{\"key\":\"a\"}}]},"
			      "\"kvs\":[{\"key\":\"a\"}],\"header\":{\"revision\":1}}");
	assert_protocol_error("{\"result\":{\"events\":[{\"kv\":{\"key\":\"YQ=a\"}}]},"
			      "\"kvs\":[{\"key\":\"YQ=a\"}],\"header\":{\"revision\":1}}");
	assert_protocol_error(
	    "{\"result\":{\"events\":[{\"type\":\"NOPE\",\"kv\":{\"key\":\"\"}}]},"
	    "\"kvs\":[{\"value\":\"\"}],\"header\":{\"revision\":1}}");
	assert_protocol_error(
	    "{\"result\":{\"created\":\"yes\"},\"kvs\":{},\"header\":{\"revision\":1}}");
	assert_protocol_error("{\"result\":[],\"header\":[]}");
	assert_protocol_error("[]");
	assert_protocol_error("{\"a\":");
}

static void
test_auth(void)
{
	gsize len = 0;
	g_autofree gchar *ok = fixture("auth-token.json", &len);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *token = nfd_etcd_parse_auth(ok, len, &error);
	g_autofree gchar *bad = fixture("error-auth-failed.json", &len);
	g_autofree gchar *none = NULL;
	const gchar *ctl = "{\"token\":\"abc\\r\\nX-Evil: 1\"}";

	g_assert_no_error(error);
	g_assert_nonnull(token);
	g_assert_true(g_str_has_suffix(token, ".21"));
	none = nfd_etcd_parse_auth(bad, len, &error);
	g_assert_null(none);
	g_assert_error(error, NFD_ETCD_ERROR, NFD_ETCD_ERROR_SERVER);
	g_clear_error(&error);
	/* a token goes into an HTTP header: no header injection */
	g_assert_null(nfd_etcd_parse_auth(ctl, strlen(ctl), &error));
	g_assert_error(error, NFD_ETCD_ERROR, NFD_ETCD_ERROR_PROTOCOL);
}

static JsonObject *
parse_object(const gchar *s, JsonParser *parser)
{
	g_autoptr(GError) error = NULL;

	g_assert_true(json_parser_load_from_data(parser, s, -1, &error));
	g_assert_no_error(error);
	return json_node_get_object(json_parser_get_root(parser));
}

static void
test_requests(void)
{
	g_autoptr(GBytes) key = g_bytes_new_static("/p/", 3);
	g_autoptr(GBytes) end = nfd_etcd_prefix_range_end(key);
	g_autofree gchar *range = nfd_etcd_range_request(key, end, 42, 1000, FALSE);
	g_autofree gchar *first = nfd_etcd_range_request(key, end, 0, 0, TRUE);
	g_autofree gchar *watch = nfd_etcd_watch_request(key, end, 43);
	g_autofree gchar *auth = nfd_etcd_auth_request("host\"1", "p\\w");
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *o;

	o = parse_object(range, parser);
	g_assert_cmpstr(json_object_get_string_member(o, "key"), ==, "L3Av");
	g_assert_cmpstr(json_object_get_string_member(o, "range_end"), ==, "L3Aw");
	g_assert_cmpstr(json_object_get_string_member(o, "revision"), ==, "42");
	g_assert_cmpstr(json_object_get_string_member(o, "limit"), ==, "1000");
	g_assert_false(json_object_has_member(o, "keys_only"));

	o = parse_object(first, parser);
	g_assert_false(json_object_has_member(o, "revision"));
	g_assert_false(json_object_has_member(o, "limit"));
	g_assert_true(json_object_get_boolean_member(o, "keys_only"));

	o = json_object_get_object_member(parse_object(watch, parser), "create_request");
	g_assert_cmpstr(json_object_get_string_member(o, "start_revision"), ==, "43");
	g_assert_true(json_object_get_boolean_member(o, "progress_notify"));
	g_assert_true(json_object_get_boolean_member(o, "fragment"));

	o = parse_object(auth, parser);
	g_assert_cmpstr(json_object_get_string_member(o, "name"), ==, "host\"1");
	g_assert_cmpstr(json_object_get_string_member(o, "password"), ==, "p\\w");
}

static void
assert_range_end(const gchar *prefix, gsize len, const gchar *want, gsize want_len)
{
	g_autoptr(GBytes) p = g_bytes_new(prefix, len);
	g_autoptr(GBytes) e = nfd_etcd_prefix_range_end(p);
	g_autoptr(GBytes) w = g_bytes_new(want, want_len);

	g_assert_true(g_bytes_equal(e, w));
}

static void
test_keys_range_end(void)
{
	assert_range_end("/nfdhcpd/bindings/h1/", 21, "/nfdhcpd/bindings/h10", 21);
	assert_range_end("a\xff", 2, "b", 1);
	assert_range_end("\xff\xff", 2, "", 1);
	assert_range_end("", 0, "", 1);
}

static void
test_keys_successor(void)
{
	g_autoptr(GBytes) k = g_bytes_new("/p/tap1", 7);
	g_autoptr(GBytes) n = nfd_etcd_key_successor(k);
	g_autoptr(GBytes) w = g_bytes_new("/p/tap1", 8);

	g_assert_true(g_bytes_equal(n, w));
}

static gchar *
tap_of(const gchar *key, GError **error)
{
	g_autoptr(GBytes) p = g_bytes_new_static("/p/h1/", 6);
	g_autoptr(GBytes) k = g_bytes_new(key, strlen(key));
	return nfd_etcd_key_to_tap(p, k, error);
}

static void
assert_not_tap(const gchar *key)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *tap = tap_of(key, &error);

	g_assert_null(tap);
	g_assert_error(error, NFD_ETCD_ERROR, NFD_ETCD_ERROR_PROTOCOL);
}

static void
test_keys_tap(void)
{
	g_autofree gchar *t1 = tap_of("/p/h1/tap1", NULL);
	g_autofree gchar *t2 = tap_of("/p/h1/vnet-15.chars_o", NULL);

	g_assert_cmpstr(t1, ==, "tap1");
	g_assert_cmpstr(t2, ==, "vnet-15.chars_o");
	g_clear_pointer(&t2, g_free);
	assert_not_tap("/p/h1/");
	assert_not_tap("/p/h1/tap1/extra");
	assert_not_tap("/p/h1/sixteen-bytes-xx");
	assert_not_tap("/p/h1/a b");
	assert_not_tap("/p/h1/eth0:1");
	assert_not_tap("/p/h1/..");
	assert_not_tap("/p/h1/.");
	assert_not_tap("/p/h2/tap1");
	assert_not_tap("/p/h1");
	{
		g_autoptr(GBytes) p = g_bytes_new_static("/p/", 3);
		g_autoptr(GBytes) k = g_bytes_new("/p/t\0p", 6);
		g_assert_null(nfd_etcd_key_to_tap(p, k, NULL));
	}
}

static void
test_keys_describe(void)
{
	g_autoptr(GBytes) k = g_bytes_new("/p/\n\\\xff", 6);
	g_autofree gchar *d = nfd_etcd_key_describe(k);
	g_autofree gchar *longk = g_strnfill(300, 'a');
	g_autoptr(GBytes) l = g_bytes_new(longk, 300);
	g_autofree gchar *dl = nfd_etcd_key_describe(l);

	g_assert_cmpstr(d, ==, "/p/\\x0a\\x5c\\xff");
	g_assert_cmpuint(strlen(dl), ==, 259);
}

static void
test_backoff(void)
{
	g_assert_cmpuint(nfd_etcd_backoff_delay(0, 200, 10000, 12345), ==, 0);
	/* attempt 1: 200 ms, of which 100 to 200 */
	g_assert_cmpuint(nfd_etcd_backoff_delay(1, 200, 10000, 0), ==, 100);
	g_assert_cmpuint(nfd_etcd_backoff_delay(1, 200, 10000, 100), ==, 200);
	g_assert_cmpuint(nfd_etcd_backoff_delay(1, 200, 10000, 101), ==, 100);
	/* doubling: attempt 4 is 1600 ms */
	g_assert_cmpuint(nfd_etcd_backoff_delay(4, 200, 10000, 0), ==, 800);
	g_assert_cmpuint(nfd_etcd_backoff_delay(4, 200, 10000, 800), ==, 1600);
	/* capped, also far beyond the shift width */
	for (guint a = 7; a < 200; a += 13) {
		for (guint32 r = 0; r < 50; r++) {
			guint d = nfd_etcd_backoff_delay(a, 200, 10000, r * 0x05f5e0ffu);
			g_assert_cmpuint(d, >=, 5000);
			g_assert_cmpuint(d, <=, 10000);
		}
	}
	g_assert_cmpuint(nfd_etcd_backoff_delay(G_MAXUINT, G_MAXUINT, G_MAXUINT, G_MAXUINT32),
			 <=,
			 G_MAXUINT);
}

static void
test_config_values(void)
{
	guint ms = 0;
	gboolean tls = FALSE;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *u1 = nfd_etcd_parse_endpoint("http://127.0.0.1:2379/", &tls, NULL);
	g_autofree gchar *u2 = nfd_etcd_parse_endpoint("https://[2001:db8::1]:2379", &tls, NULL);

	g_assert_true(nfd_etcd_parse_duration("5", 300000, &ms, NULL));
	g_assert_cmpuint(ms, ==, 5000);
	g_assert_true(nfd_etcd_parse_duration("2s", 300000, &ms, NULL));
	g_assert_cmpuint(ms, ==, 2000);
	g_assert_true(nfd_etcd_parse_duration("250ms", 300000, &ms, NULL));
	g_assert_cmpuint(ms, ==, 250);
	g_assert_false(nfd_etcd_parse_duration("0", 300000, &ms, NULL));
	g_assert_false(nfd_etcd_parse_duration("301s", 300000, &ms, NULL));
	g_assert_false(nfd_etcd_parse_duration("1.5s", 300000, &ms, NULL));
	g_assert_false(nfd_etcd_parse_duration("ms", 300000, &ms, &error));
	g_assert_error(error, NFD_ETCD_ERROR, NFD_ETCD_ERROR_PROTOCOL);

	g_assert_cmpstr(u1, ==, "http://127.0.0.1:2379");
	g_assert_cmpstr(u2, ==, "https://[2001:db8::1]:2379");
	g_assert_true(tls);
	g_assert_null(nfd_etcd_parse_endpoint("http://127.0.0.1", &tls, NULL));
	g_assert_null(nfd_etcd_parse_endpoint("127.0.0.1:2379", &tls, NULL));
	g_assert_null(nfd_etcd_parse_endpoint("unix:///run/etcd.sock", &tls, NULL));
	g_assert_null(nfd_etcd_parse_endpoint("http://127.0.0.1:2379/v3", &tls, NULL));
	g_assert_null(nfd_etcd_parse_endpoint("http://u:p@127.0.0.1:2379", &tls, NULL));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/etcd/framer/stream", test_framer_stream);
	g_test_add_func("/nfd/etcd/framer/strings", test_framer_strings);
	g_test_add_func("/nfd/etcd/framer/malformed", test_framer_malformed);
	g_test_add_func("/nfd/etcd/framer/depth", test_framer_depth);
	g_test_add_func("/nfd/etcd/framer/bounded", test_framer_bounded);
	g_test_add_func("/nfd/etcd/framer/stop", test_framer_stop);
	g_test_add_func("/nfd/etcd/range/pages", test_range_pages);
	g_test_add_func("/nfd/etcd/range/empty", test_range_empty);
	g_test_add_func("/nfd/etcd/range/errors", test_range_errors);
	g_test_add_func("/nfd/etcd/watch/stream", test_watch_stream);
	g_test_add_func("/nfd/etcd/watch/compacted", test_watch_compacted);
	g_test_add_func("/nfd/etcd/watch/bad-token", test_watch_bad_token);
	g_test_add_func("/nfd/etcd/watch/stream-error", test_watch_stream_error);
	g_test_add_func("/nfd/etcd/response/malformed", test_malformed);
	g_test_add_func("/nfd/etcd/auth/token", test_auth);
	g_test_add_func("/nfd/etcd/requests", test_requests);
	g_test_add_func("/nfd/etcd/keys/range-end", test_keys_range_end);
	g_test_add_func("/nfd/etcd/keys/successor", test_keys_successor);
	g_test_add_func("/nfd/etcd/keys/tap", test_keys_tap);
	g_test_add_func("/nfd/etcd/keys/describe", test_keys_describe);
	g_test_add_func("/nfd/etcd/backoff", test_backoff);
	g_test_add_func("/nfd/etcd/config/values", test_config_values);
	return g_test_run();
}
