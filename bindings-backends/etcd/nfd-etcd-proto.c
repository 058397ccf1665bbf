/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The etcd v3 API through its gRPC JSON gateway (etcd's Documentation/dev-guide/api_grpc_gateway
 * and api_reference_v3): etcdserverpb's messages in proto3's JSON mapping, which the gateway
 * emits with the protobuf field names, omits fields at their default value (so a PUT event has
 * no "type", a first page no "more"), writes int64 as decimal strings and bytes as base64
 * (RFC 4648 §4, padded).  Errors are {"error": "...", "message": "...", "code": <gRPC code>}
 * for unary calls and {"error": {"grpc_code": N, "message": "..."}} inside a stream.
 *
 * Parsing is strict where a mistake would matter (base64 alphabet and padding, int64 range,
 * member types) and lenient where the gateway's omissions are normal.  Inputs are one JSON
 * object each, already bounded and depth-checked by NfdEtcdFramer.
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "nfd-etcd-proto.h"

/* gRPC status codes (grpc/status.h) */
#define NFD_GRPC_INVALID_ARGUMENT 3
#define NFD_GRPC_OUT_OF_RANGE 11
#define NFD_GRPC_UNAUTHENTICATED 16

/* a Linux interface name is at most IFNAMSIZ - 1 bytes */
#define NFD_ETCD_TAP_MAX 15

G_DEFINE_QUARK(nfd - etcd - error - quark, nfd_etcd_error)

static void
nfd_etcd_kv_free(NfdEtcdKv *kv)
{
	g_bytes_unref(kv->key);
	if (kv->value != NULL)
		g_bytes_unref(kv->value);
	g_free(kv);
}

void
nfd_etcd_range_free(NfdEtcdRange *self)
{
	if (self == NULL)
		return;
	g_ptr_array_unref(self->kvs);
	g_free(self);
}

void
nfd_etcd_watch_free(NfdEtcdWatch *self)
{
	if (self == NULL)
		return;
	g_ptr_array_unref(self->events);
	g_free(self->cancel_reason);
	g_free(self);
}

/* ---- requests: base64 and decimal only, so printf cannot produce invalid JSON ---- */

static gchar *
b64(GBytes *bytes)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(bytes, &len);
	return g_base64_encode(data, len);
}

gchar *
nfd_etcd_range_request(GBytes *key,
		       GBytes *range_end,
		       gint64 revision,
		       gint64 limit,
		       gboolean keys_only)
{
	g_autofree gchar *k = b64(key);
	g_autofree gchar *e = b64(range_end);
	GString *s = g_string_new(NULL);

	g_string_append_printf(s, "{\"key\":\"%s\",\"range_end\":\"%s\"", k, e);
	if (revision > 0)
		g_string_append_printf(s, ",\"revision\":\"%" G_GINT64_FORMAT "\"", revision);
	if (limit > 0)
		g_string_append_printf(s, ",\"limit\":\"%" G_GINT64_FORMAT "\"", limit);
	if (keys_only)
		g_string_append(s, ",\"keys_only\":true");
	g_string_append_c(s, '}');
	return g_string_free(s, FALSE);
}

/* progress_notify: the server tells an idle watcher its revision now and then, so a resumed
 * watch starts close to the present; fragment: huge responses come in pieces */
gchar *
nfd_etcd_watch_request(GBytes *key, GBytes *range_end, gint64 start_revision)
{
	g_autofree gchar *k = b64(key);
	g_autofree gchar *e = b64(range_end);

	return g_strdup_printf("{\"create_request\":{\"key\":\"%s\",\"range_end\":\"%s\","
			       "\"start_revision\":\"%" G_GINT64_FORMAT "\","
			       "\"progress_notify\":true,\"fragment\":true}}",
			       k,
			       e,
			       start_revision);
}

gchar *
nfd_etcd_auth_request(const gchar *name, const gchar *password)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonGenerator) gen = json_generator_new();
	g_autoptr(JsonNode) root = NULL;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "name");
	json_builder_add_string_value(b, name);
	json_builder_set_member_name(b, "password");
	json_builder_add_string_value(b, password);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	json_generator_set_root(gen, root);
	return json_generator_to_data(gen, NULL);
}

