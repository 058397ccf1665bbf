/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The hello plugin's unit test, with the installed plugin test kit (pkg-config
 * nfdhcpd-testkit): the plugin runs in-process on the daemon's own code, without root, queues
 * or daemon.
 *
 *   cc -o test-hello test-hello.c nfd-hello-plugin.c \
 *      $(pkg-config --cflags --libs nfdhcpd-testkit) && ./test-hello
 */
#include <string.h>

#include <nfdhcpd/nfd-testkit.h>

const NfdPluginDescriptor *
nfd_plugin_descriptor(void);

static const guint8 vm_mac[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x01};
static const gchar *const vm1[] = {"MAC",
				   "52:54:00:00:00:01",
				   "IP",
				   "198.51.100.10",
				   "SUBNET",
				   "198.51.100.0/24",
				   "HOSTNAME",
				   "vm1",
				   NULL};

static NfdTestkit *
kit_new(const gchar *config)
{
	g_autoptr(GError) error = NULL;
	NfdTestkit *kit = nfd_testkit_new(nfd_plugin_descriptor(), config, &error);

	g_assert_no_error(error);
	g_assert_true(nfd_testkit_start(kit, &error));
	g_assert_true(nfd_testkit_add_binding(kit, "tap1", vm1, &error));
	return kit;
}

static GBytes *
datagram(guint16 port)
{
	return nfd_testkit_udp4_packet("198.51.100.10",
				       "198.51.100.1",
				       40000,
				       port,
				       (const guint8 *)"hi",
				       2);
}

static void
test_says_hello(void)
{
	g_autoptr(NfdTestkit) kit = kit_new(NULL);
	g_autoptr(GBytes) req = datagram(9999);
	g_autoptr(GBytes) reply = NULL;
	const guint8 *text;
	gsize len = 0;

	g_assert_cmpint(nfd_testkit_handle(kit, "tap1", vm_mac, req, &reply),
			==,
			NFD_VERDICT_REPLY);
	text = nfd_testkit_frame_payload(reply, &len);
	g_assert_cmpmem(text, len, "hello vm1\n", 10);
	g_assert_cmpuint(nfd_testkit_get_counter(kit, "greeted"), ==, 1);
}

static void
test_greeting_and_queue(void)
{
	g_autoptr(NfdTestkit) kit = kit_new("[hello]\nqueue = 61\ngreeting = hi\n");
	g_autoptr(GBytes) req = datagram(9999);
	g_autoptr(GBytes) reply = NULL;
	const guint8 *text;
	gsize len = 0;

	g_assert_cmpuint(nfd_testkit_get_queue(kit), ==, 61);
	g_assert_cmpint(nfd_testkit_handle(kit, "tap1", vm_mac, req, &reply),
			==,
			NFD_VERDICT_REPLY);
	text = nfd_testkit_frame_payload(reply, &len);
	g_assert_cmpmem(text, len, "hi vm1\n", 7);
}

static void
test_other_port_and_unbound_tap_accepted(void)
{
	g_autoptr(NfdTestkit) kit = kit_new(NULL);
	g_autoptr(GBytes) other = datagram(9998);
	g_autoptr(GBytes) req = datagram(9999);

	g_assert_cmpint(nfd_testkit_handle(kit, "tap1", vm_mac, other, NULL),
			==,
			NFD_VERDICT_ACCEPT);
	g_assert_cmpint(nfd_testkit_handle(kit, "tap2", vm_mac, req, NULL), ==, NFD_VERDICT_ACCEPT);
	g_assert_cmpuint(nfd_testkit_get_counter(kit, "greeted"), ==, 0);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/hello/says-hello", test_says_hello);
	g_test_add_func("/hello/greeting-and-queue", test_greeting_and_queue);
	g_test_add_func("/hello/other-port-and-unbound-tap",
			test_other_port_and_unbound_tap_accepted);
	return g_test_run();
}
