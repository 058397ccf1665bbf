/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the GRNET binding file parser (core/nfd-binding-file.c): the exact outputs of
 * gnt-networking's writer (tests/data/gnt-networking-*, made by tests/data/make-fixtures.sh),
 * the shell-style shapes we accept, every malformed shape with its error message, and the
 * file names the directory backend ignores.
 */
#include <arpa/inet.h>

#include "nfd-binding-backend.h"
#include "nfd-binding-private.h"

static NfdBinding *
load_fixture(const gchar *name, const gchar *tap)
{
	g_autofree gchar *fn = g_test_build_filename(G_TEST_DIST, "data", name, NULL);
	g_autofree gchar *data = NULL;
	gsize len = 0;
	g_autoptr(GError) error = NULL;
	NfdBinding *binding;

	g_assert_true(g_file_get_contents(fn, &data, &len, &error));
	g_assert_no_error(error);
	binding = nfd_binding_new_from_data(tap, data, len, &error);
	g_assert_no_error(error);
	g_assert_nonnull(binding);
	return binding;
}

static NfdBinding *
parse_ok(const gchar *text)
{
	g_autoptr(GError) error = NULL;
	NfdBinding *binding = nfd_binding_new_from_data("tap7", text, strlen(text), &error);
	g_assert_no_error(error);
	g_assert_nonnull(binding);
	return binding;
}

static void
assert_parse_error(const gchar *text, gsize len, const gchar *message)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdBinding) binding = nfd_binding_new_from_data("tap7", text, len, &error);
	g_assert_null(binding);
	g_assert_error(error, NFD_ERROR, NFD_ERROR_BINDING);
	g_assert_cmpstr(error->message, ==, message);
}

static gchar *
ip4_str(const struct in_addr *a)
{
	gchar buf[INET_ADDRSTRLEN];
	return g_strdup(inet_ntop(AF_INET, a, buf, sizeof(buf)));
}

static gchar *
ip6_str(const struct in6_addr *a)
{
	gchar buf[INET6_ADDRSTRLEN];
	return g_strdup(inet_ntop(AF_INET6, a, buf, sizeof(buf)));
}

#define MAC_LINE "MAC=aa:00:00:5e:00:07\n"

static void
test_gnt_routed(void)
{
	g_autoptr(NfdBinding) b = load_fixture("gnt-networking-routed", "tap7");
	static const guint8 mac[6] = {0xaa, 0x00, 0x00, 0x5e, 0x00, 0x07};
	struct in_addr a4;
	struct in6_addr a6;
	guint plen = 0;
	g_autofree gchar *ip = NULL;
	g_autofree gchar *gw = NULL;
	g_autofree gchar *net = NULL;
	g_autofree gchar *net6 = NULL;
	g_autofree gchar *gw6 = NULL;
	g_autofree gchar *eui = NULL;

	g_assert_cmpstr(nfd_binding_get_tap(b), ==, "tap7");
	g_assert_cmpstr(nfd_binding_get_indev(b), ==, "tap7");
	g_assert_cmpmem(nfd_binding_get_mac(b), 6, mac, 6);
	g_assert_cmpstr(nfd_binding_get_hostname(b), ==, "snf-7.vm.example.org");
	g_assert_cmpstr(nfd_binding_get_tags(b), ==, "nfdhcpd ip-less-routed");
	g_assert_true(nfd_binding_get_ip4(b, &a4));
	ip = ip4_str(&a4);
	g_assert_cmpstr(ip, ==, "203.0.113.7");
	g_assert_true(nfd_binding_get_gateway4(b, &a4));
	gw = ip4_str(&a4);
	g_assert_cmpstr(gw, ==, "203.0.113.1");
	g_assert_true(nfd_binding_get_subnet4(b, &a4, &plen));
	net = ip4_str(&a4);
	g_assert_cmpstr(net, ==, "203.0.113.0");
	g_assert_cmpuint(plen, ==, 24);
	g_assert_true(nfd_binding_get_subnet6(b, &a6, &plen));
	net6 = ip6_str(&a6);
	g_assert_cmpstr(net6, ==, "2001:db8:7::");
	g_assert_cmpuint(plen, ==, 64);
	g_assert_true(nfd_binding_get_gateway6(b, &a6));
	gw6 = ip6_str(&a6);
	g_assert_cmpstr(gw6, ==, "2001:db8:7::1");
	g_assert_true(nfd_binding_get_eui64(b, &a6));
	eui = ip6_str(&a6);
	g_assert_cmpstr(eui, ==, "2001:db8:7:0:a800:ff:fe5e:7");
	g_assert_cmpuint(nfd_binding_get_mtu(b), ==, 0);
	g_assert_false(nfd_binding_get_private(b));
	g_assert_false(nfd_binding_get_macspoof(b));
}

