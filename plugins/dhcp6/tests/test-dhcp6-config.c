/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the [dhcp6] configuration (cold path, nfd-dhcp6-config.c): the server DUID, the
 * checks of lifetimes, search list, preference and captive-portal URI, and the keys read
 * through the core's config parser.  What a setting changes in the replies is tested with the
 * messages in test-dhcp6-proto.c.
 */
#include <arpa/inet.h>
#include <string.h>

#include <glib/gstdio.h>

#include "nfd-config-private.h"
#include "nfd-dhcp6-proto.h"

static void
fixture_config(NfdDhcp6Config *cfg)
{
	static const guint8 server_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

	nfd_dhcp6_config_init(cfg);
	nfd_dhcp6_config_set_duid_ll(cfg, server_mac);
}

static void
test_config_duid_uuid_stable(void)
{
	NfdDhcp6Config a, b;

	nfd_dhcp6_config_init(&a);
	nfd_dhcp6_config_init(&b);
	g_assert_true(
	    nfd_dhcp6_config_set_duid_uuid_from_machine_id(&a,
							   "0123456789abcdef0123456789abcdef\n",
							   NULL));
	g_assert_true(
	    nfd_dhcp6_config_set_duid_uuid_from_machine_id(&b,
							   "0123456789abcdef0123456789abcdef",
							   NULL));
	g_assert_cmpuint(a.duid_len, ==, 18);
	g_assert_cmpmem(a.duid, a.duid_len, b.duid, b.duid_len);
	/* RFC 6355: type 4; RFC 4122: version 4, variant 10 */
	g_assert_cmpuint(a.duid[1], ==, 4);
	g_assert_cmpuint(a.duid[2 + 6] >> 4, ==, 4);
	g_assert_cmpuint(a.duid[2 + 8] >> 6, ==, 2);
}

static void
test_config_duid_uuid_not_machine_id(void)
{
	static const guint8 raw[16] = {0x01,
				       0x23,
				       0x45,
				       0x67,
				       0x89,
				       0xab,
				       0xcd,
				       0xef,
				       0x01,
				       0x23,
				       0x45,
				       0x67,
				       0x89,
				       0xab,
				       0xcd,
				       0xef};
	NfdDhcp6Config a;

	nfd_dhcp6_config_init(&a);
	g_assert_true(
	    nfd_dhcp6_config_set_duid_uuid_from_machine_id(&a,
							   "0123456789abcdef0123456789abcdef",
							   NULL));
	g_assert_true(memcmp(a.duid + 2, raw, 16) != 0);
}