/* ---- response members ---- */

static gboolean
protocol_error(GError **error, const gchar *format, ...) G_GNUC_PRINTF(2, 3);

static gboolean
protocol_error(GError **error, const gchar *format, ...)
{
	va_list ap;
	g_autofree gchar *msg = NULL;

	va_start(ap, format);
	msg = g_strdup_vprintf(format, ap);
	va_end(ap);
	g_set_error(error, NFD_ETCD_ERROR, NFD_ETCD_ERROR_PROTOCOL, "etcd response: %s", msg);
	return FALSE;
}

static JsonNode *
parse_root(const gchar *data, gsize len, GError **error)
{
	g_autoptr(JsonParser) parser = json_parser_new_immutable();
	g_autoptr(GError) error_local = NULL;
	JsonNode *root;

	if (len > G_MAXSSIZE ||
	    !json_parser_load_from_data(parser, data, (gssize)len, &error_local)) {
		protocol_error(error,
			       "%s",
			       error_local != NULL ? error_local->message : "too large");
		return NULL;
	}
	root = json_parser_get_root(parser);
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
		protocol_error(error, "not a JSON object");
		return NULL;
	}
	return json_node_ref(root);
}

/* a member that must be an object if present; NULL if absent */
static gboolean
get_object(JsonObject *obj, const gchar *name, JsonObject **out, GError **error)
{
	JsonNode *node = json_object_get_member(obj, name);

	*out = NULL;
	if (node == NULL || JSON_NODE_HOLDS_NULL(node))
		return TRUE;
	if (!JSON_NODE_HOLDS_OBJECT(node))
		return protocol_error(error, "%s is not an object", name);
	*out = json_node_get_object(node);
	return TRUE;
}

static gboolean
get_array(JsonObject *obj, const gchar *name, JsonArray **out, GError **error)
{
	JsonNode *node = json_object_get_member(obj, name);

	*out = NULL;
	if (node == NULL || JSON_NODE_HOLDS_NULL(node))
		return TRUE;
	if (!JSON_NODE_HOLDS_ARRAY(node))
		return protocol_error(error, "%s is not an array", name);
	*out = json_node_get_array(node);
	return TRUE;
}

/* proto3 JSON: int64 as a decimal string, also accepted as a number; absent = 0 */
static gboolean
get_int64(JsonObject *obj, const gchar *name, gint64 *out, GError **error)
{
	JsonNode *node = json_object_get_member(obj, name);
	g_autoptr(GError) error_local = NULL;
	GType type;

	*out = 0;
	if (node == NULL || JSON_NODE_HOLDS_NULL(node))
		return TRUE;
	if (!JSON_NODE_HOLDS_VALUE(node))
		return protocol_error(error, "%s is not a number", name);
	type = json_node_get_value_type(node);
	if (type == G_TYPE_INT64) {
		*out = json_node_get_int(node);
		return TRUE;
	}
	if (type != G_TYPE_STRING)
		return protocol_error(error, "%s is not an integer", name);
	if (!g_ascii_string_to_signed(json_node_get_string(node),
				      10,
				      G_MININT64,
				      G_MAXINT64,
				      out,
				      &error_local))
		return protocol_error(error, "%s: %s", name, error_local->message);
	return TRUE;
}

static gboolean
get_bool(JsonObject *obj, const gchar *name, gboolean *out, GError **error)
{
	JsonNode *node = json_object_get_member(obj, name);

	*out = FALSE;
	if (node == NULL || JSON_NODE_HOLDS_NULL(node))
		return TRUE;
	if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_BOOLEAN)
		return protocol_error(error, "%s is not a boolean", name);
	*out = json_node_get_boolean(node);
	return TRUE;
}

static gboolean
get_string(JsonObject *obj, const gchar *name, const gchar **out, GError **error)
{
	JsonNode *node = json_object_get_member(obj, name);

	*out = NULL;
	if (node == NULL || JSON_NODE_HOLDS_NULL(node))
		return TRUE;
	if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
		return protocol_error(error, "%s is not a string", name);
	*out = json_node_get_string(node);
	return TRUE;
}