static void
test_gnt_bridged_private(void)
{
	g_autoptr(NfdBinding) b = load_fixture("gnt-networking-bridged-private", "tap20");

	g_assert_cmpstr(nfd_binding_get_indev(b), ==, "prv0");
	/* TAGS="" and the empty GATEWAY=, GATEWAY6=, SUBNET6=, EUI64= mean "unset" */
	g_assert_null(nfd_binding_get_tags(b));
	g_assert_false(nfd_binding_get_gateway4(b, NULL));
	g_assert_false(nfd_binding_get_gateway6(b, NULL));
	g_assert_false(nfd_binding_get_subnet6(b, NULL, NULL));
	g_assert_false(nfd_binding_get_eui64(b, NULL));
	g_assert_true(nfd_binding_get_ip4(b, NULL));
}

static void
test_gnt_ipv6_only(void)
{
	g_autoptr(NfdBinding) b = load_fixture("gnt-networking-ipv6-only", "tap9");

	g_assert_false(nfd_binding_get_ip4(b, NULL));
	g_assert_false(nfd_binding_get_subnet4(b, NULL, NULL));
	g_assert_true(nfd_binding_get_subnet6(b, NULL, NULL));
	g_assert_cmpstr(nfd_binding_get_tags(b), ==, "nfdhcpd");
}

static void
test_gnt_extra(void)
{
	g_autoptr(NfdBinding) b = load_fixture("gnt-networking-extra", "vif3.0");

	g_assert_cmpuint(nfd_binding_get_mtu(b), ==, 1450);
	g_assert_true(nfd_binding_get_private(b));
	g_assert_true(nfd_binding_get_macspoof(b));
	g_assert_cmpstr(nfd_binding_get_tags(b), ==, "nfdhcpd vima:nfdhcpd_mac_spoof_ifce:0");
}

static void
test_later_key_wins(void)
{
	/* NFDHCPD_STATE_EXTRA said INDEV=eth9 first; the standard line below it wins */
	g_autoptr(NfdBinding) b = load_fixture("gnt-networking-extra", "vif3.0");
	g_assert_cmpstr(nfd_binding_get_indev(b), ==, "vif3.0");
}

static void
test_later_key_wins_over_invalid(void)
{
	/* only the winning occurrence is validated */
	g_autoptr(NfdBinding) b = parse_ok("MTU=abc\n" MAC_LINE "MTU=1400\n");
	g_assert_cmpuint(nfd_binding_get_mtu(b), ==, 1400);
}

static void
test_empty_mtu(void)
{
	/* the README sample's "MTU=" made the Python original drop the file (bug 3) */
	g_autoptr(NfdBinding) b = load_fixture("gnt-networking-empty-mtu", "tap11");
	g_assert_cmpuint(nfd_binding_get_mtu(b), ==, 0);
}

static void
test_double_quotes(void)
{
	g_autoptr(NfdBinding) b = parse_ok(MAC_LINE "HOSTNAME=\"vm 1\"\n");
	g_assert_cmpstr(nfd_binding_get_hostname(b), ==, "vm 1");
}

static void
test_double_quote_escapes(void)
{
	g_autoptr(NfdBinding) b = parse_ok(MAC_LINE "NOTE=\"a\\\"b\\\\c\\$d\\`e\\nf\"\n");
	/* \" \\ \$ \` are escapes; \n is a literal backslash and n, as in the shell */
	g_assert_cmpstr(nfd_binding_get_value(b, "NOTE"), ==, "a\"b\\c$d`e\\nf");
}

