/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fixtures shared by the DHCPv4 unit tests: the captured client frames of tests/data/, a
 * binding and a [dhcp4] configuration to answer them with, hand-built client messages, and a
 * reader of the reply written here, independent of the code under test.
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-dhcp4-test.h"
#include "nfd-proto.h"

const guint8 vm_mac[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x01};

/* ---- fixtures ---- */

GBytes *
load(const gchar *name)
{
	g_autofree gchar *fn = g_test_build_filename(G_TEST_DIST, "tests", "data", name, NULL);
	g_autoptr(GError) error = NULL;
	gchar *data = NULL;
	gsize len = 0;

	g_file_get_contents(fn, &data, &len, &error);
	g_assert_no_error(error);
	return g_bytes_new_take(data, len);
}

NfdBinding *
binding_new(const gchar *const *kv)
{
	NfdBinding *b = nfd_binding_new("tap1");
	const gchar *base[] = {"MAC",
			       "52:54:00:00:00:01",
			       "IP",
			       "198.51.100.10",
			       "SUBNET",
			       "198.51.100.0/24",
			       "GATEWAY",
			       "198.51.100.1",
			       "HOSTNAME",
			       "vm1.example.org",
			       "MTU",
			       "1450",
			       NULL};

	for (guint i = 0; base[i] != NULL; i += 2)
		g_assert_true(nfd_binding_set_value(b, base[i], base[i + 1], NULL));
	for (guint i = 0; kv != NULL && kv[i] != NULL; i += 2)
		g_assert_true(nfd_binding_set_value(b, kv[i], kv[i + 1], NULL));
	return b;
}

void
cfg_init(NfdDhcp4Config *cfg)
{
	const gchar *search[] = {"example.org", "eng.example.org", NULL};
	const gchar *routes[] = {"169.254.169.254/32 via 198.51.100.1", NULL};

	nfd_dhcp4_config_init(cfg);
	cfg->server_on_link = TRUE;
	cfg->lease_time = 3600;
	cfg->n_nameservers = 2;
	inet_pton(AF_INET, "203.0.113.53", &cfg->nameservers[0]);
	inet_pton(AF_INET, "203.0.113.54", &cfg->nameservers[1]);
	cfg->n_ntp_servers = 1;
	inet_pton(AF_INET, "203.0.113.123", &cfg->ntp_servers[0]);
	g_assert_true(nfd_dhcp4_config_set_domain_search(cfg, search, NULL));
	g_assert_true(nfd_dhcp4_config_set_routes(cfg, routes, NULL));
	g_assert_true(nfd_dhcp4_config_finish(cfg, FALSE, FALSE, NULL));
}

void
run_clear(Run *r)
{
	nfd_dhcp4_config_clear(&r->cfg);
	nfd_binding_unref(r->b);
	g_free(r);
}

Run *
run_new(const gchar *const *kv)
{
	Run *r = g_new0(Run, 1);
	cfg_init(&r->cfg);
	r->b = binding_new(kv);
	return r;
}

NfdVerdict
run_msg(Run *r, const guint8 *src_mac, const guint8 *msg, gsize len)
{
	memset(&r->out, 0, sizeof(r->out));
	r->out.buf = r->buf;
	r->out.cap = sizeof(r->buf);
	r->verdict = nfd_dhcp4_handle(&r->cfg, r->b, src_mac, msg, len, &r->out);
	return r->verdict;
}

NfdVerdict
run_file(Run *r, const gchar *name)
{
	g_autoptr(GBytes) bytes = load(name);
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(bytes, &len);
	return run_msg(r, NULL, data, len);
}

/* a client message: fixed header, cookie, 53, the given options, end, padded to 300 */
gsize
msg_build(guint8 *buf,
	  guint8 type,
	  const gchar *ciaddr,
	  const gchar *giaddr,
	  guint16 flags,
	  const guint8 *opts,
	  gsize opts_len)
{
	gsize n = 240;

	memset(buf, 0, 600);
	buf[0] = 1;
	buf[1] = 1;
	buf[2] = 6;
	buf[4] = 0x11, buf[5] = 0x22, buf[6] = 0x33, buf[7] = 0x44;
	buf[10] = (guint8)(flags >> 8);
	buf[11] = (guint8)flags;
	if (ciaddr != NULL)
		inet_pton(AF_INET, ciaddr, buf + 12);
	if (giaddr != NULL)
		inet_pton(AF_INET, giaddr, buf + 24);
	memcpy(buf + 28, vm_mac, 6);
	buf[236] = 0x63, buf[237] = 0x82, buf[238] = 0x53, buf[239] = 0x63;
	buf[n++] = 53;
	buf[n++] = 1;
	buf[n++] = type;
	if (opts_len > 0)
		memcpy(buf + n, opts, opts_len);
	n += opts_len;
	buf[n++] = 255;
	return MAX(n, 300);
}

/* ---- an independent reader of the reply ---- */

static gboolean
scan_area(const guint8 *p, gsize n, guint8 code, Opt *o, guint8 *overload, GArray *order)
{
	gsize i = 0;
	while (i < n) {
		if (p[i] == 0) {
			i++;
			continue;
		}
		if (p[i] == 255)
			return TRUE;
		g_assert_cmpuint(i + 2, <=, n);
		g_assert_cmpuint(i + 2 + p[i + 1], <=, n);
		if (order != NULL)
			g_array_append_val(order, p[i]);
		if (p[i] == 52 && overload != NULL)
			*overload = p[i + 2];
		if (p[i] == code) {
			memcpy(o->data + o->len, p + i + 2, p[i + 1]);
			o->len += p[i + 1];
			o->instances++;
		}
		i += 2 + p[i + 1];
	}
	return FALSE;
}

/* RFC 3396: all instances, options field then file then sname; asserts well-formedness */
gboolean
reply_opt(const Run *r, guint8 code, Opt *o)
{
	guint8 overload = 0;

	memset(o, 0, sizeof(*o));
	g_assert_cmpint(r->verdict, ==, NFD_VERDICT_REPLY);
	g_assert_cmpuint(r->out.len, >=, 300);
	g_assert_true(scan_area(r->buf + 240, r->out.len - 240, code, o, &overload, NULL));
	if (overload & 1)
		g_assert_true(scan_area(r->buf + 108, 128, code, o, NULL, NULL));
	if (overload & 2)
		g_assert_true(scan_area(r->buf + 44, 64, code, o, NULL, NULL));
	return o->instances > 0;
}

void
assert_opt(const Run *r, guint8 code, const void *bytes, gsize len)
{
	Opt o;
	g_assert_true(reply_opt(r, code, &o));
	g_assert_cmpmem(o.data, o.len, bytes, len);
}

void
assert_no_opt(const Run *r, guint8 code)
{
	Opt o;
	g_assert_false(reply_opt(r, code, &o));
}

GArray *
main_order(const Run *r)
{
	GArray *order = g_array_new(FALSE, FALSE, 1);
	Opt o = {0};
	scan_area(r->buf + 240, r->out.len - 240, 0, &o, NULL, order);
	return order;
}

guint32
field32(const Run *r, gsize off)
{
	guint32 v;
	memcpy(&v, r->buf + off, 4);
	return v;
}

guint32
ip(const gchar *s)
{
	struct in_addr a;
	g_assert_cmpint(inet_pton(AF_INET, s, &a), ==, 1);
	return a.s_addr;
}
