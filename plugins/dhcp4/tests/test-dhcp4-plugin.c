/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dhcp4 plugin through the plugin test kit (testkit/): the descriptor the module exports,
 * run on the daemon's own core, as a third party would test theirs.  What the kit adds over
 * test-dhcp4-proto.c: the `queue` key the core reads (default 42, GRNET's [dhcp] dhcp_queue),
 * the claim on UDP 67, NEEDS_BINDING, the reply's headers, and the core-owned counters.
 */
#include "nfd-dhcp4-test.h"
#include "nfd-testkit.h"

const NfdPluginDescriptor *
nfd_plugin_descriptor(void);

static const gchar *const binding_kv[] = {"MAC",
					  "52:54:00:00:00:01",
					  "IP",
					  "198.51.100.10",
					  "SUBNET",
					  "198.51.100.0/24",
					  "GATEWAY",
					  "198.51.100.1",
					  NULL};

static NfdTestkit *
kit_new(const gchar *config)
{
	g_autoptr(GError) error = NULL;
	NfdTestkit *kit = nfd_testkit_new(nfd_plugin_descriptor(), config, &error);

	g_assert_no_error(error);
	g_assert_true(nfd_testkit_start(kit, &error));
	g_assert_true(nfd_testkit_add_binding(kit, "tap1", binding_kv, &error));
	return kit;
}

static GBytes *
discover(void)
{
	g_autoptr(GBytes) msg = load("udhcpc-discover.bin");
	gsize len = 0;
	const guint8 *p = g_bytes_get_data(msg, &len);

	return nfd_testkit_udp4_packet("0.0.0.0", "255.255.255.255", 68, 67, p, len);
}

static void
test_default_queue(void)
{
	g_autoptr(NfdTestkit) kit = kit_new("[dhcp4]\nserver-ip = 198.51.100.1\n");

	g_assert_cmpuint(nfd_testkit_get_queue(kit), ==, 42);
}

static void
test_grnet_queue(void)
{
	g_autoptr(NfdTestkit) kit = kit_new("[dhcp]\ndhcp_queue = 52\nserver_ip = 198.51.100.1\n");
	GPtrArray *w = nfd_testkit_get_warnings(kit);
	gboolean warned = FALSE;

	g_assert_cmpuint(nfd_testkit_get_queue(kit), ==, 52);
	for (guint i = 0; i < w->len; i++)
		warned |= strstr(g_ptr_array_index(w, i),
				 "testkit.conf:2: [dhcp] dhcp_queue is deprecated, use [dhcp4] "
				 "queue") != NULL;
	g_assert_true(warned);
}

static void
test_bad_queue(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdTestkit) kit =
	    nfd_testkit_new(nfd_plugin_descriptor(), "[dhcp4]\nqueue = 70000\n", &error);

	g_assert_null(kit);
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
	g_assert_nonnull(strstr(error->message, "testkit.conf:2: [dhcp4] queue: '70000'"));
}

/* a bad queue (the core's key) does not hide the plugin's own problems: all are listed */
static void
test_lists_every_problem(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdTestkit) kit =
	    nfd_testkit_new(nfd_plugin_descriptor(),
			    "[dhcp4]\nqueue = 70000\nmtu = 20\nroutes = nonsense\n",
			    &error);

	g_assert_null(kit);
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
	g_assert_nonnull(strstr(error->message, "testkit.conf:2: [dhcp4] queue: '70000'"));
	g_assert_nonnull(strstr(error->message, "testkit.conf:3: [dhcp4] mtu: 20 is below 68"));
	g_assert_nonnull(strstr(error->message, "testkit.conf:4: [dhcp4] routes: 'nonsense'"));
}

static void
test_discover_offer(void)
{
	g_autoptr(NfdTestkit) kit = kit_new("[dhcp4]\nserver-ip = 198.51.100.1\n");
	g_autoptr(GBytes) req = discover();
	g_autoptr(GBytes) reply = NULL;
	const guint8 *frame;
	const guint8 *payload;
	gsize len = 0;

	g_assert_cmpint(nfd_testkit_handle(kit, "tap1", vm_mac, req, &reply),
			==,
			NFD_VERDICT_REPLY);
	frame = g_bytes_get_data(reply, NULL);
	/* RFC 2131 §4.1: to the client's MAC, from the router MAC */
	g_assert_cmpmem(frame, 6, vm_mac, 6);
	payload = nfd_testkit_frame_payload(reply, &len);
	g_assert_nonnull(payload);
	g_assert_cmpuint(payload[0], ==, 2); /* BOOTREPLY */
	g_assert_cmpuint(nfd_testkit_get_counter(kit, "reply"), ==, 1);
}

static void
test_unbound_tap_accepted(void)
{
	g_autoptr(NfdTestkit) kit = kit_new("[dhcp4]\nserver-ip = 198.51.100.1\n");
	g_autoptr(GBytes) req = discover();

	g_assert_cmpint(nfd_testkit_handle(kit, "tap9", vm_mac, req, NULL), ==, NFD_VERDICT_ACCEPT);
}