static void
test_single_quotes(void)
{
	g_autoptr(NfdBinding) b = parse_ok(MAC_LINE "HOSTNAME='vm \"2\" \\x'\n");
	g_assert_cmpstr(nfd_binding_get_hostname(b), ==, "vm \"2\" \\x");
}

static void
test_quoted_mac(void)
{
	g_autoptr(NfdBinding) b = parse_ok("MAC=\"AA:00:00:5E:00:07\"\n");
	static const guint8 mac[6] = {0xaa, 0x00, 0x00, 0x5e, 0x00, 0x07};
	g_assert_cmpmem(nfd_binding_get_mac(b), 6, mac, 6);
}

static void
test_comments_and_blanks(void)
{
	g_autoptr(NfdBinding) b =
	    parse_ok("# written by hand\n\n   \n\t# indented comment\n" MAC_LINE
		     "MTU=1500 # jumbo later\nHOSTNAME=\"vm#1\" # trailing\nTAGS=a#b\n");
	g_assert_cmpuint(nfd_binding_get_mtu(b), ==, 1500);
	/* '#' starts a comment only after a blank, as in the shell */
	g_assert_cmpstr(nfd_binding_get_hostname(b), ==, "vm#1");
	g_assert_cmpstr(nfd_binding_get_tags(b), ==, "a#b");
}

static void
test_crlf(void)
{
	g_autoptr(NfdBinding) b =
	    parse_ok("MAC=aa:00:00:5e:00:07\r\nHOSTNAME=\"vm7\"\r\nMTU=1400\r\n");
	g_assert_cmpstr(nfd_binding_get_hostname(b), ==, "vm7");
	g_assert_cmpuint(nfd_binding_get_mtu(b), ==, 1400);
}

static void
test_export(void)
{
	g_autoptr(NfdBinding) b = parse_ok("export MAC=aa:00:00:5e:00:07\nexport\tMTU=1400\n");
	g_assert_cmpuint(nfd_binding_get_mtu(b), ==, 1400);
}

static void
test_bom(void)
{
	g_autoptr(NfdBinding) b = parse_ok("\xef\xbb\xbf" MAC_LINE);
	g_assert_nonnull(nfd_binding_get_mac(b));
}

static void
test_no_final_newline(void)
{
	g_autoptr(NfdBinding) b = parse_ok("MTU=1400\nMAC=aa:00:00:5e:00:07");
	g_assert_nonnull(nfd_binding_get_mac(b));
}

static void
test_unknown_keys_kept(void)
{
	g_autoptr(NfdBinding) b =
	    parse_ok(MAC_LINE "ROUTES=\"0.0.0.0/0 203.0.113.1\"\nINSTANCE=x\n");
	g_assert_cmpstr(nfd_binding_get_value(b, "ROUTES"), ==, "0.0.0.0/0 203.0.113.1");
	g_assert_cmpstr(nfd_binding_get_value(b, "INSTANCE"), ==, "x");
}

static void
test_value_with_equals(void)
{
	/* the Python original cut the value at the second '=' */
	g_autoptr(NfdBinding) b = parse_ok(MAC_LINE "ROUTES=a=b=c\n");
	g_assert_cmpstr(nfd_binding_get_value(b, "ROUTES"), ==, "a=b=c");
}

static void
test_not_nul_terminated(void)
{
	const gchar text[] = MAC_LINE "MTU=1400XXXX";
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdBinding) b =
	    nfd_binding_new_from_data("tap7", text, strlen(MAC_LINE) + 8, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(nfd_binding_get_mtu(b), ==, 1400);
}

static void
test_equal_to_reparse(void)
{
	g_autoptr(NfdBinding) a = load_fixture("gnt-networking-routed", "tap7");
	g_autoptr(NfdBinding) b = load_fixture("gnt-networking-routed", "tap7");
	g_assert_true(nfd_binding_equal(a, b));
}

static void
test_error_mtu(void)
{
	const gchar *text = "\nINDEV=tap7\n" MAC_LINE "MTU=abc\n";
	assert_parse_error(text, strlen(text), "line 4: MTU: not a number from 68 to 65535");
}

