/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of the compact NfdBinding (issue 16): every GRNET key set through the SDK builder comes
 * back through its typed getter and through nfd_binding_get_value() (in canonical form for the
 * keys kept in binary), pooled strings are shared and released, equality follows the values
 * whatever order they were set in, a bad value leaves the binding unchanged, and the store's
 * dump (`nfdhcpctl bindings`, SIGUSR1) shows what was set.
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-binding-private.h"
#include "nfd-binding-store.h"
#include "nfd-string-pool.h"

/* every GRNET key with a value, as a VM manager may write it (upper-case MAC, a long IPv6
 * form), then a plugin's key */
static const gchar *const full_keys[] = {"INDEV",
					 "IP",
					 "MAC",
					 "HOSTNAME",
					 "TAGS",
					 "GATEWAY",
					 "SUBNET",
					 "GATEWAY6",
					 "SUBNET6",
					 "EUI64",
					 "PRIVATE",
					 "MTU",
					 "MACSPOOF",
					 "ROUTES",
					 NULL};
static const gchar *const full_values[] = {"br0",
					   "198.51.100.7",
					   "AA:00:00:5E:00:07",
					   "vm7.example.org",
					   "nfdhcpd private",
					   "198.51.100.1",
					   "198.51.100.0/24",
					   "2001:db8:0:7:0:0:0:1",
					   "2001:db8:0:7::/64",
					   "2001:db8:0:7:a800:ff:fe5e:7",
					   "yes",
					   "1450",
					   "on",
					   "0.0.0.0/0 198.51.100.1",
					   NULL};
/* what nfd_binding_get_value() gives back for them */
static const gchar *const full_canonical[] = {"br0",
					      "198.51.100.7",
					      "aa:00:00:5e:00:07",
					      "vm7.example.org",
					      "nfdhcpd private",
					      "198.51.100.1",
					      "198.51.100.0/24",
					      "2001:db8:0:7::1",
					      "2001:db8:0:7::/64",
					      "2001:db8:0:7:a800:ff:fe5e:7",
					      "1",
					      "1450",
					      "1",
					      "0.0.0.0/0 198.51.100.1",
					      NULL};

/* @tap with every key, set in @order (indexes into full_keys, -1 ended) */
static NfdBinding *
make_full(const gchar *tap, const gint *order)
{
	NfdBinding *b = nfd_binding_new(tap);
	g_autoptr(GError) error = NULL;

	for (guint i = 0; order[i] >= 0; i++) {
		g_assert_true(
		    nfd_binding_set_value(b, full_keys[order[i]], full_values[order[i]], &error));
		g_assert_no_error(error);
	}
	g_assert_true(nfd_binding_validate(b, &error));
	g_assert_no_error(error);
	return b;
}

static const gint forward[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, -1};
static const gint backward[] = {13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -1};

static gchar *
ntop(gint family, const void *addr)
{
	gchar buf[INET6_ADDRSTRLEN];
	return g_strdup(inet_ntop(family, addr, buf, sizeof(buf)));
}

