/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the control socket's JSON (core/nfd-json.c) and request parser
 * (core/nfd-control-request.c): what is written is valid and escaped, what is read is exactly
 * RFC 8259 within the bounds, and a request is refused with a reason for every way it can be
 * wrong.
 */
#include <string.h>

#include "nfd-common.h"
#include "nfd-control-request.h"
#include "nfd-json.h"

static gchar *
write_sample(void)
{
	GString *out = g_string_new(NULL);
	NfdJsonWriter w;

	nfd_json_writer_init(&w, out);
	nfd_json_begin_object(&w);
	nfd_json_member_string(&w, "a", "x");
	nfd_json_key(&w, "list");
	nfd_json_begin_array(&w);
	nfd_json_uint(&w, 1);
	nfd_json_int(&w, -2);
	nfd_json_bool(&w, TRUE);
	nfd_json_null(&w);
	nfd_json_begin_object(&w);
	nfd_json_end_object(&w);
	nfd_json_end_array(&w);
	nfd_json_member_uint(&w, "n", 18446744073709551615ull);
	nfd_json_end_object(&w);
	return g_string_free(out, FALSE);
}

static void
test_writer_commas(void)
{
	g_autofree gchar *text = write_sample();

	g_assert_cmpstr(text,
			==,
			"{\"a\":\"x\",\"list\":[1,-2,true,null,{}],\"n\":18446744073709551615}");
}

static void
test_writer_escapes(void)
{
	g_autoptr(GString) out = g_string_new(NULL);
	const gchar raw[] = "q\"b\\n\nt\tc\x01\x7f\xc3\xa9\xff.";

	nfd_json_escape_append(out, raw, sizeof(raw) - 1);
	/* quotes, backslashes and controls escaped, UTF-8 kept, a stray byte as U+FFFD */
	g_assert_cmpstr(out->str, ==, "q\\\"b\\\\n\\nt\\tc\\u0001\\u007f\xc3\xa9\\ufffd.");
}