static void
test_error_hostname_too_long(void)
{
	g_autofree gchar *name = g_strnfill(256, 'h');
	g_autofree gchar *text = g_strdup_printf(MAC_LINE "HOSTNAME=%s\n", name);

	/* option 12 would cut it short */
	assert_parse_error(text, strlen(text), "line 2: HOSTNAME: longer than 255 octets");
}

static void
test_error_mac(void)
{
	const gchar *text = "MAC=aa:00:00:5e:00\n";
	assert_parse_error(text,
			   strlen(text),
			   "line 1: MAC: not a MAC address (xx:xx:xx:xx:xx:xx)");
}

static void
test_error_subnet_host_bits(void)
{
	const gchar *text = MAC_LINE "SUBNET=203.0.113.5/24\n";
	assert_parse_error(text,
			   strlen(text),
			   "line 2: SUBNET: has host bits set (did you mean the network address?)");
}

static void
test_error_missing_mac(void)
{
	const gchar *text = "HOSTNAME=vm7\nMAC=\n";
	assert_parse_error(text, strlen(text), "MAC: missing (required)");
}

static void
test_error_empty(void)
{
	assert_parse_error("", 0, "MAC: missing (required)");
}

static void
test_error_ip_outside_subnet(void)
{
	const gchar *text = MAC_LINE "SUBNET=198.51.100.0/24\nIP=203.0.113.7\n";
	assert_parse_error(text, strlen(text), "line 3: IP: not inside SUBNET");
}

static void
test_error_ip_without_subnet(void)
{
	const gchar *text = MAC_LINE "IP=203.0.113.7\n";
	assert_parse_error(text,
			   strlen(text),
			   "SUBNET: missing, but IP is set (the netmask comes from SUBNET)");
}

static void
test_error_nul(void)
{
	const gchar text[] = MAC_LINE "HOSTNAME=vm\0x\n";
	assert_parse_error(text, sizeof(text) - 1, "line 2: NUL byte");
}

static void
test_error_utf8(void)
{
	const gchar *text = MAC_LINE "\nHOSTNAME=vm\xff\n";
	assert_parse_error(text, strlen(text), "line 3: not UTF-8");
}

static void
test_error_no_equals(void)
{
	const gchar *text = MAC_LINE "MTU 1500\n";
	assert_parse_error(text, strlen(text), "line 2: not KEY=VALUE");
}

static void
test_error_lowercase_key(void)
{
	const gchar *text = "mac=aa:00:00:5e:00:07\n";
	assert_parse_error(text,
			   strlen(text),
			   "line 1: not a key before '=' (upper-case letters, digits, '_', and "
			   "no blanks before '=')");
}

static void
test_error_blank_before_equals(void)
{
	const gchar *text = "MAC =aa:00:00:5e:00:07\n";
	assert_parse_error(text,
			   strlen(text),
			   "line 1: not a key before '=' (upper-case letters, digits, '_', and "
			   "no blanks before '=')");
}

static void
test_error_empty_key(void)
{
	const gchar *text = "=x\n";
	assert_parse_error(text,
			   strlen(text),
			   "line 1: not a key before '=' (upper-case letters, digits, '_', and "
			   "no blanks before '=')");
}

static void
test_error_digit_key(void)
{
	const gchar *text = "1MAC=x\n";
	assert_parse_error(text,
			   strlen(text),
			   "line 1: not a key before '=' (upper-case letters, digits, '_', and "
			   "no blanks before '=')");
}

static void
test_error_unterminated_quote(void)
{
	const gchar *text = MAC_LINE "HOSTNAME=\"vm 7\nTAGS=\"\"\n";
	assert_parse_error(text, strlen(text), "line 2: HOSTNAME: unterminated quote");
}

static void
test_error_unterminated_single_quote(void)
{
	const gchar *text = MAC_LINE "HOSTNAME='vm 7\n";
	assert_parse_error(text, strlen(text), "line 2: HOSTNAME: unterminated quote");
}

static void
test_error_text_after_quote(void)
{
	const gchar *text = MAC_LINE "HOSTNAME=\"vm\"7\n";
	assert_parse_error(text, strlen(text), "line 2: HOSTNAME: text after the closing quote");
}