static void
test_round_trip_typed(void)
{
	g_autoptr(NfdBinding) b = make_full("tap7", forward);
	static const guint8 mac[6] = {0xaa, 0x00, 0x00, 0x5e, 0x00, 0x07};
	struct in_addr a4;
	struct in6_addr a6;
	guint plen = 0;
	g_autofree gchar *ip = NULL;
	g_autofree gchar *gw = NULL;
	g_autofree gchar *net = NULL;
	g_autofree gchar *gw6 = NULL;
	g_autofree gchar *net6 = NULL;
	g_autofree gchar *eui = NULL;

	g_assert_cmpstr(nfd_binding_get_tap(b), ==, "tap7");
	g_assert_cmpstr(nfd_binding_get_indev(b), ==, "br0");
	g_assert_cmpmem(nfd_binding_get_mac(b), 6, mac, 6);
	g_assert_cmpstr(nfd_binding_get_hostname(b), ==, "vm7.example.org");
	g_assert_cmpstr(nfd_binding_get_tags(b), ==, "nfdhcpd private");
	g_assert_true(nfd_binding_get_ip4(b, &a4));
	ip = ntop(AF_INET, &a4);
	g_assert_true(nfd_binding_get_gateway4(b, &a4));
	gw = ntop(AF_INET, &a4);
	g_assert_true(nfd_binding_get_subnet4(b, &a4, &plen));
	net = ntop(AF_INET, &a4);
	g_assert_cmpuint(plen, ==, 24);
	g_assert_true(nfd_binding_get_gateway6(b, &a6));
	gw6 = ntop(AF_INET6, &a6);
	g_assert_true(nfd_binding_get_subnet6(b, &a6, &plen));
	net6 = ntop(AF_INET6, &a6);
	g_assert_cmpuint(plen, ==, 64);
	g_assert_true(nfd_binding_get_eui64(b, &a6));
	eui = ntop(AF_INET6, &a6);
	g_assert_cmpstr(ip, ==, "198.51.100.7");
	g_assert_cmpstr(gw, ==, "198.51.100.1");
	g_assert_cmpstr(net, ==, "198.51.100.0");
	g_assert_cmpstr(gw6, ==, "2001:db8:0:7::1");
	g_assert_cmpstr(net6, ==, "2001:db8:0:7::");
	g_assert_cmpstr(eui, ==, "2001:db8:0:7:a800:ff:fe5e:7");
	g_assert_cmpuint(nfd_binding_get_mtu(b), ==, 1450);
	g_assert_true(nfd_binding_get_private(b));
	g_assert_true(nfd_binding_get_macspoof(b));
}

static void
test_round_trip_value(void)
{
	g_autoptr(NfdBinding) b = make_full("tap7", forward);

	for (guint i = 0; full_keys[i] != NULL; i++)
		g_assert_cmpstr(nfd_binding_get_value(b, full_keys[i]), ==, full_canonical[i]);
	g_assert_null(nfd_binding_get_value(b, "NOTSET"));
}

/* an unset key, an empty value and a "false" flag give NULL and FALSE */
static void
test_unset(void)
{
	g_autoptr(NfdBinding) b = make_full("tap7", forward);

	for (guint i = 0; full_keys[i] != NULL; i++)
		g_assert_true(nfd_binding_set_value(b, full_keys[i], "", NULL));
	g_assert_true(nfd_binding_set_value(b, "MAC", "aa:00:00:5e:00:07", NULL));
	g_assert_true(nfd_binding_set_value(b, "PRIVATE", "no", NULL));
	for (guint i = 0; full_keys[i] != NULL; i++) {
		if (g_strcmp0(full_keys[i], "MAC") != 0)
			g_assert_null(nfd_binding_get_value(b, full_keys[i]));
	}
	g_assert_false(nfd_binding_get_private(b));
	g_assert_false(nfd_binding_get_ip4(b, NULL));
	g_assert_false(nfd_binding_get_subnet6(b, NULL, NULL));
	g_assert_cmpuint(nfd_binding_get_mtu(b), ==, 0);
	g_assert_null(nfd_binding_get_hostname(b));
	/* INDEV unset: the tap itself */
	g_assert_cmpstr(nfd_binding_get_indev(b), ==, "tap7");
}

/* INDEV naming the tap itself (gnt-networking's routed setup) is kept as a flag */
static void
test_indev_is_tap(void)
{
	g_autoptr(NfdBinding) a = nfd_binding_new("tap7");
	g_autoptr(NfdBinding) b = nfd_binding_new("tap7");

	g_assert_true(nfd_binding_set_value(a, "INDEV", "tap7", NULL));
	g_assert_cmpstr(nfd_binding_get_value(a, "INDEV"), ==, "tap7");
	g_assert_cmpstr(nfd_binding_get_indev(a), ==, "tap7");
	/* but set is not the same as unset */
	g_assert_false(nfd_binding_equal(a, b));
}