static void
test_spoofed_counted(void)
{
	static const guint8 other[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x99};
	g_autoptr(NfdTestkit) kit = kit_new("[dhcp4]\nserver-ip = 198.51.100.1\n");
	g_autoptr(GBytes) req = NULL;
	g_autoptr(GBytes) msg = load("udhcpc-discover.bin");
	g_autofree guint8 *copy = g_memdup2(g_bytes_get_data(msg, NULL), g_bytes_get_size(msg));
	g_autofree gchar *dump = NULL;

	/* chaddr (offset 28) is not the binding's MAC */
	memcpy(copy + 28, other, 6);
	req = nfd_testkit_udp4_packet("0.0.0.0",
				      "255.255.255.255",
				      68,
				      67,
				      copy,
				      g_bytes_get_size(msg));
	g_assert_cmpint(nfd_testkit_handle(kit, "tap1", other, req, NULL), ==, NFD_VERDICT_DROP);
	g_assert_cmpuint(nfd_testkit_get_counter(kit, "spoofed"), ==, 1);
	dump = nfd_testkit_dump(kit);
	g_assert_nonnull(strstr(dump, "dhcp4: spoofed: 1\n"));
}

/* SDK 1.1: what the plugin tells the core about a packet */
static void
test_outcome_noted(void)
{
	g_autoptr(NfdTestkit) kit = kit_new("[dhcp4]\nserver-ip = 198.51.100.1\n");
	g_autoptr(GBytes) pkt = discover();
	const gchar *type = NULL;
	const gchar *reply = NULL;
	const gchar *reason = NULL;

	g_assert_cmpint(nfd_testkit_handle(kit, "tap1", vm_mac, pkt, NULL), ==, NFD_VERDICT_REPLY);
	g_assert_true(nfd_testkit_get_outcome(kit, &type, &reply, &reason));
	g_assert_cmpstr(type, ==, "DISCOVER");
	g_assert_cmpstr(reply, ==, "OFFER");
	g_assert_cmpstr(reason, ==, "reply");
}

static void
test_outcome_spoofed(void)
{
	static const guint8 other[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x99};
	g_autoptr(NfdTestkit) kit = kit_new("[dhcp4]\nserver-ip = 198.51.100.1\n");
	g_autoptr(GBytes) msg = load("udhcpc-discover.bin");
	g_autoptr(GBytes) pkt = NULL;
	g_autofree guint8 *copy = g_memdup2(g_bytes_get_data(msg, NULL), g_bytes_get_size(msg));
	const gchar *type = NULL;
	const gchar *reason = NULL;

	/* chaddr of another MAC */
	memcpy(copy + 28, other, 6);
	pkt = nfd_testkit_udp4_packet("0.0.0.0",
				      "255.255.255.255",
				      68,
				      67,
				      copy,
				      g_bytes_get_size(msg));
	g_assert_cmpint(nfd_testkit_handle(kit, "tap1", other, pkt, NULL), ==, NFD_VERDICT_DROP);
	g_assert_true(nfd_testkit_get_outcome(kit, &type, NULL, &reason));
	g_assert_cmpstr(type, ==, "DISCOVER");
	g_assert_cmpstr(reason, ==, "spoofed");
}

static void
test_explain_offer(void)
{
	g_autoptr(NfdTestkit) kit = kit_new("[dhcp4]\nserver-ip = 198.51.100.1\n");
	g_autoptr(GBytes) request = NULL;
	g_autoptr(GBytes) reply = NULL;
	g_autoptr(GError) error = NULL;
	gsize len = 0;
	const guint8 *payload;

	g_assert_cmpint(nfd_testkit_explain(kit, "tap1", NULL, &request, &reply, &error),
			==,
			NFD_VERDICT_REPLY);
	g_assert_no_error(error);
	/* the request is a DISCOVER from 0.0.0.0:68 to 255.255.255.255:67 */
	payload = nfd_testkit_frame_payload(request, &len);
	g_assert_cmpuint(len, >, NFD_DHCP4_HEADER_LEN);
	g_assert_cmpuint(payload[0], ==, 1);
	/* the reply an OFFER of the binding's address, and nothing counted */
	payload = nfd_testkit_frame_payload(reply, &len);
	g_assert_cmpuint(payload[0], ==, 2);
	g_assert_cmpmem(payload + 16, 4, "\xc6\x33\x64\x0a", 4);
	g_assert_cmpuint(nfd_testkit_get_counter(kit, "reply"), ==, 0);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
	g_test_add_func("/nfd/dhcp4/plugin/default-queue", test_default_queue);
	g_test_add_func("/nfd/dhcp4/plugin/grnet-queue", test_grnet_queue);
	g_test_add_func("/nfd/dhcp4/plugin/bad-queue", test_bad_queue);
	g_test_add_func("/nfd/dhcp4/plugin/lists-every-problem", test_lists_every_problem);
	g_test_add_func("/nfd/dhcp4/plugin/discover-offer", test_discover_offer);
	g_test_add_func("/nfd/dhcp4/plugin/unbound-tap-accepted", test_unbound_tap_accepted);
	g_test_add_func("/nfd/dhcp4/plugin/spoofed-counted", test_spoofed_counted);
	g_test_add_func("/nfd/dhcp4/plugin/outcome-noted", test_outcome_noted);
	g_test_add_func("/nfd/dhcp4/plugin/outcome-spoofed", test_outcome_spoofed);
	g_test_add_func("/nfd/dhcp4/plugin/explain-offer", test_explain_offer);
	return g_test_run();
}