static void
test_error_control_char(void)
{
	const gchar *text = MAC_LINE "HOSTNAME=vm\x1b[1m\n";
	assert_parse_error(text, strlen(text), "line 2: HOSTNAME: control character 0x1b in value");
}

static void
test_error_bad_tap(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdBinding) b =
	    nfd_binding_new_from_data("a-very-long-tap-name", MAC_LINE, strlen(MAC_LINE), &error);
	g_assert_null(b);
	g_assert_error(error, NFD_ERROR, NFD_ERROR_BINDING);
	g_assert_cmpstr(error->message, ==, "'a-very-long-tap-name' is not an interface name");
}

/* a file that is not a binding, as a symlink to a root-only file would give (/etc/shadow's
 * first line), and bad values of every typed key: the error names the line and the key, and
 * quotes nothing of the file (issue 13: errors went to the log with the line's first bytes) */
static void
test_error_quotes_no_content(void)
{
	static const gchar *const texts[] = {
	    "root:$6$s3cr3tHash$Zq:19700:0:99999:7:::\n",
	    "s3cr3tHash\n",
	    "s3cr3tHash=1\n",
	    "S3CR3TKEY X=1\n",
	    MAC_LINE "MTU=s3cr3tHash\n",
	    "MAC=s3cr3tHash\n",
	    MAC_LINE "IP=s3cr3tHash\n",
	    MAC_LINE "GATEWAY=s3cr3tHash\n",
	    MAC_LINE "SUBNET=s3cr3tHash\n",
	    MAC_LINE "SUBNET=s3cr3tHash/24\n",
	    MAC_LINE "SUBNET=203.0.113.5/24 # s3cr3tHash\n",
	    MAC_LINE "SUBNET6=s3cr3tHash/64\n",
	    MAC_LINE "GATEWAY6=s3cr3tHash\n",
	    MAC_LINE "EUI64=s3cr3tHash\n",
	    MAC_LINE "INDEV=s3cr3tHash/x\n",
	    NULL,
	};

	for (guint i = 0; texts[i] != NULL; i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(NfdBinding) b =
		    nfd_binding_new_from_data("tap7", texts[i], strlen(texts[i]), &error);
		g_assert_null(b);
		g_assert_error(error, NFD_ERROR, NFD_ERROR_BINDING);
		g_test_message("%s -> %s", texts[i], error->message);
		g_assert_null(strstr(error->message, "3cr3"));
		g_assert_null(strstr(error->message, "root:"));
		g_assert_null(strstr(error->message, "S3CR"));
		g_assert_true(g_str_has_prefix(error->message, "line "));
	}
}

/* @keys KEY=VALUE lines (MAC first, then KAAA=, KAAB=, ...) in exactly @size bytes */
static gchar *
make_keys_text(gsize size, guint keys)
{
	GString *str = g_string_new(MAC_LINE);
	gsize fixed = strlen(MAC_LINE) + (gsize)(keys - 1) * strlen("KAAA=\n");
	gsize spread = size - fixed;

	g_assert_cmpuint(size, >=, fixed);
	g_assert_cmpuint(keys - 1, <=, 26 * 26 * 26);
	for (guint i = 0; i < keys - 1; i++) {
		gsize vlen = spread / (keys - 1) + (i < spread % (keys - 1) ? 1 : 0);
		g_string_append_printf(str,
				       "K%c%c%c=",
				       'A' + i / 676,
				       'A' + i / 26 % 26,
				       'A' + i % 26);
		for (gsize j = 0; j < vlen; j++)
			g_string_append_c(str, 'v');
		g_string_append_c(str, '\n');
	}
	g_assert_cmpuint(str->len, ==, size);
	return g_string_free(str, FALSE);
}

/* @size bytes: a valid binding padded with a comment line */
static gchar *
make_sized_text(gsize size)
{
	GString *str = g_string_new(MAC_LINE "#");

	while (str->len < size - 1)
		g_string_append_c(str, 'x');
	g_string_append_c(str, '\n');
	return g_string_free(str, FALSE);
}

