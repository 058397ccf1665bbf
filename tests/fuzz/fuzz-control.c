/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target for the control socket's request line: the bounded JSON reader
 * (nfd_json_parse_object) and the request parser (nfd_control_request_parse).  Besides not
 * crashing, it checks a property: every string value the reader decodes, written again by the
 * JSON writer, reads back as the same bytes.
 */
#include <stdint.h>
#include <string.h>

#include "nfd-control-request.h"
#include "nfd-json.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
roundtrip(const NfdJsonMember *m)
{
	g_autofree gchar *value = nfd_json_member_dup_string(m, NULL);
	g_autoptr(GString) out = g_string_new(NULL);
	g_autofree gchar *again = NULL;
	NfdJsonWriter w;
	NfdJsonMember back[1];
	guint n = 0;

	if (value == NULL)
		return;
	nfd_json_writer_init(&w, out);
	nfd_json_begin_object(&w);
	nfd_json_member_string(&w, "v", value);
	nfd_json_end_object(&w);
	if (!nfd_json_parse_object(out->str, out->len, back, 1, &n, NULL) || n != 1)
		g_error("the writer's output does not parse: %s", out->str);
	again = nfd_json_member_dup_string(&back[0], NULL);
	if (g_strcmp0(again, value) != 0)
		g_error("a string changed through the writer: %s", out->str);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_auto(NfdControlRequest) req = {0};
	NfdJsonMember members[16];
	guint n = 0;

	if (nfd_json_parse_object((const gchar *)data, size, members, 16, &n, NULL)) {
		for (guint i = 0; i < n; i++) {
			if (members[i].type == NFD_JSON_STRING)
				roundtrip(&members[i]);
		}
	}
	if (nfd_control_request_parse(&req, (const gchar *)data, size, NULL) &&
	    (req.command == NULL || req.command[0] == '\0'))
		g_error("a request without a command was accepted");
	return 0;
}
