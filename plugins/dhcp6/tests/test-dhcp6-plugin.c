/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dhcp6 plugin through the plugin test kit (testkit/): the module's descriptor on the
 * daemon's own core.  The queue (default 45, GRNET's [ipv6] dhcpv6_queue and its deprecated
 * spelling dhcp_queue), and the server DUID that start() keeps in the state directory: made
 * at the first start, the same at the next (a restart must not change it, RFC 8415 §16.6).
 * Release and Decline counted in the core's counters (nfd_plugin_count()).
 */
#include <glib/gstdio.h>
#include <string.h>

#include "nfd-dhcp6-proto.h"
#include "nfd-testkit.h"

const NfdPluginDescriptor *
nfd_plugin_descriptor(void);

static NfdTestkit *
kit_new(const gchar *config, const gchar *state_dir)
{
	g_autoptr(GError) error = NULL;
	NfdTestkit *kit = nfd_testkit_new(nfd_plugin_descriptor(), config, &error);

	g_assert_no_error(error);
	if (state_dir != NULL)
		nfd_testkit_set_state_dir(kit, state_dir);
	g_assert_true(nfd_testkit_start(kit, &error));
	g_assert_no_error(error);
	return kit;
}

static void
test_queue(void)
{
	g_autoptr(NfdTestkit) kit = kit_new(NULL, NULL);
	g_autoptr(NfdTestkit) grnet = kit_new("[ipv6]\nmode = dhcpv6\ndhcpv6_queue = 55\n", NULL);
	g_autoptr(NfdTestkit) old = kit_new("[ipv6]\nmode = dhcpv6\ndhcp_queue = 56\n", NULL);

	g_assert_cmpuint(nfd_testkit_get_queue(kit), ==, 45);
	g_assert_cmpuint(nfd_testkit_get_queue(grnet), ==, 55);
	g_assert_cmpuint(nfd_testkit_get_queue(old), ==, 56);
}

static void
test_duid_kept_across_restart(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("nfd-dhcp6-plugin-XXXXXX", NULL);
	g_autofree gchar *fn = g_build_filename(dir, NFD_DHCP6_DUID_FILE, NULL);
	g_autofree gchar *first = NULL;
	g_autofree gchar *second = NULL;
	guint8 duid[NFD_DHCP6_DUID_MAX];
	gsize len = 0;

	{
		g_autoptr(NfdTestkit) kit = kit_new(NULL, dir);
		g_assert_true(g_file_get_contents(fn, &first, NULL, NULL));
	}
	g_assert_true(nfd_dhcp6_duid_parse(first, duid, &len));
	/* a DUID-UUID (RFC 6355) or, from /etc/machine-id, the same kind */
	g_assert_cmpuint(len, ==, 18);
	g_assert_cmpuint(duid[1], ==, NFD_DHCP6_DUID_UUID);
	{
		g_autoptr(NfdTestkit) again = kit_new(NULL, dir);
		g_assert_true(g_file_get_contents(fn, &second, NULL, NULL));
	}
	g_assert_cmpstr(second, ==, first);
	g_unlink(fn);
	g_rmdir(dir);
}

static void
test_duid_mac_wins(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("nfd-dhcp6-plugin-XXXXXX", NULL);
	g_autofree gchar *fn = g_build_filename(dir, NFD_DHCP6_DUID_FILE, NULL);
	g_autoptr(NfdTestkit) kit = kit_new("[dhcp6]\nduid-mac = 02:00:00:00:06:ff\n", dir);
	g_autofree gchar *dump = nfd_testkit_dump(kit);

	/* configuration, not state: nothing kept, and the dump shows the DUID-LL */
	g_assert_false(g_file_test(fn, G_FILE_TEST_EXISTS));
	g_assert_nonnull(strstr(dump, "server DUID: 00:03:00:01:02:00:00:00:06:ff"));
	g_rmdir(dir);
}

static GBytes *
udp6_from_hex(const gchar *hex)
{
	gsize len = strlen(hex) / 2;
	g_autofree guint8 *buf = g_malloc(len);

	for (gsize i = 0; i < len; i++)
		buf[i] = (guint8)(g_ascii_xdigit_value(hex[2 * i]) << 4 |
				  g_ascii_xdigit_value(hex[2 * i + 1]));
	return nfd_testkit_udp6_packet("fe80::5054:ff:fe00:101", "ff02::1:2", 546, 547, buf, len);
}