static void
test_cap_size(void)
{
	g_autofree gchar *text = make_sized_text(NFD_BINDING_TEXT_MAX + 1);
	assert_parse_error(text,
			   strlen(text),
			   "16385 bytes, more than the 16384 a binding file may have");
}

static void
test_cap_size_at_limit(void)
{
	g_autofree gchar *text = make_sized_text(NFD_BINDING_TEXT_MAX);
	g_autoptr(NfdBinding) b = parse_ok(text);
	g_assert_nonnull(nfd_binding_get_mac(b));
}

static void
test_cap_keys(void)
{
	g_autofree gchar *text = make_keys_text(2048, NFD_BINDING_KEYS_MAX + 1);
	assert_parse_error(text, strlen(text), "line 65: more than 64 keys");
}

static void
test_cap_keys_at_limit(void)
{
	g_autofree gchar *text = make_keys_text(2048, NFD_BINDING_KEYS_MAX);
	g_autoptr(NfdBinding) b = parse_ok(text);
	/* MAC, then KAAA= to KACK= */
	g_assert_nonnull(nfd_binding_get_value(b, "KACK"));
	g_assert_null(nfd_binding_get_value(b, "KACL"));
}

/* the external review's file: 64 KiB with 9,283 keys took 1.3 s to parse and was accepted */
static void
test_cap_review_file(void)
{
	g_autofree gchar *text = make_keys_text(65536, 9283);
	g_autoptr(GError) error = NULL;
	g_autoptr(NfdBinding) b = nfd_binding_new_from_data("tap7", text, 65536, &error);
	g_assert_null(b);
	g_assert_error(error, NFD_ERROR, NFD_ERROR_BINDING);
	g_assert_cmpstr(error->message,
			==,
			"65536 bytes, more than the 16384 a binding file may have");
}

/* the same keys and values in another order are the same binding, however it was built */
static void
test_equal_any_order(void)
{
	g_autoptr(NfdBinding) a = parse_ok(MAC_LINE "MTU=1400\nROUTES=x\nHOSTNAME=vm7\n");
	g_autoptr(NfdBinding) b = parse_ok("HOSTNAME=vm7\nROUTES=x\nMTU=1400\n" MAC_LINE);
	g_autoptr(NfdBinding) c = nfd_binding_new("tap7");
	g_autoptr(NfdBinding) d = parse_ok(MAC_LINE "MTU=1400\nROUTES=y\nHOSTNAME=vm7\n");

	g_assert_true(nfd_binding_set_value(c, "ROUTES", "x", NULL));
	g_assert_true(nfd_binding_set_value(c, "MTU", "1400", NULL));
	g_assert_true(nfd_binding_set_value(c, "HOSTNAME", "vm7", NULL));
	g_assert_true(nfd_binding_set_value(c, "MAC", "aa:00:00:5e:00:07", NULL));
	g_assert_true(nfd_binding_equal(a, b));
	g_assert_true(nfd_binding_equal(a, c));
	g_assert_false(nfd_binding_equal(a, d));
}

static gdouble
time_parse(const gchar *text, gsize len, guint rounds, gboolean ok)
{
	gint64 start = g_get_monotonic_time();

	for (guint i = 0; i < rounds; i++) {
		g_autoptr(NfdBinding) b = nfd_binding_new_from_data("tap7", text, len, NULL);
		g_assert_true((b != NULL) == ok);
	}
	return (gdouble)(g_get_monotonic_time() - start) / rounds;
}

