/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdControlRequest: parsing one control request line (see nfd-control-request.h).
 *
 * The line comes from a local peer that passed the socket's permission check, but it is
 * still untrusted bytes: it goes through the bounded reader of nfd-json.c, and every value is
 * checked here (type, length, characters) before the daemon looks at it.
 */
#include <string.h>

#include "nfd-common.h"
#include "nfd-control-request.h"
#include "nfd-json.h"

/* a request has four members and args three: room for a few more, to name them */
#define NFD_CONTROL_MAX_MEMBERS 16
/* the longest string value a request needs (a request list of 255 codes is ~1 KiB) */
#define NFD_CONTROL_VALUE_MAX 1024

static const gchar *const request_keys[] = {"command", "tap", "format", "args", NULL};
static const gchar *const arg_keys[] = {"proto", "mac", "request-list", NULL};

void
nfd_control_request_clear(NfdControlRequest *self)
{
	g_clear_pointer(&self->command, g_free);
	g_clear_pointer(&self->tap, g_free);
	g_clear_pointer(&self->proto, g_free);
	g_clear_pointer(&self->mac, g_free);
	g_clear_pointer(&self->request_list, g_free);
	self->json = FALSE;
}

gboolean
nfd_control_ifname_is_valid(const gchar *name)
{
	gsize len = strlen(name);

	/* IFNAMSIZ is 16 with the NUL; the kernel's dev_valid_name() */
	if (len == 0 || len >= 16 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return FALSE;
	for (gsize i = 0; i < len; i++) {
		guchar c = (guchar)name[i];
		if (c <= ' ' || c >= 0x7f || c == '/' || c == ':')
			return FALSE;
	}
	return TRUE;
}

/* every key of @members must be one of @known */
static gboolean
check_keys(const NfdJsonMember *members,
	   guint n,
	   const gchar *const *known,
	   const gchar *where,
	   GError **error)
{
	for (guint i = 0; i < n; i++) {
		g_autofree gchar *key = nfd_json_member_dup_key(&members[i]);
		if (key == NULL || !g_strv_contains(known, key)) {
			g_autofree gchar *list = g_strjoinv(", ", (gchar **)known);
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_FAILED,
				    "unknown %s \"%s\" (known: %s)",
				    where,
				    key != NULL ? key : "?",
				    list);
			return FALSE;
		}
	}
	return TRUE;
}

/* an optional string member: printable, at most NFD_CONTROL_VALUE_MAX bytes */
static gboolean
get_string(const NfdJsonMember *members, guint n, const gchar *key, gchar **out, GError **error)
{
	const NfdJsonMember *m = nfd_json_find(members, n, key);
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *value = NULL;

	if (m == NULL)
		return TRUE;
	if (m->type != NFD_JSON_STRING) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_FAILED, "\"%s\" must be a string", key);
		return FALSE;
	}
	if (m->value_len > NFD_CONTROL_VALUE_MAX) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_FAILED,
			    "\"%s\" is longer than %u bytes",
			    key,
			    NFD_CONTROL_VALUE_MAX);
		return FALSE;
	}
	value = nfd_json_member_dup_string(m, &error_local);
	if (value == NULL) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_FAILED,
			    "\"%s\": %s",
			    key,
			    error_local->message);
		return FALSE;
	}
	for (const gchar *p = value; *p != '\0'; p++) {
		if ((guchar)*p < ' ' || *p == 0x7f) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_FAILED,
				    "\"%s\" contains a control character",
				    key);
			return FALSE;
		}
	}
	*out = g_steal_pointer(&value);
	return TRUE;
}

static gboolean
parse_args(NfdControlRequest *self, const NfdJsonMember *args, GError **error)
{
	NfdJsonMember members[NFD_CONTROL_MAX_MEMBERS];
	guint n = 0;

	if (args->type != NFD_JSON_OBJECT) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_FAILED, "\"args\" must be an object");
		return FALSE;
	}
	if (!nfd_json_parse_object(args->value,
				   args->value_len,
				   members,
				   G_N_ELEMENTS(members),
				   &n,
				   error) ||
	    !check_keys(members, n, arg_keys, "argument", error))
		return FALSE;
	return get_string(members, n, "proto", &self->proto, error) &&
	       get_string(members, n, "mac", &self->mac, error) &&
	       get_string(members, n, "request-list", &self->request_list, error);
}

static gboolean
parse_request(NfdControlRequest *self, const gchar *line, gsize len, GError **error)
{
	NfdJsonMember members[NFD_CONTROL_MAX_MEMBERS];
	const NfdJsonMember *args;
	g_autofree gchar *format = NULL;
	guint n = 0;

	if (len > NFD_CONTROL_REQUEST_MAX) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_FAILED,
			    "request longer than %u bytes",
			    NFD_CONTROL_REQUEST_MAX);
		return FALSE;
	}
	if (!nfd_json_parse_object(line, len, members, G_N_ELEMENTS(members), &n, error) ||
	    !check_keys(members, n, request_keys, "key", error))
		return FALSE;
	if (!get_string(members, n, "command", &self->command, error) ||
	    !get_string(members, n, "tap", &self->tap, error) ||
	    !get_string(members, n, "format", &format, error))
		return FALSE;
	if (self->command == NULL || self->command[0] == '\0') {
		g_set_error(error, NFD_ERROR, NFD_ERROR_FAILED, "no \"command\"");
		return FALSE;
	}
	if (self->tap != NULL && !nfd_control_ifname_is_valid(self->tap)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_FAILED,
			    "\"tap\" is not an interface name (1 to 15 printable characters, "
			    "no '/', ':' or blanks)");
		return FALSE;
	}
	if (format != NULL && strcmp(format, "json") != 0 && strcmp(format, "text") != 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_FAILED,
			    "\"format\" must be \"text\" or \"json\"");
		return FALSE;
	}
	self->json = g_strcmp0(format, "json") == 0;
	args = nfd_json_find(members, n, "args");
	return args == NULL || parse_args(self, args, error);
}

gboolean
nfd_control_request_parse(NfdControlRequest *self, const gchar *line, gsize len, GError **error)
{
	memset(self, 0, sizeof(*self));
	if (parse_request(self, line, len, error))
		return TRUE;
	nfd_control_request_clear(self);
	return FALSE;
}
