/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fixtures shared by the DHCPv4 unit tests (nfd-dhcp4-test.c): a run of nfd_dhcp4_handle() over
 * a captured or hand-built request, and an independent reader of the reply's options.
 */
#pragma once

#include "nfd-dhcp4-proto.h"
#include "nfd-reply.h"

extern const guint8 vm_mac[6];

typedef struct {
	NfdDhcp4Config cfg;
	NfdBinding *b;
	guint8 buf[NFD_REPLY_PAYLOAD_MAX];
	NfdDhcp4Reply out;
	NfdVerdict verdict;
} Run;

typedef struct {
	guint8 data[4096];
	gsize len;
	guint instances;
} Opt;

GBytes *
load(const gchar *name);
NfdBinding *
binding_new(const gchar *const *kv);
void
cfg_init(NfdDhcp4Config *cfg);
void
run_clear(Run *r);
Run *
run_new(const gchar *const *kv);
NfdVerdict
run_msg(Run *r, const guint8 *src_mac, const guint8 *msg, gsize len);
NfdVerdict
run_file(Run *r, const gchar *name);
gsize
msg_build(guint8 *buf,
	  guint8 type,
	  const gchar *ciaddr,
	  const gchar *giaddr,
	  guint16 flags,
	  const guint8 *opts,
	  gsize opts_len);
gboolean
reply_opt(const Run *r, guint8 code, Opt *o);
void
assert_opt(const Run *r, guint8 code, const void *bytes, gsize len);
void
assert_no_opt(const Run *r, guint8 code);
GArray *
main_order(const Run *r);
guint32
field32(const Run *r, gsize off);
guint32
ip(const gchar *s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Run, run_clear)