static gboolean
is_b64_char(gchar c)
{
	return g_ascii_isalnum(c) || c == '+' || c == '/';
}

/* RFC 4648 §4 with padding, as Go's base64.StdEncoding writes it; absent = empty */
static gboolean
get_bytes(JsonObject *obj, const gchar *name, GBytes **out, GError **error)
{
	const gchar *s = NULL;
	gsize n, pad = 0, len = 0;
	guchar *data;

	*out = NULL;
	if (!get_string(obj, name, &s, error))
		return FALSE;
	if (s == NULL) {
		*out = g_bytes_new(NULL, 0);
		return TRUE;
	}
	n = strlen(s);
	if (n % 4 != 0)
		return protocol_error(error, "%s: base64 length %" G_GSIZE_FORMAT, name, n);
	if (n > 0 && s[n - 1] == '=')
		pad = n > 1 && s[n - 2] == '=' ? 2 : 1;
	for (gsize i = 0; i < n - pad; i++) {
		if (!is_b64_char(s[i]))
			return protocol_error(error, "%s: not base64", name);
	}
	if (n == 0) {
		*out = g_bytes_new(NULL, 0);
		return TRUE;
	}
	data = g_base64_decode(s, &len);
	*out = g_bytes_new_take(data, len);
	return TRUE;
}

static gboolean
get_header_revision(JsonObject *obj, gint64 *revision, GError **error)
{
	JsonObject *header = NULL;

	*revision = 0;
	if (!get_object(obj, "header", &header, error))
		return FALSE;
	if (header == NULL)
		return TRUE;
	return get_int64(header, "revision", revision, error);
}

static NfdEtcdKv *
parse_kv(JsonNode *node, gboolean deleted, GError **error)
{
	g_autoptr(GBytes) key = NULL;
	g_autoptr(GBytes) value = NULL;
	JsonObject *obj;
	NfdEtcdKv *kv;
	gint64 mod = 0;
	gint64 version = 0;

	if (node == NULL || !JSON_NODE_HOLDS_OBJECT(node)) {
		protocol_error(error, "kv is not an object");
		return NULL;
	}
	obj = json_node_get_object(node);
	if (!json_object_has_member(obj, "key")) {
		protocol_error(error, "kv without a key");
		return NULL;
	}
	if (!get_bytes(obj, "key", &key, error) || !get_int64(obj, "mod_revision", &mod, error) ||
	    !get_int64(obj, "version", &version, error))
		return NULL;
	if (!deleted && !get_bytes(obj, "value", &value, error))
		return NULL;
	kv = g_new0(NfdEtcdKv, 1);
	kv->key = g_steal_pointer(&key);
	kv->value = g_steal_pointer(&value);
	kv->mod_revision = mod;
	kv->version = version;
	return kv;
}

/* ---- errors ---- */

GError *
nfd_etcd_error_from_body(const gchar *data, gsize len)
{
	g_autoptr(JsonNode) root = parse_root(data, len, NULL);
	JsonNode *err;
	JsonObject *obj;
	const gchar *message = NULL;
	gint64 code = 0;
	gint kind = NFD_ETCD_ERROR_SERVER;

	if (root == NULL)
		return NULL;
	err = json_object_get_member(json_node_get_object(root), "error");
	if (err == NULL)
		return NULL;
	/* unary: "error" and "message" strings, "code"; stream: an object with grpc_code */
	obj = json_node_get_object(root);
	if (JSON_NODE_HOLDS_OBJECT(err)) {
		obj = json_node_get_object(err);
		if (!get_int64(obj, "grpc_code", &code, NULL))
			code = 0;
	} else if (!get_int64(obj, "code", &code, NULL)) {
		code = 0;
	}
	if (!get_string(obj, "message", &message, NULL) || message == NULL)
		message =
		    JSON_NODE_HOLDS_VALUE(err) && json_node_get_value_type(err) == G_TYPE_STRING
			? json_node_get_string(err)
			: "unknown error";
	if (code == NFD_GRPC_OUT_OF_RANGE && strstr(message, "compacted") != NULL)
		kind = NFD_ETCD_ERROR_COMPACTED;
	else if (code == NFD_GRPC_UNAUTHENTICATED ||
		 (code == NFD_GRPC_INVALID_ARGUMENT && strstr(message, "user name is empty")))
		kind = NFD_ETCD_ERROR_AUTH;
	return g_error_new(NFD_ETCD_ERROR,
			   kind,
			   "etcd: %s (gRPC code %" G_GINT64_FORMAT ")",
			   message,
			   code);
}