/* the same values in any order are equal; any one value different is not */
static void
test_equal(void)
{
	g_autoptr(NfdBinding) a = make_full("tap7", forward);
	g_autoptr(NfdBinding) b = make_full("tap7", backward);
	g_autoptr(NfdBinding) other_tap = make_full("tap8", forward);

	g_assert_true(nfd_binding_equal(a, b));
	g_assert_false(nfd_binding_equal(a, other_tap));
	for (guint i = 0; full_keys[i] != NULL; i++) {
		g_autoptr(NfdBinding) c = make_full("tap7", forward);
		const gchar *v =
		    g_str_equal(full_keys[i], "MAC")   ? "aa:00:00:5e:00:08"
		    : g_str_equal(full_keys[i], "MTU") ? "1500"
		    : g_str_equal(full_keys[i], "IP")  ? "198.51.100.8"
		    : g_str_equal(full_keys[i], "PRIVATE") || g_str_equal(full_keys[i], "MACSPOOF")
			? "no"
			: "";
		g_assert_true(nfd_binding_set_value(c, full_keys[i], v, NULL));
		if (nfd_binding_equal(a, c))
			g_error("a different %s is equal", full_keys[i]);
	}
}

/* a value the core cannot parse leaves the binding as it was */
static void
test_bad_value_unchanged(void)
{
	g_autoptr(NfdBinding) a = make_full("tap7", forward);
	g_autoptr(NfdBinding) b = make_full("tap7", forward);
	static const gchar *const bad[][2] = {{"IP", "198.51.100.300"},
					      {"SUBNET", "198.51.100.1/24"},
					      {"SUBNET6", "2001:db8::/200"},
					      {"EUI64", "x"},
					      {"MAC", "aa:bb"},
					      {"MTU", "67"},
					      {"INDEV", "a/b"}};

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;
		g_assert_false(nfd_binding_set_value(b, bad[i][0], bad[i][1], &error));
		g_assert_error(error, NFD_ERROR, NFD_ERROR_BINDING);
		g_assert_true(nfd_binding_equal(a, b));
	}
}

/* INDEV, TAGS and plugin keys are pooled: one copy for many bindings, freed with the last */
static void
test_pooled(void)
{
	guint before = nfd_string_pool_get_size();
	g_autoptr(NfdBinding) a = make_full("tap7", forward);
	guint with_one = nfd_string_pool_get_size();
	g_autoptr(NfdBinding) b = make_full("tap8", backward);

	/* INDEV, TAGS, ROUTES and its value */
	g_assert_cmpuint(with_one, ==, before + 4);
	g_assert_cmpuint(nfd_string_pool_get_size(), ==, with_one);
	g_assert_true(nfd_binding_get_value(a, "ROUTES") == nfd_binding_get_value(b, "ROUTES"));
	g_assert_true(nfd_binding_get_indev(a) == nfd_binding_get_indev(b));
	g_assert_true(nfd_binding_get_tags(a) == nfd_binding_get_tags(b));
	/* the hostname is each binding's own */
	g_assert_true(nfd_binding_get_hostname(a) != nfd_binding_get_hostname(b));
	g_clear_pointer(&a, nfd_binding_unref);
	g_assert_cmpuint(nfd_string_pool_get_size(), ==, with_one);
	g_clear_pointer(&b, nfd_binding_unref);
	g_assert_cmpuint(nfd_string_pool_get_size(), ==, before);
}

