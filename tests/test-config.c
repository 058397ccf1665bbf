/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of NfdConfig: the GRNET legacy file (the seed's sample, unchanged), its mapping and
 * deprecation warnings, IPv6 mode detection, drop-ins, new-style groups, and the file:line in
 * every error and warning.
 *
 * The GRNET keys are declared by the modules (their descriptors' legacy_keys); the table here
 * is what the in-tree dhcp4, ra, ndp, dhcp6 and directory modules declare, in the order the
 * daemon loads them, so these tests exercise the core's mapping alone.  check-config.sh runs
 * the real daemon with the real modules over the same seed file.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "nfd-config-legacy.h"

static const NfdConfigAlias dhcp4_keys[] = {
    {"dhcp", "dhcp_queue", "queue"},
    {"dhcp", "lease_lifetime", "lease-time"},
    {"dhcp", "lease_renewal", "renewal-time"},
    {"dhcp", "server_ip", "server-ip"},
    {"dhcp", "server_on_link", "server-on-link"},
    {"dhcp", "nameservers", "nameservers"},
    {"dhcp", "domain", "domain"},
    {NULL, NULL, NULL},
};
static const NfdConfigAlias ra_keys[] = {
    {"ipv6", "rs_queue", "queue"},
    {"ipv6", "ra_period", "max-interval"},
    {"ipv6", "nameservers", "rdnss"},
    {"ipv6", "domains", "dnssl"},
    {NULL, NULL, NULL},
};
static const NfdConfigAlias ndp_keys[] = {{"ipv6", "ns_queue", "queue"}, {NULL, NULL, NULL}};
static const NfdConfigAlias dhcp6_keys[] = {
    {"ipv6", "dhcpv6_queue", "queue"},
    {"ipv6", "dhcp_queue", "queue"},
    {"ipv6", "nameservers", "nameservers"},
    {"ipv6", "domains", "domains"},
    {NULL, NULL, NULL},
};
static const NfdConfigAlias directory_keys[] = {{"general", "datapath", "path"},
						{NULL, NULL, NULL}};

/* what the generation does once the modules are loaded */
static void
map_modules(NfdConfig *config)
{
	g_autoptr(GArray) keys = nfd_config_legacy_keys_new();

	nfd_config_legacy_keys_add(keys, "dhcp4", dhcp4_keys);
	nfd_config_legacy_keys_add(keys, "ra", ra_keys);
	nfd_config_legacy_keys_add(keys, "ndp", ndp_keys);
	nfd_config_legacy_keys_add(keys, "dhcp6", dhcp6_keys);
	nfd_config_legacy_keys_add(keys, "binding-backend:directory", directory_keys);
	nfd_config_legacy_map_keys(config, keys);
}

static NfdConfig *
load_str(const gchar *data, GError **error)
{
	g_autoptr(NfdConfig) config = nfd_config_new();

	if (!nfd_config_load_data(config, data, "test.conf", error))
		return NULL;
	if (!nfd_config_finish(config, error))
		return NULL;
	map_modules(config);
	return g_steal_pointer(&config);
}

static NfdConfig *
load_seed(void)
{
	g_autofree gchar *path =
	    g_test_build_filename(G_TEST_DIST, "data", "grnet-nfdhcpd.conf", NULL);
	g_autoptr(NfdConfig) config = nfd_config_new();
	g_autoptr(GError) error = NULL;

	g_assert_true(nfd_config_load(config, path, &error));
	g_assert_no_error(error);
	map_modules(config);
	return g_steal_pointer(&config);
}

static const gchar *
get(NfdConfig *config, const gchar *group, const gchar *key)
{
	return nfd_config_section_get_string(nfd_config_get_section(config, group), key, NULL);
}

static gboolean
has_warning(NfdConfig *config, const gchar *needle)
{
	GPtrArray *w = nfd_config_get_warnings(config);
	for (guint i = 0; i < w->len; i++) {
		if (strstr(g_ptr_array_index(w, i), needle) != NULL)
			return TRUE;
	}
	return FALSE;
}

static void
test_seed_is_legacy(void)
{
	g_autoptr(NfdConfig) config = load_seed();
	g_assert_true(nfd_config_is_legacy(config));
}

static void
test_seed_dhcp_queue(void)
{
	g_autoptr(NfdConfig) config = load_seed();
	g_assert_cmpstr(get(config, "dhcp4", "queue"), ==, "42");
}

static void
test_seed_inline_comment_stripped(void)
{
	g_autoptr(NfdConfig) config = load_seed();
	g_assert_cmpstr(get(config, "binding-backend:directory", "path"), ==, "/var/lib/nfdhcpd");
}

static void
test_seed_lease_keys(void)
{
	g_autoptr(NfdConfig) config = load_seed();
	g_assert_cmpstr(get(config, "dhcp4", "lease-time"), ==, "604800");
	g_assert_cmpstr(get(config, "dhcp4", "renewal-time"), ==, "3600");
	g_assert_cmpstr(get(config, "dhcp4", "server-ip"), ==, "192.0.2.1");
}

static void
test_seed_nameserver_list(void)
{
	g_autoptr(NfdConfig) config = load_seed();
	g_autoptr(GArray) list = NULL;
	g_autoptr(GError) error = NULL;

	g_assert_true(nfd_config_section_get_ip4_list(nfd_config_get_section(config, "dhcp4"),
						      "nameservers",
						      &list,
						      &error));
	g_assert_no_error(error);
	g_assert_cmpuint(list->len, ==, 2);
}

static void
test_seed_ipv6_queues(void)
{
	g_autoptr(NfdConfig) config = load_seed();
	g_assert_cmpstr(get(config, "ra", "queue"), ==, "43");
	g_assert_cmpstr(get(config, "ndp", "queue"), ==, "44");
	g_assert_cmpstr(get(config, "dhcp6", "queue"), ==, "45");
	g_assert_cmpstr(get(config, "ra", "max-interval"), ==, "300");
}

static void
test_seed_plugins_from_mode_auto(void)
{
	g_autoptr(NfdConfig) config = load_seed();
	g_assert_cmpstr(get(config, "general", "plugins"), ==, "dhcp4,ra,ndp,dhcp6");
	g_assert_cmpstr(get(config, "ra", "mode"), ==, "slaac+dhcpv6");
}

static void
test_seed_deprecation_warning_names_line(void)
{
	g_autoptr(NfdConfig) config = load_seed();
	g_assert_true(
	    has_warning(config, "grnet-nfdhcpd.conf:16: [dhcp] dhcp_queue is deprecated"));
}

static void
test_seed_one_warning_per_key(void)
{
	g_autoptr(NfdConfig) config = load_seed();
	GPtrArray *w = nfd_config_get_warnings(config);
	guint n = 0;
	for (guint i = 0; i < w->len; i++) {
		if (strstr(g_ptr_array_index(w, i), "[ipv6] nameservers") != NULL)
			n++;
	}
	/* mapped onto [ra] rdnss and [dhcp6] nameservers, warned once */
	g_assert_cmpuint(n, ==, 1);
}

static void
test_legacy_enable_dhcp_no(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config = load_str("[dhcp]\nenable_dhcp = no\ndhcp_queue = 42\n"
					       "[ipv6]\nenable_ipv6 = no\n",
					       &error);
	g_assert_no_error(error);
	g_assert_cmpstr(get(config, "general", "plugins"), ==, "");
}

static void
test_legacy_mode_slaac(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config =
	    load_str("[ipv6]\nmode = slaac\nrs_queue = 43\nns_queue = 44\n", &error);
	g_assert_no_error(error);
	g_assert_cmpstr(get(config, "general", "plugins"), ==, "ra,ndp");
}

static void
test_legacy_mode_missing_queue(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config =
	    load_str("[ipv6]\nmode = slaac+dhcpv6\nrs_queue = 43\n", &error);
	g_assert_null(config);
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
	g_assert_nonnull(strstr(error->message, "test.conf:2: [ipv6] mode = slaac+dhcpv6 needs"));
}

static void
test_legacy_auto_without_queues(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config = load_str("[ipv6]\nmode = auto\n", &error);
	g_assert_null(config);
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
}

static void
test_legacy_queue_zero_counts(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config = load_str("[ipv6]\nrs_queue = 0\nns_queue = 1\n", &error);
	g_assert_no_error(error);
	/* GRNET bug 12: queue 0 was "not configured" */
	g_assert_cmpstr(get(config, "ra", "queue"), ==, "0");
	g_assert_cmpstr(get(config, "general", "plugins"), ==, "ra,ndp");
}

static void
test_legacy_dhcp_queue_alias(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config = load_str("[ipv6]\nmode = dhcpv6\ndhcp_queue = 46\n", &error);
	g_assert_no_error(error);
	g_assert_cmpstr(get(config, "dhcp6", "queue"), ==, "46");
	g_assert_true(has_warning(config, "[ipv6] dhcp_queue is deprecated"));
}

static void
test_new_style_wins_over_legacy(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config =
	    load_str("[dhcp]\ndhcp_queue = 42\n[dhcp4]\nqueue = 60\n", &error);
	g_assert_no_error(error);
	g_assert_cmpstr(get(config, "dhcp4", "queue"), ==, "60");
}

static void
test_unknown_key_warns_with_line(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config =
	    load_str("[general]\nuser = nobody\nfrobnicate = 1\n", &error);
	const gchar *const known[] = {"user", NULL};
	g_assert_no_error(error);
	nfd_config_check_keys(config, "general", known);
	g_assert_true(has_warning(config, "test.conf:3: [general] unknown key 'frobnicate'"));
}

static void
test_unknown_group_warns(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config = load_str("[general]\nuser = x\n[frob]\na = 1\n", &error);
	const gchar *const known[] = {"general", NULL};
	g_assert_no_error(error);
	nfd_config_check_groups(config, known);
	g_assert_true(has_warning(config, "test.conf:4: unknown group [frob]"));
}

static void
test_bad_uint_names_file_line(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config = load_str("[dhcp4]\n\nqueue = 70000\n", &error);
	guint64 v = 0;
	g_assert_no_error(error);
	g_assert_false(nfd_config_section_get_uint(nfd_config_get_section(config, "dhcp4"),
						   "queue",
						   0,
						   65535,
						   42,
						   &v,
						   &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
	g_assert_nonnull(strstr(error->message, "test.conf:3: [dhcp4] queue: '70000'"));
}

static void
test_bad_ip_in_list(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config = load_str("[dhcp4]\nnameservers = 192.0.2.1, nope\n", &error);
	g_autoptr(GArray) list = NULL;
	g_assert_false(nfd_config_section_get_ip4_list(nfd_config_get_section(config, "dhcp4"),
						       "nameservers",
						       &list,
						       &error));
	g_assert_nonnull(strstr(error->message, "'nope'"));
}

static void
test_lone_comma_is_empty_list(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config = load_str("[dhcp4]\nnameservers = ,\n", &error);
	g_autoptr(GArray) list = NULL;
	g_assert_true(nfd_config_section_get_ip4_list(nfd_config_get_section(config, "dhcp4"),
						      "nameservers",
						      &list,
						      &error));
	g_assert_cmpuint(list->len, ==, 0);
}

static void
test_quoted_hash_kept(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config = load_str("[x]\na = \"b # c\" # comment\n", &error);
	g_assert_cmpstr(get(config, "x", "a"), ==, "b # c");
}

static void
test_bool_spellings(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config = load_str("[x]\na = On\nb = no\nc = maybe\n", &error);
	const NfdConfigSection *s = nfd_config_get_section(config, "x");
	gboolean v = FALSE;
	g_assert_true(nfd_config_section_get_bool(s, "a", FALSE, &v, NULL) && v);
	g_assert_true(nfd_config_section_get_bool(s, "b", TRUE, &v, NULL) && !v);
	g_assert_false(nfd_config_section_get_bool(s, "c", TRUE, &v, &error));
}

static void
test_key_outside_group(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config = load_str("a = 1\n", &error);
	g_assert_null(config);
	g_assert_nonnull(strstr(error->message, "test.conf:1: key outside"));
}

static void
test_mapped_error_names_written_key(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config = load_str("[dhcp]\n\ndhcp_queue = banana\n", &error);
	guint64 v = 0;

	g_assert_no_error(error);
	g_assert_false(nfd_config_section_get_uint(nfd_config_get_section(config, "dhcp4"),
						   "queue",
						   0,
						   65535,
						   42,
						   &v,
						   &error));
	g_assert_nonnull(
	    strstr(error->message,
		   "test.conf:3: [dhcp] dhcp_queue (mapped to [dhcp4] queue): 'banana'"));
}

static void
test_mapped_describe_names_written_key(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config =
	    load_str("[ipv6]\ndhcpv6_queue = 45\nnameservers = x\n", &error);
	g_autofree gchar *where = NULL;

	g_assert_no_error(error);
	/* one legacy key mapped onto two: each names it */
	where =
	    nfd_config_section_describe_key(nfd_config_get_section(config, "dhcp6"), "nameservers");
	g_assert_cmpstr(where,
			==,
			"test.conf:3: [ipv6] nameservers (mapped to [dhcp6] nameservers)");
}

static void
test_mapped_alias_names_written_key(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config = load_str("[ipv6]\ndhcp_queue = 45\n", &error);
	g_autofree gchar *where = NULL;

	g_assert_no_error(error);
	where = nfd_config_section_describe_key(nfd_config_get_section(config, "dhcp6"), "queue");
	g_assert_cmpstr(where, ==, "test.conf:2: [ipv6] dhcp_queue (mapped to [dhcp6] queue)");
}

static void
test_new_style_key_described_plainly(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config = load_str("[dhcp4]\nqueue = 42\n", &error);
	g_autofree gchar *where = NULL;

	g_assert_no_error(error);
	where = nfd_config_section_describe_key(nfd_config_get_section(config, "dhcp4"), "queue");
	g_assert_cmpstr(where, ==, "test.conf:2: [dhcp4] queue");
}

static void
test_every_syntax_error_reported(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config =
	    load_str("[general]\nno equals sign\nuser = nobody\n = 3\n", &error);

	g_assert_null(config);
	g_assert_nonnull(strstr(error->message, "test.conf:2: expected 'key = value'"));
	g_assert_nonnull(strstr(error->message, "test.conf:4: empty key"));
}

static void
test_bad_group_keys_not_reported(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdConfig) config = load_str("[general\nuser = nobody\n", &error);

	/* the keys of a group with a bad header are not "outside of any group" too */
	g_assert_null(config);
	g_assert_cmpstr(error->message, ==, "test.conf:1: group header without ']'");
}

static void
test_dropins_override_in_order(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("nfd-config-XXXXXX", NULL);
	g_autofree gchar *main_conf = g_build_filename(dir, "nfdhcpd.conf", NULL);
	g_autofree gchar *dropdir = g_build_filename(dir, "nfdhcpd.conf.d", NULL);
	g_autofree gchar *d1 = g_build_filename(dropdir, "10-a.conf", NULL);
	g_autofree gchar *d2 = g_build_filename(dropdir, "20-b.conf", NULL);
	g_autofree gchar *ignored = g_build_filename(dropdir, "30-c.conf.dpkg-old", NULL);
	g_autoptr(NfdConfig) config = nfd_config_new();
	g_autoptr(GError) error = NULL;

	g_mkdir(dropdir, 0755);
	g_file_set_contents(main_conf, "[dhcp4]\nqueue = 42\nlease-time = 10\n", -1, NULL);
	g_file_set_contents(d2, "[dhcp4]\nqueue = 62\n", -1, NULL);
	g_file_set_contents(d1, "[dhcp4]\nqueue = 52\n", -1, NULL);
	g_file_set_contents(ignored, "[dhcp4]\nqueue = 72\n", -1, NULL);
	g_assert_true(nfd_config_load(config, main_conf, &error));
	g_assert_cmpstr(get(config, "dhcp4", "queue"), ==, "62");
	g_assert_cmpstr(get(config, "dhcp4", "lease-time"), ==, "10");
	g_unlink(d1);
	g_unlink(d2);
	g_unlink(ignored);
	g_rmdir(dropdir);
	g_unlink(main_conf);
	g_rmdir(dir);
}

/* a NUL byte used to end the file silently: the keys after it were not read */
static void
test_nul_byte_in_file_refused(void)
{
	static const gchar text[] = "[general]\nuser = nobody\n\0[dhcp4]\nqueue = 42\n";
	g_autofree gchar *dir = g_dir_make_tmp("nfd-config-XXXXXX", NULL);
	g_autofree gchar *path = g_build_filename(dir, "nul.conf", NULL);
	g_autoptr(NfdConfig) config = nfd_config_new();
	g_autoptr(GError) error = NULL;

	g_assert_true(g_file_set_contents(path, text, sizeof(text) - 1, NULL));
	g_assert_false(nfd_config_load(config, path, &error));
	g_assert_error(error, NFD_ERROR, NFD_ERROR_CONFIG);
	g_assert_nonnull(strstr(error->message, "nul.conf:3: NUL byte"));
	g_unlink(path);
	g_rmdir(dir);
}

/* nfd_config_load_bytes() reads @len bytes, not up to a NUL that is not there */
static void
test_load_bytes_reads_len(void)
{
	static const gchar text[] = "[dhcp4]\nqueue = 42\nnot a key value line";
	g_autoptr(NfdConfig) config = nfd_config_new();
	g_autoptr(GError) error = NULL;
	gsize len = strlen("[dhcp4]\nqueue = 42\n");

	g_assert_true(nfd_config_load_bytes(config, (const guint8 *)text, len, "b.conf", &error));
	g_assert_no_error(error);
	g_assert_true(nfd_config_finish(config, &error));
	g_assert_cmpstr(get(config, "dhcp4", "queue"), ==, "42");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/config/legacy/seed-is-legacy", test_seed_is_legacy);
	g_test_add_func("/nfd/config/legacy/seed-dhcp-queue", test_seed_dhcp_queue);
	g_test_add_func("/nfd/config/legacy/seed-inline-comment",
			test_seed_inline_comment_stripped);
	g_test_add_func("/nfd/config/legacy/seed-lease-keys", test_seed_lease_keys);
	g_test_add_func("/nfd/config/legacy/seed-nameserver-list", test_seed_nameserver_list);
	g_test_add_func("/nfd/config/legacy/seed-ipv6-queues", test_seed_ipv6_queues);
	g_test_add_func("/nfd/config/legacy/seed-mode-auto", test_seed_plugins_from_mode_auto);
	g_test_add_func("/nfd/config/legacy/deprecation-line",
			test_seed_deprecation_warning_names_line);
	g_test_add_func("/nfd/config/legacy/one-warning-per-key", test_seed_one_warning_per_key);
	g_test_add_func("/nfd/config/legacy/enable-no", test_legacy_enable_dhcp_no);
	g_test_add_func("/nfd/config/legacy/mode-slaac", test_legacy_mode_slaac);
	g_test_add_func("/nfd/config/legacy/mode-missing-queue", test_legacy_mode_missing_queue);
	g_test_add_func("/nfd/config/legacy/auto-without-queues", test_legacy_auto_without_queues);
	g_test_add_func("/nfd/config/legacy/queue-zero", test_legacy_queue_zero_counts);
	g_test_add_func("/nfd/config/legacy/dhcp-queue-alias", test_legacy_dhcp_queue_alias);
	g_test_add_func("/nfd/config/new-style-wins", test_new_style_wins_over_legacy);
	g_test_add_func("/nfd/config/unknown-key-warns", test_unknown_key_warns_with_line);
	g_test_add_func("/nfd/config/unknown-group-warns", test_unknown_group_warns);
	g_test_add_func("/nfd/config/bad-uint-location", test_bad_uint_names_file_line);
	g_test_add_func("/nfd/config/bad-ip-in-list", test_bad_ip_in_list);
	g_test_add_func("/nfd/config/lone-comma", test_lone_comma_is_empty_list);
	g_test_add_func("/nfd/config/quoted-hash", test_quoted_hash_kept);
	g_test_add_func("/nfd/config/bool-spellings", test_bool_spellings);
	g_test_add_func("/nfd/config/key-outside-group", test_key_outside_group);
	g_test_add_func("/nfd/config/dropins", test_dropins_override_in_order);
	g_test_add_func("/nfd/config/legacy/mapped-error-names-written-key",
			test_mapped_error_names_written_key);
	g_test_add_func("/nfd/config/legacy/mapped-describe-names-written-key",
			test_mapped_describe_names_written_key);
	g_test_add_func("/nfd/config/legacy/alias-names-written-key",
			test_mapped_alias_names_written_key);
	g_test_add_func("/nfd/config/new-style-key-described-plainly",
			test_new_style_key_described_plainly);
	g_test_add_func("/nfd/config/syntax/every-error", test_every_syntax_error_reported);
	g_test_add_func("/nfd/config/syntax/bad-group-keys", test_bad_group_keys_not_reported);
	g_test_add_func("/nfd/config/syntax/nul-byte-refused", test_nul_byte_in_file_refused);
	g_test_add_func("/nfd/config/load-bytes-reads-len", test_load_bytes_reads_len);
	return g_test_run();
}