/* the body is either what the caller expects or an error object */
static JsonObject *
parse_body(const gchar *data, gsize len, JsonNode **root, GError **error)
{
	JsonObject *obj;

	*root = parse_root(data, len, error);
	if (*root == NULL)
		return NULL;
	obj = json_node_get_object(*root);
	if (json_object_has_member(obj, "error")) {
		GError *e = nfd_etcd_error_from_body(data, len);
		if (e != NULL)
			g_propagate_error(error, e);
		else
			protocol_error(error, "unreadable error");
		return NULL;
	}
	return obj;
}

NfdEtcdRange *
nfd_etcd_parse_range(const gchar *data, gsize len, GError **error)
{
	g_autoptr(JsonNode) root = NULL;
	g_autoptr(NfdEtcdRange) range = g_new0(NfdEtcdRange, 1);
	JsonObject *obj = parse_body(data, len, &root, error);
	JsonArray *kvs = NULL;

	range->kvs = g_ptr_array_new_with_free_func((GDestroyNotify)nfd_etcd_kv_free);
	if (obj == NULL)
		return NULL;
	if (!get_header_revision(obj, &range->revision, error) ||
	    !get_bool(obj, "more", &range->more, error) || !get_array(obj, "kvs", &kvs, error))
		return NULL;
	if (range->revision <= 0) {
		protocol_error(error, "no header revision");
		return NULL;
	}
	for (guint i = 0; kvs != NULL && i < json_array_get_length(kvs); i++) {
		NfdEtcdKv *kv = parse_kv(json_array_get_element(kvs, i), FALSE, error);
		if (kv == NULL)
			return NULL;
		g_ptr_array_add(range->kvs, kv);
	}
	return g_steal_pointer(&range);
}

static gboolean
parse_events(JsonArray *events, GPtrArray *out, GError **error)
{
	for (guint i = 0; events != NULL && i < json_array_get_length(events); i++) {
		JsonNode *node = json_array_get_element(events, i);
		const gchar *type = NULL;
		gboolean deleted;
		NfdEtcdKv *kv;

		if (!JSON_NODE_HOLDS_OBJECT(node))
			return protocol_error(error, "event is not an object");
		/* mvccpb.Event.EventType: PUT = 0 is the default, so usually absent */
		if (!get_string(json_node_get_object(node), "type", &type, error))
			return FALSE;
		if (type == NULL || g_strcmp0(type, "PUT") == 0)
			deleted = FALSE;
		else if (g_strcmp0(type, "DELETE") == 0)
			deleted = TRUE;
		else
			return protocol_error(error, "unknown event type %s", type);
		kv = parse_kv(json_object_get_member(json_node_get_object(node), "kv"),
			      deleted,
			      error);
		if (kv == NULL)
			return FALSE;
		g_ptr_array_add(out, kv);
	}
	return TRUE;
}

NfdEtcdWatch *
nfd_etcd_parse_watch(const gchar *data, gsize len, GError **error)
{
	g_autoptr(JsonNode) root = NULL;
	g_autoptr(NfdEtcdWatch) watch = g_new0(NfdEtcdWatch, 1);
	JsonObject *obj = parse_body(data, len, &root, error);
	JsonObject *result = NULL;
	JsonArray *events = NULL;
	const gchar *reason = NULL;

	watch->events = g_ptr_array_new_with_free_func((GDestroyNotify)nfd_etcd_kv_free);
	if (obj == NULL)
		return NULL;
	if (!get_object(obj, "result", &result, error))
		return NULL;
	if (result == NULL) {
		protocol_error(error, "watch response without a result");
		return NULL;
	}
	if (!get_header_revision(result, &watch->revision, error) ||
	    !get_int64(result, "watch_id", &watch->watch_id, error) ||
	    !get_bool(result, "created", &watch->created, error) ||
	    !get_bool(result, "canceled", &watch->canceled, error) ||
	    !get_bool(result, "fragment", &watch->fragment, error) ||
	    !get_int64(result, "compact_revision", &watch->compact_revision, error) ||
	    !get_string(result, "cancel_reason", &reason, error) ||
	    !get_array(result, "events", &events, error) ||
	    !parse_events(events, watch->events, error))
		return NULL;
	watch->cancel_reason = g_strdup(reason);
	return g_steal_pointer(&watch);
}

