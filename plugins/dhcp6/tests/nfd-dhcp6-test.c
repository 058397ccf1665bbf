/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fixture server and binding of the DHCPv6 unit tests, and the helpers that run one message
 * through nfd_dhcp6_handle_message(); see nfd-dhcp6-test.h.
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-dhcp6-test.h"

void
run_clear(Run *r)
{
	g_free(r->hex);
}
const guint8 guest_mac[6] = {0x52, 0x54, 0x00, 0x00, 0x01, 0x01};
const guint8 other_mac[6] = {0x52, 0x54, 0x00, 0x00, 0x09, 0x09};

void
fixture_config(NfdDhcp6Config *cfg)
{
	static const guint8 server_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

	nfd_dhcp6_config_init(cfg);
	nfd_dhcp6_config_set_duid_ll(cfg, server_mac);
	g_assert_cmpint(inet_pton(AF_INET6, "2001:db8::53", &cfg->dns[0]), ==, 1);
	cfg->n_dns = 1;
}

/* the fixture binding, minus the keys named in @without, plus KEY=VALUE pairs in @extra */
NfdBinding *
fixture_binding(const gchar *without, const gchar *const *extra)
{
	static const gchar *const keys[][2] = {
	    {"MAC", "52:54:00:00:01:01"},
	    {"HOSTNAME", "vm1.example.org"},
	    {"SUBNET6", "2001:db8:1::/64"},
	    {"EUI64", "2001:db8:1::5054:ff:fe00:101"},
	    {"PREFIX6", "2001:db8:ff00::/56"},
	};
	NfdBinding *b = nfd_binding_new("tap1");
	g_auto(GStrv) skip = g_strsplit(without != NULL ? without : "", ",", -1);

	for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
		if (g_strv_contains((const gchar *const *)skip, keys[i][0]))
			continue;
		g_assert_true(nfd_binding_set_value(b, keys[i][0], keys[i][1], NULL));
	}
	for (guint i = 0; extra != NULL && extra[i] != NULL; i += 2)
		g_assert_true(nfd_binding_set_value(b, extra[i], extra[i + 1], NULL));
	return b;
}

GBytes *
load_data(const gchar *name)
{
	g_autofree gchar *fn = g_test_build_filename(G_TEST_DIST, "tests", "data", name, NULL);
	g_autoptr(GError) error = NULL;
	gchar *buf = NULL;
	gsize len = 0;

	if (!g_file_get_contents(fn, &buf, &len, &error))
		g_error("%s: %s", fn, error->message);
	return g_bytes_new_take(buf, len);
}

GBytes *
from_hex(const gchar *hex)
{
	gsize n = strlen(hex) / 2;
	guint8 *buf = g_malloc(n + 1);

	g_assert_cmpuint(strlen(hex) % 2, ==, 0);
	for (gsize i = 0; i < n; i++)
		buf[i] = (guint8)(g_ascii_xdigit_value(hex[2 * i]) << 4 |
				  g_ascii_xdigit_value(hex[2 * i + 1]));
	return g_bytes_new_take(buf, n);
}

/* one message sent to a multicast (@unicast FALSE) or a unicast address */
void
run_dst(Run *r,
	const NfdDhcp6Config *cfg,
	const NfdBinding *b,
	const guint8 *mac,
	gboolean unicast,
	GBytes *msg,
	gsize cap)
{
	guint8 out[NFD_DHCP6_DUID_MAX * 4 + 1452];
	gsize out_len = 0;
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(msg, &len);

	g_assert_cmpuint(cap, <=, sizeof(out));
	r->verdict =
	    nfd_dhcp6_handle_message(cfg, b, mac, unicast, data, len, out, cap, &out_len, &r->res);
	r->hex = g_malloc0(out_len * 2 + 1);
	for (gsize i = 0; i < out_len; i++)
		g_snprintf(r->hex + 2 * i, 3, "%02x", out[i]);
}

/* one message sent to ff02::1:2 */
void
run_full(Run *r,
	 const NfdDhcp6Config *cfg,
	 const NfdBinding *b,
	 const guint8 *mac,
	 GBytes *msg,
	 gsize cap)
{
	run_dst(r, cfg, b, mac, FALSE, msg, cap);
}

/* the fixture config and binding, the guest's MAC, a captured file or a hex message */
void
run_std(Run *r, const gchar *file_or_hex)
{
	NfdDhcp6Config cfg;
	g_autoptr(NfdBinding) b = fixture_binding(NULL, NULL);
	g_autoptr(GBytes) msg =
	    g_str_has_suffix(file_or_hex, ".bin") ? load_data(file_or_hex) : from_hex(file_or_hex);

	fixture_config(&cfg);
	run_full(r, &cfg, b, guest_mac, msg, 1452);
}

void
run_binding(Run *r, const gchar *without, const gchar *const *extra, const gchar *file_or_hex)
{
	NfdDhcp6Config cfg;
	g_autoptr(NfdBinding) b = fixture_binding(without, extra);
	g_autoptr(GBytes) msg =
	    g_str_has_suffix(file_or_hex, ".bin") ? load_data(file_or_hex) : from_hex(file_or_hex);

	fixture_config(&cfg);
	run_full(r, &cfg, b, guest_mac, msg, 1452);
}

/* the fixture binding minus @without plus @extra, for @cfg, sent to a multicast or unicast
 * address */
void
run_with(Run *r,
	 const NfdDhcp6Config *cfg,
	 const gchar *without,
	 const gchar *const *extra,
	 gboolean unicast,
	 const gchar *file_or_hex)
{
	g_autoptr(NfdBinding) b = fixture_binding(without, extra);
	g_autoptr(GBytes) msg =
	    g_str_has_suffix(file_or_hex, ".bin") ? load_data(file_or_hex) : from_hex(file_or_hex);

	run_dst(r, cfg, b, guest_mac, unicast, msg, 1452);
}

/* the fixture config with a captive-portal URI */
void
portal_config(NfdDhcp6Config *cfg)
{
	fixture_config(cfg);
	g_assert_true(nfd_dhcp6_config_set_captive_portal(cfg, PORTAL, NULL));
}
