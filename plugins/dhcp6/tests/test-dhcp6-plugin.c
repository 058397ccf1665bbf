/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dhcp6 plugin through the plugin test kit (testkit/): the module's descriptor on the
 * daemon's own core.  The queue (default 45, GRNET's [ipv6] dhcpv6_queue and its deprecated
 * spelling dhcp_queue), and the server DUID that start() keeps in the state directory: made
 * at the first start, the same at the next (a restart must not change it, RFC 8415 §16.6).
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

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
	g_test_add_func("/nfd/dhcp6/plugin/queue", test_queue);
	g_test_add_func("/nfd/dhcp6/plugin/duid-kept-across-restart",
			test_duid_kept_across_restart);
	g_test_add_func("/nfd/dhcp6/plugin/duid-mac-wins", test_duid_mac_wins);
	return g_test_run();
}