gchar *
nfd_etcd_parse_auth(const gchar *data, gsize len, GError **error)
{
	g_autoptr(JsonNode) root = NULL;
	JsonObject *obj = parse_body(data, len, &root, error);
	const gchar *token = NULL;

	if (obj == NULL || !get_string(obj, "token", &token, error))
		return NULL;
	if (token == NULL || token[0] == '\0') {
		protocol_error(error, "no token in the authentication response");
		return NULL;
	}
	/* it goes into an HTTP header: no line breaks or other control characters */
	for (const gchar *p = token; *p != '\0'; p++) {
		if ((guchar)*p < 0x20 || *p == 0x7f) {
			protocol_error(error, "the token has control characters");
			return NULL;
		}
	}
	return g_strdup(token);
}

/* ---- key space ---- */

/* etcd's "prefix" range end (clientv3.GetPrefixRangeEnd): the prefix with its last byte below
 * 0xff incremented and what follows dropped; "\0" (every key from the prefix on) if none */
GBytes *
nfd_etcd_prefix_range_end(GBytes *prefix)
{
	gsize len = 0;
	const guint8 *p = g_bytes_get_data(prefix, &len);

	for (gsize i = len; i > 0; i--) {
		if (p[i - 1] < 0xff) {
			guint8 *end = g_memdup2(p, i);
			end[i - 1]++;
			return g_bytes_new_take(end, i);
		}
	}
	return g_bytes_new("", 1);
}

/* the smallest key after @key: the next page of a range starts there */
GBytes *
nfd_etcd_key_successor(GBytes *key)
{
	gsize len = 0;
	const guint8 *p = g_bytes_get_data(key, &len);
	guint8 *next = g_malloc(len + 1);

	if (len > 0)
		memcpy(next, p, len);
	next[len] = 0;
	return g_bytes_new_take(next, len + 1);
}

/* printable, bounded: keys are untrusted bytes and end up in the log */
gchar *
nfd_etcd_key_describe(GBytes *key)
{
	gsize len = 0;
	const guint8 *p = g_bytes_get_data(key, &len);
	GString *s = g_string_new(NULL);

	for (gsize i = 0; i < len && i < 256; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
			g_string_append_c(s, (gchar)p[i]);
		else
			g_string_append_printf(s, "\\x%02x", p[i]);
	}
	if (len > 256)
		g_string_append(s, "...");
	return g_string_free(s, FALSE);
}

/* the tap is what follows the prefix: a Linux interface name (dev_valid_name(): 1 to 15
 * bytes, not "." or "..", no '/', ':' or whitespace), printable ASCII here */
gchar *
nfd_etcd_key_to_tap(GBytes *prefix, GBytes *key, GError **error)
{
	gsize plen = 0, klen = 0, n;
	const guint8 *p = g_bytes_get_data(prefix, &plen);
	const guint8 *k = g_bytes_get_data(key, &klen);
	const guint8 *name;

	if (klen < plen || (plen > 0 && memcmp(k, p, plen) != 0)) {
		g_set_error_literal(error,
				    NFD_ETCD_ERROR,
				    NFD_ETCD_ERROR_PROTOCOL,
				    "not under the prefix");
		return NULL;
	}
	name = k + plen;
	n = klen - plen;
	if (n == 0 || n > NFD_ETCD_TAP_MAX) {
		g_set_error(error,
			    NFD_ETCD_ERROR,
			    NFD_ETCD_ERROR_PROTOCOL,
			    "not a tap name (%s)",
			    n == 0 ? "empty" : "longer than 15 bytes");
		return NULL;
	}
	for (gsize i = 0; i < n; i++) {
		if (name[i] <= 0x20 || name[i] >= 0x7f || name[i] == '/' || name[i] == ':') {
			g_set_error(error,
				    NFD_ETCD_ERROR,
				    NFD_ETCD_ERROR_PROTOCOL,
				    "not a tap name (byte 0x%02x)",
				    name[i]);
			return NULL;
		}
	}
	if ((n == 1 && name[0] == '.') || (n == 2 && name[0] == '.' && name[1] == '.')) {
		g_set_error_literal(error,
				    NFD_ETCD_ERROR,
				    NFD_ETCD_ERROR_PROTOCOL,
				    "not a tap name");
		return NULL;
	}
	return g_strndup((const gchar *)name, n);
}

