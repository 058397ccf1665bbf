/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the static binding backend: the backend source is compiled into this
 * executable (-DNFD_PLUGIN_BUILTIN) and opened against the core's real binding store
 * (nfd-backend-test.c), with real configuration text parsed by the core's config loader.
 */
#include "nfd-backend-test.h"

const NfdBindingBackendDescriptor *
nfdbuiltin_backend_static(void);

#define TWO_BINDINGS                                                                           \
	"[general]\nbinding-backend = static\n"                                                \
	"[binding:tap7]\nMAC = aa:00:00:5e:00:07\nIP = 203.0.113.7\nSUBNET = 203.0.113.0/24\n" \
	"[binding:tap8]\nmac = aa:00:00:5e:00:08\nmtu = 1400\nhostname = vm8.example.org\n"    \
	"[dhcp4]\nqueue = 42\n"

static NfdBackendTest *
test_new(const gchar *config_text)
{
	return nfd_backend_test_new(nfdbuiltin_backend_static(), config_text);
}

static void
test_load(void)
{
	g_autoptr(NfdBackendTest) t = test_new(TWO_BINDINGS);
	g_autoptr(GError) error = NULL;

	g_assert_true(nfd_backend_test_open(t, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(nfd_backend_test_listings(t), ==, 1);
	g_assert_cmpuint(nfd_backend_test_size(t), ==, 2);
	g_assert_true(nfd_binding_get_ip4(nfd_backend_test_lookup(t, "tap7"), NULL));
}

static void
test_lower_case_keys(void)
{
	g_autoptr(NfdBackendTest) t = test_new(TWO_BINDINGS);
	const NfdBinding *b;

	g_assert_true(nfd_backend_test_open(t, NULL));
	b = nfd_backend_test_lookup(t, "tap8");
	g_assert_nonnull(b);
	g_assert_cmpuint(nfd_binding_get_mtu(b), ==, 1400);
	g_assert_cmpstr(nfd_binding_get_hostname(b), ==, "vm8.example.org");
}

static void
test_no_groups(void)
{
	g_autoptr(NfdBackendTest) t = test_new("[general]\nbinding-backend = static\n");

	g_assert_true(nfd_backend_test_open(t, NULL));
	g_assert_cmpuint(nfd_backend_test_listings(t), ==, 1);
	g_assert_cmpuint(nfd_backend_test_size(t), ==, 0);
}

static void
test_bad_value(void)
{
	g_autoptr(NfdBackendTest) t =
	    test_new("[binding:tap7]\nMAC = aa:00:00:5e:00:07\nmtu = abc\n");
	g_autoptr(GError) error = NULL;

	g_assert_false(nfd_backend_test_open(t, &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_BINDING);
	g_assert_cmpstr(error->message,
			==,
			"test.conf:3: [binding:tap7] mtu: MTU: not a number from 68 to "
			"65535");
	g_assert_cmpuint(nfd_backend_test_listings(t), ==, 0);
}

static void
test_bad_key(void)
{
	g_autoptr(NfdBackendTest) t =
	    test_new("[binding:tap7]\nMAC = aa:00:00:5e:00:07\nmy-key = 1\n");
	g_autoptr(GError) error = NULL;

	g_assert_false(nfd_backend_test_open(t, &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
	g_assert_cmpstr(error->message,
			==,
			"test.conf:3: [binding:tap7] my-key: not a binding key (letters, digits, "
			"'_')");
}

static void
test_missing_mac(void)
{
	g_autoptr(NfdBackendTest) t = test_new("[binding:tap7]\nIP = 203.0.113.7\n");
	g_autoptr(GError) error = NULL;

	g_assert_false(nfd_backend_test_open(t, &error));
	g_assert_cmpstr(error->message, ==, "[binding:tap7]: MAC: missing (required)");
}

static void
test_bad_tap(void)
{
	g_autoptr(NfdBackendTest) t = test_new("[binding:tap/7]\nMAC = aa:00:00:5e:00:07\n");
	g_autoptr(GError) error = NULL;

	g_assert_false(nfd_backend_test_open(t, &error));
	g_assert_cmpstr(error->message, ==, "[binding:tap/7]: 'tap/7' is not an interface name");
}

static void
test_rescan_applies_changes(void)
{
	g_autoptr(NfdBackendTest) t = test_new(TWO_BINDINGS);
	g_autoptr(GError) error = NULL;

	g_assert_true(nfd_backend_test_open(t, NULL));
	/* SIGHUP: tap7 gone, tap8 changed, tap9 new */
	nfd_backend_test_set_config(t,
				    "[binding:tap8]\nmac = aa:00:00:5e:00:08\nmtu = 9000\n"
				    "[binding:tap9]\nmac = aa:00:00:5e:00:09\n");
	g_assert_true(nfd_backend_test_rescan(t, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(nfd_backend_test_listings(t), ==, 2);
	g_assert_null(nfd_backend_test_lookup(t, "tap7"));
	g_assert_cmpuint(nfd_binding_get_mtu(nfd_backend_test_lookup(t, "tap8")), ==, 9000);
	g_assert_nonnull(nfd_backend_test_lookup(t, "tap9"));
}

static void
test_rescan_bad_keeps_previous(void)
{
	g_autoptr(NfdBackendTest) t = test_new(TWO_BINDINGS);
	g_autoptr(GError) error = NULL;

	g_assert_true(nfd_backend_test_open(t, NULL));
	nfd_backend_test_set_config(t,
				    "[binding:tap8]\nmac = aa:00:00:5e:00:08\nmtu = 9000\n"
				    "[binding:tap9]\nmac = nonsense\n");
	g_assert_false(nfd_backend_test_rescan(t, &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_BINDING);
	g_assert_cmpuint(nfd_backend_test_listings(t), ==, 1);
	g_assert_cmpuint(nfd_backend_test_size(t), ==, 2);
	g_assert_cmpuint(nfd_binding_get_mtu(nfd_backend_test_lookup(t, "tap8")), ==, 1400);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/static/load", test_load);
	g_test_add_func("/nfd/static/lower-case-keys", test_lower_case_keys);
	g_test_add_func("/nfd/static/no-groups", test_no_groups);
	g_test_add_func("/nfd/static/bad-value", test_bad_value);
	g_test_add_func("/nfd/static/bad-key", test_bad_key);
	g_test_add_func("/nfd/static/missing-mac", test_missing_mac);
	g_test_add_func("/nfd/static/bad-tap", test_bad_tap);
	g_test_add_func("/nfd/static/rescan-applies-changes", test_rescan_applies_changes);
	g_test_add_func("/nfd/static/rescan-bad-keeps-previous", test_rescan_bad_keeps_previous);
	return g_test_run();
}