static void
test_writer_output_parses(void)
{
	g_autofree gchar *text = write_sample();
	NfdJsonMember m[8];
	guint n = 0;
	guint64 v = 0;
	g_autoptr(GError) error = NULL;

	g_assert_true(nfd_json_parse_object(text, strlen(text), m, G_N_ELEMENTS(m), &n, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(n, ==, 3);
	g_assert_cmpint(nfd_json_find(m, n, "list")->type, ==, NFD_JSON_ARRAY);
	g_assert_true(nfd_json_member_get_uint(nfd_json_find(m, n, "n"), G_MAXUINT64, &v));
	g_assert_cmpuint(v, ==, G_MAXUINT64);
}

static void
test_reader_strings(void)
{
	const gchar *text = "{\"k\\u0065y\": \"a\\n\\u00e9\\ud83d\\ude00\\/\"}";
	NfdJsonMember m[4];
	guint n = 0;
	g_autofree gchar *v = NULL;

	g_assert_true(nfd_json_parse_object(text, strlen(text), m, 4, &n, NULL));
	g_assert_nonnull(nfd_json_find(m, n, "key"));
	v = nfd_json_member_dup_string(nfd_json_find(m, n, "key"), NULL);
	g_assert_cmpstr(v, ==, "a\n\xc3\xa9\xf0\x9f\x98\x80/");
}

static void
test_reader_refuses(void)
{
	/* each is wrong in its own way */
	const gchar *bad[] = {
	    "",
	    "[]",
	    "{",
	    "{}x",
	    "{\"a\":}",
	    "{\"a\" 1}",
	    "{\"a\":1,}",
	    "{a:1}",
	    "{\"a\":01}",
	    "{\"a\":1.}",
	    "{\"a\":-}",
	    "{\"a\":1e}",
	    "{\"a\":tru}",
	    "{\"a\":\"\x01\"}",
	    "{\"a\":\"\\x\"}",
	    "{\"a\":\"\\u12\"}",
	    "{\"a\":\"\xff\"}",
	    "{\"a\":1,\"a\":2}",
	    "{\"a\":[1,2}",
	    "{\"a\":\"unterminated}",
	    "{\"a\":[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]}",
	};

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		NfdJsonMember m[4];
		guint n = 0;
		g_autoptr(GError) error = NULL;
		if (nfd_json_parse_object(bad[i], strlen(bad[i]), m, 4, &n, &error))
			g_error("accepted bad JSON #%u: %s", i, bad[i]);
		g_assert_error(error, NFD_ERROR, NFD_ERROR_FAILED);
	}
}

static void
test_reader_member_limit(void)
{
	const gchar *text = "{\"a\":1,\"b\":2,\"c\":3}";
	NfdJsonMember m[2];
	guint n = 0;
	g_autoptr(GError) error = NULL;

	g_assert_false(nfd_json_parse_object(text, strlen(text), m, 2, &n, &error));
	g_assert_nonnull(strstr(error->message, "too many members"));
}

static void
test_reader_decode_refuses_nul(void)
{
	const gchar *text = "{\"a\":\"x\\u0000y\",\"b\":\"\\ud800\"}";
	NfdJsonMember m[4];
	guint n = 0;
	g_autoptr(GError) e1 = NULL;
	g_autoptr(GError) e2 = NULL;

	g_assert_true(nfd_json_parse_object(text, strlen(text), m, 4, &n, NULL));
	g_assert_null(nfd_json_member_dup_string(nfd_json_find(m, n, "a"), &e1));
	g_assert_nonnull(e1);
	g_assert_null(nfd_json_member_dup_string(nfd_json_find(m, n, "b"), &e2));
	g_assert_nonnull(e2);
}

static gboolean
parse(const gchar *line, NfdControlRequest *req, GError **error)
{
	return nfd_control_request_parse(req, line, strlen(line), error);
}

static void
test_request_full(void)
{
	g_auto(NfdControlRequest) req = {0};
	g_autoptr(GError) error = NULL;

	g_assert_true(parse("{\"command\":\"explain\",\"tap\":\"tap1\",\"format\":\"json\","
			    "\"args\":{\"proto\":\"dhcp4\",\"mac\":\"52:54:00:00:00:01\","
			    "\"request-list\":\"1,3,6\"}}",
			    &req,
			    &error));
	g_assert_no_error(error);
	g_assert_cmpstr(req.command, ==, "explain");
	g_assert_cmpstr(req.tap, ==, "tap1");
	g_assert_true(req.json);
	g_assert_cmpstr(req.proto, ==, "dhcp4");
	g_assert_cmpstr(req.mac, ==, "52:54:00:00:00:01");
	g_assert_cmpstr(req.request_list, ==, "1,3,6");
}

static void
test_request_minimal(void)
{
	g_auto(NfdControlRequest) req = {0};

	g_assert_true(parse(" {\"command\":\"status\"} ", &req, NULL));
	g_assert_cmpstr(req.command, ==, "status");
	g_assert_null(req.tap);
	g_assert_false(req.json);
}

static void
test_request_refuses(void)
{
	struct {
		const gchar *line;
		const gchar *why;
	} bad[] = {
	    {"{}", "no \"command\""},
	    {"{\"command\":\"\"}", "no \"command\""},
	    {"{\"command\":1}", "must be a string"},
	    {"{\"command\":\"x\",\"colour\":\"red\"}", "unknown key \"colour\""},
	    {"{\"command\":\"x\",\"tap\":\"../etc\"}", "not an interface name"},
	    {"{\"command\":\"x\",\"tap\":\"a-very-long-tap-name\"}", "not an interface name"},
	    {"{\"command\":\"x\",\"format\":\"xml\"}", "\"format\" must be"},
	    {"{\"command\":\"x\",\"args\":[]}", "\"args\" must be an object"},
	    {"{\"command\":\"x\",\"args\":{\"mack\":\"1\"}}", "unknown argument \"mack\""},
	    {"{\"command\":\"x\",\"args\":{\"mac\":2}}", "must be a string"},
	    {"{\"command\":\"a\\tb\"}", "control character"},
	    {"not json", "not a JSON object"},
	};

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_auto(NfdControlRequest) req = {0};
		g_autoptr(GError) error = NULL;
		g_assert_false(parse(bad[i].line, &req, &error));
		g_assert_nonnull(error);
		if (strstr(error->message, bad[i].why) == NULL)
			g_error("'%s': '%s' does not say '%s'",
				bad[i].line,
				error->message,
				bad[i].why);
		g_assert_null(req.command);
	}
}

static void
test_request_too_long(void)
{
	g_autoptr(GString) line = g_string_new("{\"command\":\"");
	g_auto(NfdControlRequest) req = {0};
	g_autoptr(GError) error = NULL;

	while (line->len <= NFD_CONTROL_REQUEST_MAX)
		g_string_append_c(line, 'x');
	g_string_append(line, "\"}");
	g_assert_false(nfd_control_request_parse(&req, line->str, line->len, &error));
	g_assert_nonnull(strstr(error->message, "longer than"));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/json/writer/commas", test_writer_commas);
	g_test_add_func("/nfd/json/writer/escapes", test_writer_escapes);
	g_test_add_func("/nfd/json/writer/output-parses", test_writer_output_parses);
	g_test_add_func("/nfd/json/reader/strings", test_reader_strings);
	g_test_add_func("/nfd/json/reader/refuses", test_reader_refuses);
	g_test_add_func("/nfd/json/reader/member-limit", test_reader_member_limit);
	g_test_add_func("/nfd/json/reader/decode-refuses-nul", test_reader_decode_refuses_nul);
	g_test_add_func("/nfd/control/request/full", test_request_full);
	g_test_add_func("/nfd/control/request/minimal", test_request_minimal);
	g_test_add_func("/nfd/control/request/refuses", test_request_refuses);
	g_test_add_func("/nfd/control/request/too-long", test_request_too_long);
	return g_test_run();
}