/* -m perf: what a hostile file costs (issue 13's review: 1.3 s for 64 KiB / 9,283 keys) */
static void
test_perf(void)
{
	g_autofree gchar *review = make_keys_text(65536, 9283);
	g_autofree gchar *keys = make_keys_text(NFD_BINDING_TEXT_MAX - 1, NFD_BINDING_KEYS_MAX + 1);
	g_autofree gchar *full = make_keys_text(NFD_BINDING_TEXT_MAX, NFD_BINDING_KEYS_MAX);
	g_autofree gchar *lines = g_strnfill(NFD_BINDING_TEXT_MAX - strlen(MAC_LINE), '\n');
	g_autofree gchar *blank = g_strconcat(MAC_LINE, lines, NULL);
	g_autoptr(NfdBinding) a = parse_ok(full);
	g_autoptr(NfdBinding) b = parse_ok(full);
	gint64 start;
	gdouble us;

	g_test_message("review file (64 KiB, 9283 keys), rejected: %.1f us",
		       time_parse(review, strlen(review), 100, FALSE));
	g_test_message("16 KiB with 65 keys, rejected: %.1f us",
		       time_parse(keys, strlen(keys), 100, FALSE));
	g_test_message("16 KiB with 64 keys (the largest accepted): %.1f us",
		       time_parse(full, strlen(full), 100, TRUE));
	g_test_message("16 KiB of empty lines: %.1f us",
		       time_parse(blank, strlen(blank), 100, TRUE));
	start = g_get_monotonic_time();
	for (guint i = 0; i < 10000; i++)
		g_assert_true(nfd_binding_equal(a, b));
	us = (gdouble)(g_get_monotonic_time() - start) / 10000;
	g_test_message("nfd_binding_equal() of two 64-key bindings: %.2f us", us);
}

static void
test_ignored_hidden(void)
{
	g_assert_true(nfd_binding_file_name_is_ignored(".tap7"));
	g_assert_true(nfd_binding_file_name_is_ignored("."));
	g_assert_true(nfd_binding_file_name_is_ignored(".."));
	g_assert_true(nfd_binding_file_name_is_ignored(".tap7.swp"));
	g_assert_true(nfd_binding_file_name_is_ignored(".#tap7"));
}

static void
test_ignored_temp(void)
{
	static const gchar *const names[] = {
	    "tap7~",
	    "#tap7#",
	    "tap7.swp",
	    "tap7.swx",
	    "tap7.tmp",
	    "tap7.new",
	    "tap7.bak",
	    "tap7.old",
	    "tap7.dpkg-new",
	    "tap7.dpkg-old",
	    "tap7.dpkg-dist",
	    "tap7.rpmnew",
	    "tap7.rpmsave",
	    "tap7.ucf-dist",
	    "tap7.orig",
	    NULL,
	};
	for (guint i = 0; names[i] != NULL; i++)
		g_assert_true(nfd_binding_file_name_is_ignored(names[i]));
}

static void
test_ignored_not_ifname(void)
{
	g_assert_true(nfd_binding_file_name_is_ignored(NULL));
	g_assert_true(nfd_binding_file_name_is_ignored(""));
	g_assert_true(nfd_binding_file_name_is_ignored("tap7 copy"));
	g_assert_true(nfd_binding_file_name_is_ignored("tap:7"));
	g_assert_true(nfd_binding_file_name_is_ignored("sixteen-chars-xx"));
	g_assert_true(nfd_binding_file_name_is_ignored("t\xc3\xa4p"));
	g_assert_true(nfd_binding_file_name_is_ignored("tap\t7"));
}

