/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdControlRequest: one request line of the control socket, parsed and checked (pure code,
 * fuzzed by tests/fuzz/fuzz-control.c).
 *
 * A request is one JSON object on one line:
 *   {"command": "explain", "tap": "tap1", "format": "text", "args": {"proto": "dhcp4"}}
 * "command" is required; "tap" (an interface name), "format" ("text", the default, or
 * "json") and "args" (an object of string values: proto, mac, request-list) are optional.
 * Anything else is refused with a message that says what, so a client learns about a typo
 * instead of getting an answer to a question it did not ask.
 */
#pragma once

#include <glib.h>

/* a request line, newline excluded; a longer one is refused and the connection closed */
#define NFD_CONTROL_REQUEST_MAX 4096

typedef struct {
	gchar *command;
	gchar *tap;	     /* NULL: not given */
	gboolean json;	     /* "format": "json" */
	gchar *proto;	     /* args.proto */
	gchar *mac;	     /* args.mac */
	gchar *request_list; /* args.request-list, e.g. "1,3,6" */
} NfdControlRequest;

gboolean
nfd_control_request_parse(NfdControlRequest *self, const gchar *line, gsize len, GError **error);
void
nfd_control_request_clear(NfdControlRequest *self);
/* whether @name could be a Linux interface name (IFNAMSIZ, no '/', no blanks) */
gboolean
nfd_control_ifname_is_valid(const gchar *name);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(NfdControlRequest, nfd_control_request_clear)