/* RFC 8415 §18.3.7, §18.3.8: each is answered and counted once, by name, in the core's
 * counters and in the SIGUSR1 dump ("dhcp6: release: N") */
static void
test_release_decline_counted(void)
{
	static const guint8 mac[6] = {0x52, 0x54, 0x00, 0x00, 0x01, 0x01};
	/* client DUID-LL of mac; server DUID-LL 02:00:00:00:00:01 (duid-mac below) */
	static const gchar ids[] = "0001000a00030001525400000101"
				   "0002000a00030001020000000001";
	g_autoptr(NfdTestkit) kit = kit_new("[dhcp6]\nduid-mac = 02:00:00:00:00:01\n", NULL);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *release_hex = g_strconcat("08000040", ids, NULL);
	/* a Decline of the binding's address in an IA_NA */
	g_autofree gchar *decline_hex = g_strconcat("09000041",
						    ids,
						    "0003002800000101000000000000000000050018",
						    "20010db800010000505400fffe000101",
						    "0000000000000000",
						    NULL);
	g_autoptr(GBytes) release = udp6_from_hex(release_hex);
	g_autoptr(GBytes) decline = udp6_from_hex(decline_hex);
	g_autofree gchar *dump = NULL;

	g_assert_true(
	    nfd_testkit_add_binding_text(kit,
					 "tap1",
					 "MAC=52:54:00:00:01:01\nSUBNET6=2001:db8:1::/64\n",
					 &error));
	g_assert_no_error(error);
	g_assert_cmpint(nfd_testkit_handle(kit, "tap1", mac, release, NULL), ==, NFD_VERDICT_REPLY);
	g_assert_cmpint(nfd_testkit_handle(kit, "tap1", mac, decline, NULL), ==, NFD_VERDICT_REPLY);
	g_assert_cmpint(nfd_testkit_handle(kit, "tap1", mac, decline, NULL), ==, NFD_VERDICT_REPLY);
	g_assert_cmpuint(nfd_testkit_get_counter(kit, "release"), ==, 1);
	g_assert_cmpuint(nfd_testkit_get_counter(kit, "decline"), ==, 2);
	dump = nfd_testkit_dump(kit);
	g_assert_nonnull(strstr(dump, "dhcp6: release: 1\n"));
	g_assert_nonnull(strstr(dump, "dhcp6: decline: 2\n"));
}

/* SDK 1.1: explain's Solicit gets an Advertise with the binding's address */
static void
test_explain_advertise(void)
{
	g_autoptr(NfdTestkit) kit = kit_new(NULL, NULL);
	g_autoptr(GBytes) reply = NULL;
	g_autoptr(GError) error = NULL;
	gsize len = 0;
	const guint8 *msg;

	g_assert_true(
	    nfd_testkit_add_binding_text(kit,
					 "tap1",
					 "MAC=52:54:00:00:06:01\nSUBNET6=2001:db8:6::/64\n",
					 &error));
	g_assert_cmpint(nfd_testkit_explain(kit, "tap1", NULL, NULL, &reply, &error),
			==,
			NFD_VERDICT_REPLY);
	g_assert_no_error(error);
	msg = nfd_testkit_frame_payload(reply, &len);
	g_assert_cmpuint(len, >, 4);
	g_assert_cmpuint(msg[0], ==, NFD_DHCP6_MSG_ADVERTISE);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
	g_test_add_func("/nfd/dhcp6/plugin/queue", test_queue);
	g_test_add_func("/nfd/dhcp6/plugin/duid-kept-across-restart",
			test_duid_kept_across_restart);
	g_test_add_func("/nfd/dhcp6/plugin/duid-mac-wins", test_duid_mac_wins);
	g_test_add_func("/nfd/dhcp6/plugin/explain-advertise", test_explain_advertise);
	g_test_add_func("/nfd/dhcp6/plugin/release-decline-counted", test_release_decline_counted);
	return g_test_run();
}