static void
test_config_duid_uuid_invalid(void)
{
	NfdDhcp6Config a;
	g_autoptr(GError) error = NULL;

	nfd_dhcp6_config_init(&a);
	g_assert_false(nfd_dhcp6_config_set_duid_uuid_from_machine_id(&a, "xyz", &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
}

static void
test_config_lifetimes_order(void)
{
	NfdDhcp6Config cfg;
	g_autoptr(GError) error = NULL;

	fixture_config(&cfg);
	g_assert_true(nfd_dhcp6_config_check(&cfg, NULL));
	cfg.t1 = 5000;
	g_assert_false(nfd_dhcp6_config_check(&cfg, &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
}

static void
test_config_domains_invalid(void)
{
	const gchar *domains[] = {"bad..example", NULL};
	NfdDhcp6Config cfg;
	g_autoptr(GError) error = NULL;

	fixture_config(&cfg);
	g_assert_false(nfd_dhcp6_config_set_domains(&cfg, domains, &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
}

/* [dhcp6] through the core's config parser */
static gboolean
load_config(const gchar *text, NfdDhcp6Config *cfg, GError **error)
{
	g_autoptr(NfdConfig) config = nfd_config_new();
	g_autofree gchar *machine_id =
	    g_test_build_filename(G_TEST_DIST, "tests", "data", "machine-id", NULL);
	g_autofree gchar *source = NULL;
	const NfdConfigSection *section;
	gboolean saved = FALSE;

	g_assert_true(nfd_config_load_data(config, text, "test.conf", NULL));
	section = nfd_config_get_section(config, "dhcp6");
	g_assert_nonnull(section);
	if (!nfd_dhcp6_config_load(cfg, section, error))
		return FALSE;
	/* what start() does, without a state directory */
	source = nfd_dhcp6_duid_load(cfg, NULL, machine_id, &saved);
	g_assert_false(saved);
	return TRUE;
}

/* ---- the server DUID kept in the state directory (nfd-dhcp6-duid.c) ---- */

static gchar *
duid_file(const gchar *dir)
{
	g_autofree gchar *text = NULL;
	g_autofree gchar *fn = g_build_filename(dir, NFD_DHCP6_DUID_FILE, NULL);

	if (!g_file_get_contents(fn, &text, NULL, NULL))
		return NULL;
	return g_strstrip(g_steal_pointer(&text));
}

static void
test_duid_from_machine_id_kept(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("nfd-dhcp6-XXXXXX", NULL);
	g_autofree gchar *machine_id =
	    g_test_build_filename(G_TEST_DIST, "tests", "data", "machine-id", NULL);
	g_autofree gchar *source = NULL;
	g_autofree gchar *hex = NULL;
	g_autofree gchar *kept = NULL;
	NfdDhcp6Config cfg, want;
	gboolean saved = FALSE;

	nfd_dhcp6_config_init(&cfg);
	nfd_dhcp6_config_init(&want);
	g_assert_true(
	    nfd_dhcp6_config_set_duid_uuid_from_machine_id(&want,
							   "0123456789abcdef0123456789abcdef",
							   NULL));
	source = nfd_dhcp6_duid_load(&cfg, dir, machine_id, &saved);
	g_assert_true(saved);
	g_assert_true(g_str_has_prefix(source, machine_id));
	/* an existing install keeps its machine-id DUID across the upgrade */
	g_assert_cmpmem(cfg.duid, cfg.duid_len, want.duid, want.duid_len);
	hex = nfd_dhcp6_duid_format(want.duid, want.duid_len);
	kept = duid_file(dir);
	g_assert_cmpstr(kept, ==, hex);
	g_free(g_steal_pointer(&kept));
	kept = g_build_filename(dir, NFD_DHCP6_DUID_FILE, NULL);
	g_unlink(kept);
	g_rmdir(dir);
}

static void
test_duid_without_machine_id_random_and_stable(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("nfd-dhcp6-XXXXXX", NULL);
	g_autofree gchar *none = g_build_filename(dir, "no-machine-id", NULL);
	g_autofree gchar *s1 = NULL;
	g_autofree gchar *s2 = NULL;
	g_autofree gchar *fn = g_build_filename(dir, NFD_DHCP6_DUID_FILE, NULL);
	NfdDhcp6Config a, b;
	gboolean saved = FALSE;

	nfd_dhcp6_config_init(&a);
	nfd_dhcp6_config_init(&b);
	s1 = nfd_dhcp6_duid_load(&a, dir, none, &saved);
	g_assert_true(saved);
	g_assert_true(g_str_has_prefix(s1, "random, kept in"));
	/* RFC 6355: a DUID-UUID, RFC 4122 version 4 */
	g_assert_cmpuint(a.duid_len, ==, 18);
	g_assert_cmpuint(a.duid[1], ==, NFD_DHCP6_DUID_UUID);
	g_assert_cmpuint(a.duid[2 + 6] >> 4, ==, 4);
	/* the next start reads it back */
	s2 = nfd_dhcp6_duid_load(&b, dir, none, &saved);
	g_assert_cmpstr(s2, ==, fn);
	g_assert_cmpmem(a.duid, a.duid_len, b.duid, b.duid_len);
	g_unlink(fn);
	g_rmdir(dir);
}

static void
test_duid_file_wins_over_machine_id(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("nfd-dhcp6-XXXXXX", NULL);
	g_autofree gchar *fn = g_build_filename(dir, NFD_DHCP6_DUID_FILE, NULL);
	g_autofree gchar *machine_id =
	    g_test_build_filename(G_TEST_DIST, "tests", "data", "machine-id", NULL);
	g_autofree gchar *source = NULL;
	static const guint8 kept[] = {0, 3, 0, 1, 2, 0, 0, 0, 0, 9};
	NfdDhcp6Config cfg;
	gboolean saved = FALSE;

	g_assert_true(g_file_set_contents(fn, "00030001020000000009\n", -1, NULL));
	nfd_dhcp6_config_init(&cfg);
	source = nfd_dhcp6_duid_load(&cfg, dir, machine_id, &saved);
	g_assert_cmpstr(source, ==, fn);
	g_assert_cmpmem(cfg.duid, cfg.duid_len, kept, sizeof(kept));
	g_unlink(fn);
	g_rmdir(dir);
}

static void
test_duid_bad_file_replaced(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("nfd-dhcp6-XXXXXX", NULL);
	g_autofree gchar *fn = g_build_filename(dir, NFD_DHCP6_DUID_FILE, NULL);
	g_autofree gchar *none = g_build_filename(dir, "no-machine-id", NULL);
	g_autofree gchar *source = NULL;
	g_autofree gchar *kept = NULL;
	g_autofree gchar *hex = NULL;
	NfdDhcp6Config cfg;
	gboolean saved = FALSE;

	g_assert_true(g_file_set_contents(fn, "not hex\n", -1, NULL));
	nfd_dhcp6_config_init(&cfg);
	source = nfd_dhcp6_duid_load(&cfg, dir, none, &saved);
	g_assert_true(saved);
	hex = nfd_dhcp6_duid_format(cfg.duid, cfg.duid_len);
	kept = duid_file(dir);
	g_assert_cmpstr(kept, ==, hex);
	g_unlink(fn);
	g_rmdir(dir);
}

static void
test_duid_mac_not_kept(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("nfd-dhcp6-XXXXXX", NULL);
	g_autofree gchar *source = NULL;
	g_autofree gchar *kept = NULL;
	static const guint8 mac[6] = {2, 0, 0, 0, 0, 1};
	NfdDhcp6Config cfg;
	gboolean saved = TRUE;

	nfd_dhcp6_config_init(&cfg);
	nfd_dhcp6_config_set_duid_ll(&cfg, mac);
	source = nfd_dhcp6_duid_load(&cfg, dir, "/nonexistent", &saved);
	g_assert_cmpstr(source, ==, "[dhcp6] duid-mac");
	g_assert_false(saved);
	kept = duid_file(dir);
	g_assert_null(kept);
	g_rmdir(dir);
}

static void
test_config_load_defaults(void)
{
	NfdDhcp6Config cfg;
	NfdDhcp6Config uuid;

	g_assert_true(load_config("[dhcp6]\nqueue = 45\n", &cfg, NULL));
	nfd_dhcp6_config_init(&uuid);
	g_assert_true(
	    nfd_dhcp6_config_set_duid_uuid_from_machine_id(&uuid,
							   "0123456789abcdef0123456789abcdef",
							   NULL));
	/* duid-type=auto without duid-mac: the DUID-UUID of the machine id */
	g_assert_cmpmem(cfg.duid, cfg.duid_len, uuid.duid, uuid.duid_len);
	g_assert_cmpuint(cfg.preferred_lifetime, ==, 3600);
	g_assert_cmpuint(cfg.valid_lifetime, ==, 7200);
	g_assert_cmpuint(cfg.t1, ==, 1800);
	g_assert_cmpuint(cfg.t2, ==, 2880);
	g_assert_cmpuint(cfg.info_refresh_time, ==, 86400);
	/* RFC 8415 §18.3.9: the preference defaults to 0 */
	g_assert_cmpuint(cfg.preference, ==, 0);
	g_assert_true(cfg.rapid_commit);
	g_assert_cmpuint(cfg.captive_portal_len, ==, 0);
	g_assert_false(cfg.domains_set);
	g_assert_cmpuint(cfg.n_dns, ==, 0);
}

static void
test_config_load_keys(void)
{
	NfdDhcp6Config cfg;
	static const guint8 duid_ll[] = {0, 3, 0, 1, 0x02, 0, 0, 0, 0, 0x01};

	g_assert_true(load_config("[dhcp6]\nduid-mac = 02:00:00:00:00:01\n"
				  "nameservers = 2001:db8::53, 2001:db8::54\n"
				  "domains = example.org\npreferred-lifetime = 1000\n"
				  "valid-lifetime = 2000\nrapid-commit = false\npreference = 7\n",
				  &cfg,
				  NULL));
	g_assert_cmpmem(cfg.duid, cfg.duid_len, duid_ll, sizeof(duid_ll));
	g_assert_cmpuint(cfg.n_dns, ==, 2);
	g_assert_true(cfg.domains_set);
	g_assert_cmpuint(cfg.domains_wire_len, ==, 13);
	/* unset T1/T2 follow the preferred lifetime */
	g_assert_cmpuint(cfg.t1, ==, 500);
	g_assert_cmpuint(cfg.t2, ==, 800);
	g_assert_false(cfg.rapid_commit);
	g_assert_cmpuint(cfg.preference, ==, 7);
}

static void
test_config_load_ll_without_mac(void)
{
	NfdDhcp6Config cfg;
	g_autoptr(GError) error = NULL;

	g_assert_false(load_config("[dhcp6]\nduid-type = ll\n", &cfg, &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
}

static void
test_config_load_bad_duid_type(void)
{
	NfdDhcp6Config cfg;
	g_autoptr(GError) error = NULL;

	g_assert_false(load_config("[dhcp6]\nduid-type = en\n", &cfg, &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
}

static void
test_config_load_bad_domains_located(void)
{
	NfdDhcp6Config cfg;
	g_autoptr(GError) error = NULL;

	g_assert_false(load_config("[dhcp6]\ndomains = a..b\n", &cfg, &error));
	g_assert_nonnull(strstr(error->message, "test.conf:2: [dhcp6] domains: not valid"));
}

static void
test_config_load_bad_timers_located(void)
{
	NfdDhcp6Config cfg;
	g_autoptr(GError) error = NULL;

	g_assert_false(load_config("[dhcp6]\npreferred-lifetime = 3600\nvalid-lifetime = 1800\n",
				   &cfg,
				   &error));
	g_assert_nonnull(strstr(error->message, "test.conf:2: [dhcp6] preferred-lifetime: need"));
}

static void
test_config_load_short_refresh(void)
{
	NfdDhcp6Config cfg;
	g_autoptr(GError) error = NULL;

	/* RFC 8415 §21.23: at least IRT_MINIMUM (600) */
	g_assert_false(load_config("[dhcp6]\ninformation-refresh-time = 60\n", &cfg, &error));
	g_assert_nonnull(error);
}

static gboolean
portal_ok(const gchar *uri)
{
	return nfd_dhcp6_captive_portal_is_valid(uri, strlen(uri));
}

static void
test_captive_portal_https(void)
{
	g_assert_true(portal_ok("https://portal.example.org/capport"));
	g_assert_true(portal_ok("HTTPS://portal.example.org"));
}

static void
test_captive_portal_unrestricted(void)
{
	/* RFC 8910 §2: the IANA URN for "no captive portal here" */
	g_assert_true(portal_ok("urn:ietf:params:capport:unrestricted"));
}

static void
test_captive_portal_rejected(void)
{
	g_autofree gchar *too_long = NULL;
	g_autofree gchar *longest = NULL;

	/* RFC 8908 §2: the API URI is https */
	g_assert_false(portal_ok("http://portal.example.org/"));
	g_assert_false(portal_ok("https://"));
	g_assert_false(portal_ok("https:///path"));
	g_assert_false(portal_ok("https://portal.example.org/a b"));
	g_assert_false(portal_ok("https://portal.example.org/\x7f"));
	g_assert_false(portal_ok("urn:ietf:params:capport:unrestricted:x"));
	g_assert_false(nfd_dhcp6_captive_portal_is_valid("https://x", 0));
	/* 255 characters fit DHCPv4 option 114 too, 256 do not */
	longest = g_strdup_printf("https://%0247d", 0);
	g_assert_cmpuint(strlen(longest), ==, 255);
	g_assert_true(portal_ok(longest));
	too_long = g_strdup_printf("https://%0248d", 0);
	g_assert_false(portal_ok(too_long));
}

static void
test_config_load_captive_portal(void)
{
	NfdDhcp6Config cfg;

	g_assert_true(load_config("[dhcp6]\ncaptive-portal = https://portal.example.org/capport\n",
				  &cfg,
				  NULL));
	g_assert_cmpstr(cfg.captive_portal, ==, "https://portal.example.org/capport");
	g_assert_cmpuint(cfg.captive_portal_len, ==, strlen("https://portal.example.org/capport"));
}

static void
test_config_load_captive_portal_bad(void)
{
	NfdDhcp6Config cfg;
	g_autoptr(GError) error = NULL;

	g_assert_false(
	    load_config("[dhcp6]\ncaptive-portal = http://portal.example.org/\n", &cfg, &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
	/* the message names the key */
	g_assert_nonnull(strstr(error->message, "captive-portal"));
}

static void
test_config_load_preference(void)
{
	NfdDhcp6Config cfg;
	g_autoptr(GError) error = NULL;

	g_assert_true(load_config("[dhcp6]\npreference = 255\n", &cfg, NULL));
	g_assert_cmpuint(cfg.preference, ==, 255);
	g_assert_false(load_config("[dhcp6]\npreference = 256\n", &cfg, &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/dhcp6/config/duid-uuid-stable", test_config_duid_uuid_stable);
	g_test_add_func("/nfd/dhcp6/config/duid-uuid-not-machine-id",
			test_config_duid_uuid_not_machine_id);
	g_test_add_func("/nfd/dhcp6/config/duid-uuid-invalid", test_config_duid_uuid_invalid);
	g_test_add_func("/nfd/dhcp6/config/lifetimes-order", test_config_lifetimes_order);
	g_test_add_func("/nfd/dhcp6/config/domains-invalid", test_config_domains_invalid);
	g_test_add_func("/nfd/dhcp6/config/load-defaults", test_config_load_defaults);
	g_test_add_func("/nfd/dhcp6/duid/from-machine-id-kept", test_duid_from_machine_id_kept);
	g_test_add_func("/nfd/dhcp6/duid/no-machine-id-random-stable",
			test_duid_without_machine_id_random_and_stable);
	g_test_add_func("/nfd/dhcp6/duid/file-wins", test_duid_file_wins_over_machine_id);
	g_test_add_func("/nfd/dhcp6/duid/bad-file-replaced", test_duid_bad_file_replaced);
	g_test_add_func("/nfd/dhcp6/duid/mac-not-kept", test_duid_mac_not_kept);
	g_test_add_func("/nfd/dhcp6/config/load-keys", test_config_load_keys);
	g_test_add_func("/nfd/dhcp6/config/load-ll-without-mac", test_config_load_ll_without_mac);
	g_test_add_func("/nfd/dhcp6/config/load-bad-duid-type", test_config_load_bad_duid_type);
	g_test_add_func("/nfd/dhcp6/config/load-short-refresh", test_config_load_short_refresh);
	g_test_add_func("/nfd/dhcp6/config/bad-domains-located",
			test_config_load_bad_domains_located);
	g_test_add_func("/nfd/dhcp6/config/bad-timers-located",
			test_config_load_bad_timers_located);
	g_test_add_func("/nfd/dhcp6/config/load-captive-portal", test_config_load_captive_portal);
	g_test_add_func("/nfd/dhcp6/config/load-captive-portal-bad",
			test_config_load_captive_portal_bad);
	g_test_add_func("/nfd/dhcp6/config/load-preference", test_config_load_preference);
	g_test_add_func("/nfd/dhcp6/captive-portal/https", test_captive_portal_https);
	g_test_add_func("/nfd/dhcp6/captive-portal/unrestricted", test_captive_portal_unrestricted);
	g_test_add_func("/nfd/dhcp6/captive-portal/rejected", test_captive_portal_rejected);
	return g_test_run();
}