static void
test_not_ignored(void)
{
	static const gchar *const names[] = {
	    "tap7",
	    "tap65535",
	    "vif1.0",
	    "eth0.100",
	    "fifteen-chars-x",
	    "tap_7-a",
	    "prv0",
	    NULL,
	};
	for (guint i = 0; names[i] != NULL; i++)
		g_assert_false(nfd_binding_file_name_is_ignored(names[i]));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/binding-file/error/hostname-too-long", test_error_hostname_too_long);
	g_test_add_func("/nfd/binding-file/gnt-networking/routed", test_gnt_routed);
	g_test_add_func("/nfd/binding-file/gnt-networking/bridged-private",
			test_gnt_bridged_private);
	g_test_add_func("/nfd/binding-file/gnt-networking/ipv6-only", test_gnt_ipv6_only);
	g_test_add_func("/nfd/binding-file/gnt-networking/extra", test_gnt_extra);
	g_test_add_func("/nfd/binding-file/gnt-networking/empty-mtu", test_empty_mtu);
	g_test_add_func("/nfd/binding-file/later-key-wins", test_later_key_wins);
	g_test_add_func("/nfd/binding-file/later-key-wins-over-invalid",
			test_later_key_wins_over_invalid);
	g_test_add_func("/nfd/binding-file/double-quotes", test_double_quotes);
	g_test_add_func("/nfd/binding-file/double-quote-escapes", test_double_quote_escapes);
	g_test_add_func("/nfd/binding-file/single-quotes", test_single_quotes);
	g_test_add_func("/nfd/binding-file/quoted-upper-case-mac", test_quoted_mac);
	g_test_add_func("/nfd/binding-file/comments-and-blanks", test_comments_and_blanks);
	g_test_add_func("/nfd/binding-file/crlf", test_crlf);
	g_test_add_func("/nfd/binding-file/export", test_export);
	g_test_add_func("/nfd/binding-file/bom", test_bom);
	g_test_add_func("/nfd/binding-file/no-final-newline", test_no_final_newline);
	g_test_add_func("/nfd/binding-file/unknown-keys-kept", test_unknown_keys_kept);
	g_test_add_func("/nfd/binding-file/value-with-equals", test_value_with_equals);
	g_test_add_func("/nfd/binding-file/not-nul-terminated", test_not_nul_terminated);
	g_test_add_func("/nfd/binding-file/equal-to-reparse", test_equal_to_reparse);
	g_test_add_func("/nfd/binding-file/error/mtu", test_error_mtu);
	g_test_add_func("/nfd/binding-file/error/mac", test_error_mac);
	g_test_add_func("/nfd/binding-file/error/subnet-host-bits", test_error_subnet_host_bits);
	g_test_add_func("/nfd/binding-file/error/missing-mac", test_error_missing_mac);
	g_test_add_func("/nfd/binding-file/error/empty", test_error_empty);
	g_test_add_func("/nfd/binding-file/error/ip-outside-subnet", test_error_ip_outside_subnet);
	g_test_add_func("/nfd/binding-file/error/ip-without-subnet", test_error_ip_without_subnet);
	g_test_add_func("/nfd/binding-file/error/nul", test_error_nul);
	g_test_add_func("/nfd/binding-file/error/utf8", test_error_utf8);
	g_test_add_func("/nfd/binding-file/error/no-equals", test_error_no_equals);
	g_test_add_func("/nfd/binding-file/error/lower-case-key", test_error_lowercase_key);
	g_test_add_func("/nfd/binding-file/error/blank-before-equals",
			test_error_blank_before_equals);
	g_test_add_func("/nfd/binding-file/error/empty-key", test_error_empty_key);
	g_test_add_func("/nfd/binding-file/error/digit-key", test_error_digit_key);
	g_test_add_func("/nfd/binding-file/error/unterminated-quote",
			test_error_unterminated_quote);
	g_test_add_func("/nfd/binding-file/error/unterminated-single-quote",
			test_error_unterminated_single_quote);
	g_test_add_func("/nfd/binding-file/error/text-after-quote", test_error_text_after_quote);
	g_test_add_func("/nfd/binding-file/error/control-char", test_error_control_char);
	g_test_add_func("/nfd/binding-file/error/bad-tap", test_error_bad_tap);
	g_test_add_func("/nfd/binding-file/error/quotes-no-content", test_error_quotes_no_content);
	g_test_add_func("/nfd/binding-file/cap/size", test_cap_size);
	g_test_add_func("/nfd/binding-file/cap/size-at-limit", test_cap_size_at_limit);
	g_test_add_func("/nfd/binding-file/cap/keys", test_cap_keys);
	g_test_add_func("/nfd/binding-file/cap/keys-at-limit", test_cap_keys_at_limit);
	g_test_add_func("/nfd/binding-file/cap/review-file", test_cap_review_file);
	g_test_add_func("/nfd/binding-file/equal-any-order", test_equal_any_order);
	if (g_test_perf())
		g_test_add_func("/nfd/binding-file/perf", test_perf);
	g_test_add_func("/nfd/binding-file/ignored/hidden", test_ignored_hidden);
	g_test_add_func("/nfd/binding-file/ignored/temp", test_ignored_temp);
	g_test_add_func("/nfd/binding-file/ignored/not-ifname", test_ignored_not_ifname);
	g_test_add_func("/nfd/binding-file/ignored/not", test_not_ignored);
	return g_test_run();
}