/* ---- retries ---- */

/* "equal jitter": half the capped exponential delay, plus a uniform share of the other half,
 * so that daemons that lost the same etcd do not come back in lockstep */
guint
nfd_etcd_backoff_delay(guint attempt, guint base_ms, guint cap_ms, guint32 random)
{
	guint64 d;
	guint64 half;

	if (attempt == 0)
		return 0;
	d = (guint64)base_ms << MIN(attempt - 1, 32u);
	d = MIN(d, (guint64)cap_ms);
	half = d / 2;
	return (guint)(half + (guint64)random % (d - half + 1));
}

/* ---- configuration values ---- */

gboolean
nfd_etcd_parse_duration(const gchar *text, guint max_ms, guint *out_ms, GError **error)
{
	g_autofree gchar *num = NULL;
	guint64 v = 0;
	guint64 scale = 1000;
	gsize n;

	n = text != NULL ? strlen(text) : 0;
	if (n > 2 && g_str_has_suffix(text, "ms")) {
		scale = 1;
		n -= 2;
	} else if (n > 1 && text[n - 1] == 's') {
		n -= 1;
	}
	num = g_strndup(text != NULL ? text : "", n);
	if (n == 0 || !g_ascii_string_to_unsigned(num, 10, 1, G_MAXUINT32, &v, NULL) ||
	    v * scale > max_ms) {
		g_set_error(error,
			    NFD_ETCD_ERROR,
			    NFD_ETCD_ERROR_PROTOCOL,
			    "'%s' is not a duration from 1ms to %us (e.g. 5, 5s or 500ms)",
			    text != NULL ? text : "",
			    max_ms / 1000);
		return FALSE;
	}
	*out_ms = (guint)(v * scale);
	return TRUE;
}

gchar *
nfd_etcd_parse_endpoint(const gchar *text, gboolean *tls, GError **error)
{
	g_autoptr(GUri) uri = g_uri_parse(text, G_URI_FLAGS_NONE, NULL);
	const gchar *scheme;
	const gchar *path;
	gsize n;

	if (uri == NULL) {
		g_set_error(error,
			    NFD_ETCD_ERROR,
			    NFD_ETCD_ERROR_PROTOCOL,
			    "'%s' is not http://HOST:PORT or https://HOST:PORT",
			    text);
		return NULL;
	}
	scheme = g_uri_get_scheme(uri);
	path = g_uri_get_path(uri);
	if ((g_strcmp0(scheme, "http") != 0 && g_strcmp0(scheme, "https") != 0) ||
	    g_uri_get_host(uri) == NULL || g_uri_get_host(uri)[0] == '\0' ||
	    g_uri_get_port(uri) <= 0 || g_uri_get_userinfo(uri) != NULL ||
	    g_uri_get_query(uri) != NULL || g_uri_get_fragment(uri) != NULL ||
	    (path[0] != '\0' && g_strcmp0(path, "/") != 0)) {
		g_set_error(error,
			    NFD_ETCD_ERROR,
			    NFD_ETCD_ERROR_PROTOCOL,
			    "'%s' is not http://HOST:PORT or https://HOST:PORT",
			    text);
		return NULL;
	}
	*tls = g_strcmp0(scheme, "https") == 0;
	n = strlen(text);
	if (n > 0 && text[n - 1] == '/')
		n--;
	return g_strndup(text, n);
}