/* a plugin key set again replaces its value, and "" removes it */
static void
test_plugin_key_replaced(void)
{
	g_autoptr(NfdBinding) b = nfd_binding_new("tap7");

	g_assert_true(nfd_binding_set_value(b, "ZZZ", "1", NULL));
	g_assert_true(nfd_binding_set_value(b, "AAA", "2", NULL));
	g_assert_true(nfd_binding_set_value(b, "ZZZ", "3", NULL));
	g_assert_cmpstr(nfd_binding_get_value(b, "ZZZ"), ==, "3");
	g_assert_cmpstr(nfd_binding_get_value(b, "AAA"), ==, "2");
	g_assert_true(nfd_binding_set_value(b, "AAA", "", NULL));
	g_assert_null(nfd_binding_get_value(b, "AAA"));
	g_assert_cmpstr(nfd_binding_get_value(b, "ZZZ"), ==, "3");
}

/* the store's dump, what `nfdhcpctl bindings` and SIGUSR1 show */
static void
test_dump(void)
{
	g_autoptr(NfdBindingStore) store = nfd_binding_store_new();
	NfdBinding *b = make_full("tap7", forward);
	g_autofree gchar *dump = NULL;

	nfd_binding_sink_upsert(nfd_binding_store_get_sink(store), b);
	nfd_binding_unref(b);
	dump = nfd_binding_store_dump(store);
	g_assert_nonnull(strstr(dump, "1 bindings\n"));
	g_assert_true(g_regex_match_simple("\ntap7 +0 +aa:00:00:5e:00:07 +198\\.51\\.100\\.7 +"
					   "vm7\\.example\\.org +2001:db8:0:7:a800:ff:fe5e:7\n",
					   dump,
					   0,
					   0));
}

/* a parsed text's hostname lives in the binding's own allocation; setting another one later,
 * longer or shorter, or none, keeps every value right */
static void
test_hostname_in_place(void)
{
	static const gchar text[] = "MAC=aa:00:00:5e:00:07\nHOSTNAME=snf-10000.vm.example.org\n";
	g_autoptr(NfdBinding) b = nfd_binding_new_from_data("tap7", text, strlen(text), NULL);
	g_autofree gchar *longer = g_strnfill(255, 'a');

	g_assert_nonnull(b);
	g_assert_cmpstr(nfd_binding_get_hostname(b), ==, "snf-10000.vm.example.org");
	g_assert_true(nfd_binding_set_value(b, "HOSTNAME", longer, NULL));
	g_assert_cmpstr(nfd_binding_get_hostname(b), ==, longer);
	g_assert_true(nfd_binding_set_value(b, "HOSTNAME", "vm7", NULL));
	g_assert_cmpstr(nfd_binding_get_hostname(b), ==, "vm7");
	g_assert_cmpstr(nfd_binding_get_value(b, "HOSTNAME"), ==, "vm7");
	g_assert_true(nfd_binding_set_value(b, "HOSTNAME", "", NULL));
	g_assert_null(nfd_binding_get_hostname(b));
}

/* the binding found by its MAC bytes is the one they belong to (the store's by-MAC set) */
static void
test_of_mac(void)
{
	g_autoptr(NfdBinding) b = make_full("tap7", forward);

	g_assert_true(nfd_binding_of_mac(nfd_binding_get_mac(b)) == b);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/binding/round-trip/typed", test_round_trip_typed);
	g_test_add_func("/nfd/binding/round-trip/value", test_round_trip_value);
	g_test_add_func("/nfd/binding/unset", test_unset);
	g_test_add_func("/nfd/binding/indev-is-tap", test_indev_is_tap);
	g_test_add_func("/nfd/binding/equal", test_equal);
	g_test_add_func("/nfd/binding/bad-value-unchanged", test_bad_value_unchanged);
	g_test_add_func("/nfd/binding/pooled", test_pooled);
	g_test_add_func("/nfd/binding/plugin-key-replaced", test_plugin_key_replaced);
	g_test_add_func("/nfd/binding/dump", test_dump);
	g_test_add_func("/nfd/binding/of-mac", test_of_mac);
	g_test_add_func("/nfd/binding/hostname-in-place", test_hostname_in_place);
	return g_test_run();
}
