/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the pure DHCPv6 server code, byte-exact over messages captured from real
 * clients (tests/data/README.md says how) and over hand-built edge cases.
 *
 * The fixture server is DUID-LL 02:00:00:00:00:01 with DNS 2001:db8::53 and default lifetimes
 * (preferred 3600, valid 7200, T1 1800, T2 2880, preference 255, rapid commit on); the fixture
 * binding is the lab guest: MAC 52:54:00:00:01:01, HOSTNAME vm1.example.org, SUBNET6
 * 2001:db8:1::/64, EUI64 2001:db8:1::5054:ff:fe00:101, PREFIX6 2001:db8:ff00::/56.
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-config-private.h"
#include "nfd-dhcp6-proto.h"
#include "nfd-proto.h"

/* pieces of expected replies, RFC 8415 §21 option layouts */
#define SID        \
	"0002000a" \
	"00030001020000000001"
#define DNS        \
	"00170010" \
	"20010db8000000000000000000000053"
#define DOM                \
	"0018000d"         \
	"076578616d706c65" \
	"036f7267"         \
	"00"
#define IRT        \
	"00200004" \
	"00015180"
#define PREF       \
	"00070001" \
	"ff"
#define RAPID "000e0000"
#define EUI "20010db800010000505400fffe000101"
#define PFX "20010db8ff0000000000000000000000"
#define IAADDR_OK                 \
	"00050018" EUI "00000e10" \
	"00001c20"
#define IA_NA_OK   \
	"00030028" \
	"00000101" \
	"00000708" \
	"00000b40" IAADDR_OK
#define IA_PD_OK   \
	"00190029" \
	"00000101" \
	"00000708" \
	"00000b40" \
	"001a0019" \
	"00000e10" \
	"00001c20" \
	"38" PFX
#define ST_SUCCESS \
	"000d0009" \
	"0000"     \
	"73756363657373"
/* "no address for this VM", "no prefix for this VM", "no binding for this IA", "not on link" */
#define ST_NOADDRS \
	"000d0018" \
	"0002"     \
	"6e6f206164647265737320666f72207468697320564d"
#define ST_NOPREFIX \
	"000d0017"  \
	"0006"      \
	"6e6f2070726566697820666f72207468697320564d"
#define ST_NOBINDING \
	"000d0018"   \
	"0003"       \
	"6e6f2062696e64696e6720666f722074686973204941"
#define ST_NOTONLINK \
	"000d000d"   \
	"0004"       \
	"6e6f74206f6e206c696e6b"
/* a DUID-LL client id for hand-built messages */
#define CID        \
	"0001000a" \
	"00030001525400000101"

static const guint8 guest_mac[6] = {0x52, 0x54, 0x00, 0x00, 0x01, 0x01};
static const guint8 other_mac[6] = {0x52, 0x54, 0x00, 0x00, 0x09, 0x09};

typedef struct {
	NfdVerdict verdict;
	NfdDhcp6Result res;
	gchar *hex;
} Run;

static void
run_clear(Run *r)
{
	g_free(r->hex);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Run, run_clear)

static void
fixture_config(NfdDhcp6Config *cfg)
{
	static const guint8 server_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

	nfd_dhcp6_config_init(cfg);
	nfd_dhcp6_config_set_duid_ll(cfg, server_mac);
	g_assert_cmpint(inet_pton(AF_INET6, "2001:db8::53", &cfg->dns[0]), ==, 1);
	cfg->n_dns = 1;
}

/* the fixture binding, minus the keys named in @without, plus KEY=VALUE pairs in @extra */
static NfdBinding *
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

static GBytes *
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

static GBytes *
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

static void
run_full(Run *r,
	 const NfdDhcp6Config *cfg,
	 const NfdBinding *b,
	 const guint8 *mac,
	 GBytes *msg,
	 gsize cap)
{
	guint8 out[NFD_DHCP6_DUID_MAX * 4 + 1452];
	gsize out_len = 0;
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(msg, &len);

	g_assert_cmpuint(cap, <=, sizeof(out));
	r->verdict = nfd_dhcp6_handle_message(cfg, b, mac, data, len, out, cap, &out_len, &r->res);
	r->hex = g_malloc0(out_len * 2 + 1);
	for (gsize i = 0; i < out_len; i++)
		g_snprintf(r->hex + 2 * i, 3, "%02x", out[i]);
}

/* the fixture config and binding, the guest's MAC, a captured file or a hex message */
static void
run_std(Run *r, const gchar *file_or_hex)
{
	NfdDhcp6Config cfg;
	g_autoptr(NfdBinding) b = fixture_binding(NULL, NULL);
	g_autoptr(GBytes) msg =
	    g_str_has_suffix(file_or_hex, ".bin") ? load_data(file_or_hex) : from_hex(file_or_hex);

	fixture_config(&cfg);
	run_full(r, &cfg, b, guest_mac, msg, 1452);
}

static void
run_binding(Run *r, const gchar *without, const gchar *const *extra, const gchar *file_or_hex)
{
	NfdDhcp6Config cfg;
	g_autoptr(NfdBinding) b = fixture_binding(without, extra);
	g_autoptr(GBytes) msg =
	    g_str_has_suffix(file_or_hex, ".bin") ? load_data(file_or_hex) : from_hex(file_or_hex);

	fixture_config(&cfg);
	run_full(r, &cfg, b, guest_mac, msg, 1452);
}

#define assert_reply(r, expected)                                     \
	G_STMT_START                                                  \
	{                                                             \
		g_assert_cmpint((r)->verdict, ==, NFD_VERDICT_REPLY); \
		g_assert_cmpstr((r)->hex, ==, expected);              \
	}                                                             \
	G_STMT_END

#define assert_drop(r, why)                                          \
	G_STMT_START                                                 \
	{                                                            \
		g_assert_cmpint((r)->verdict, ==, NFD_VERDICT_DROP); \
		g_assert_cmpint((r)->res.drop, ==, why);             \
		g_assert_cmpstr((r)->hex, ==, "");                   \
	}                                                            \
	G_STMT_END

/* ---- Information-request (RFC 8415 §18.3.6) ----------------------------------------------- */

static void
test_info_request_dhclient(void)
{
	g_auto(Run) r = {0};
	run_std(&r, "dhclient-info-request.bin");
	/* ORO 23, 24, 39, 31: DNS and domains (HOSTNAME after the dot), no FQDN/SNTP configured */
	assert_reply(&r,
		     "07"
		     "7b23c6" CID SID DNS DOM IRT);
}

static void
test_info_request_oro_honoured(void)
{
	g_auto(Run) r = {0};
	/* ORO asks for 23 only */
	run_std(&r,
		"0b"
		"000001" CID "00060002"
		"0017");
	assert_reply(&r,
		     "07"
		     "000001" CID SID DNS IRT);
}

static void
test_info_request_no_oro(void)
{
	g_auto(Run) r = {0};
	run_std(&r,
		"0b"
		"000002" CID);
	assert_reply(&r,
		     "07"
		     "000002" CID SID DNS DOM IRT);
}

static void
test_info_request_no_client_id(void)
{
	g_auto(Run) r = {0};
	/* RFC 8415 §16.12: the Client Identifier is optional here */
	run_std(&r,
		"0b"
		"000003"
		"00060002"
		"0017");
	assert_reply(&r,
		     "07"
		     "000003" SID DNS IRT);
}

static void
test_info_request_our_server_id(void)
{
	g_auto(Run) r = {0};
	run_std(&r,
		"0b"
		"000004" CID SID "00060002"
		"0017");
	assert_reply(&r,
		     "07"
		     "000004" CID SID DNS IRT);
}

static void
test_info_request_other_server_id(void)
{
	g_auto(Run) r = {0};
	run_std(&r,
		"0b"
		"000005" CID "0002000a"
		"00030001020000000002");
	assert_drop(&r, NFD_DHCP6_DROP_OTHER_SERVER);
}

static void
test_info_request_with_ia(void)
{
	g_auto(Run) r = {0};
	run_std(&r,
		"0b"
		"000006" CID "0003000c"
		"00000101"
		"00000000"
		"00000000");
	assert_drop(&r, NFD_DHCP6_DROP_IA_IN_INFORMATION_REQUEST);
}

static void
test_info_request_domains_configured(void)
{
	const gchar *domains[] = {"a.example", "b.example", NULL};
	NfdDhcp6Config cfg;
	g_autoptr(NfdBinding) b = fixture_binding(NULL, NULL);
	g_autoptr(GBytes) msg = from_hex("0b"
					 "000007"
					 "00060002"
					 "0018");
	g_auto(Run) r = {0};

	fixture_config(&cfg);
	g_assert_true(nfd_dhcp6_config_set_domains(&cfg, domains, NULL));
	run_full(&r, &cfg, b, guest_mac, msg, 1452);
	/* RFC 3646 §4: uncompressed, each name ending in the root label */
	assert_reply(&r,
		     "07"
		     "000007" SID "00180016"
		     "0161076578616d706c6500"
		     "0162076578616d706c6500" IRT);
}

static void
test_info_request_dotless_hostname(void)
{
	const gchar *extra[] = {"HOSTNAME", "vm1", NULL};
	g_auto(Run) r = {0};
	/* original.md §9.1 item 14: a dot-less HOSTNAME is no domain */
	run_binding(&r, NULL, extra, "dhclient-info-request.bin");
	assert_reply(&r,
		     "07"
		     "7b23c6" CID SID DNS IRT);
}

static void
test_info_request_ntp(void)
{
	NfdDhcp6Config cfg;
	g_autoptr(NfdBinding) b = fixture_binding(NULL, NULL);
	g_autoptr(GBytes) msg = from_hex("0b"
					 "000008"
					 "00060004"
					 "001f0038");
	g_auto(Run) r = {0};

	fixture_config(&cfg);
	g_assert_cmpint(inet_pton(AF_INET6, "2001:db8::123", &cfg.ntp[0]), ==, 1);
	cfg.n_ntp = 1;
	run_full(&r, &cfg, b, guest_mac, msg, 1452);
	/* RFC 4075 SNTP list, RFC 5908 NTP server with one SRV_ADDR suboption */
	assert_reply(&r,
		     "07"
		     "000008" SID "001f0010"
		     "20010db8000000000000000000000123"
		     "00380014"
		     "00010010"
		     "20010db8000000000000000000000123" IRT);
}

/* ---- Solicit (RFC 8415 §18.3.1, §18.3.9) -------------------------------------------------- */

static void
test_solicit_advertise(void)
{
	g_auto(Run) r = {0};
	run_std(&r, "dhclient-solicit-na.bin");
	assert_reply(&r,
		     "02"
		     "f34bfc"
		     "0001000e"
		     "00010001329a6151525400000101" SID IA_NA_OK PREF DNS DOM);
	g_assert_true(r.res.addr_assigned);
}

static void
test_solicit_rapid_commit(void)
{
	g_auto(Run) r = {0};
	/* dhcpcd asks for rapid commit; ORO 23, 24, 39, 82, 83 */
	run_std(&r, "dhcpcd-solicit-na.bin");
	assert_reply(&r,
		     "07"
		     "484d9f"
		     "0001000e"
		     "00010001329a6160525400000101" SID IA_NA_OK RAPID DNS DOM);
}

static void
test_solicit_rapid_commit_disabled(void)
{
	NfdDhcp6Config cfg;
	g_autoptr(NfdBinding) b = fixture_binding(NULL, NULL);
	g_autoptr(GBytes) msg = load_data("dhcpcd-solicit-na.bin");
	g_auto(Run) r = {0};

	fixture_config(&cfg);
	cfg.rapid_commit = FALSE;
	run_full(&r, &cfg, b, guest_mac, msg, 1452);
	assert_reply(&r,
		     "02"
		     "484d9f"
		     "0001000e"
		     "00010001329a6160525400000101" SID IA_NA_OK PREF DNS DOM);
}

static void
test_solicit_pd(void)
{
	g_auto(Run) r = {0};
	run_std(&r, "dhclient-solicit-pd.bin");
	assert_reply(&r,
		     "02"
		     "230137"
		     "0001000e"
		     "00010001329a6156525400000101" SID IA_PD_OK PREF DNS DOM);
	g_assert_true(r.res.prefix_assigned);
}

static void
test_solicit_na_pd(void)
{
	g_auto(Run) r = {0};
	run_std(&r, "dhclient-solicit-na-pd.bin");
	assert_reply(&r,
		     "02"
		     "fd9a2d"
		     "0001000e"
		     "00010001329a615b525400000101" SID IA_NA_OK IA_PD_OK PREF DNS DOM);
}

static void
test_solicit_no_addrs_avail(void)
{
	g_auto(Run) r = {0};
	/* a binding with SUBNET6 but no address: the IA carries NoAddrsAvail (§18.3.9) */
	run_binding(&r, "EUI64", NULL, "dhclient-solicit-na.bin");
	assert_reply(&r,
		     "02"
		     "f34bfc"
		     "0001000e"
		     "00010001329a6151525400000101" SID "00030028"
		     "00000101"
		     "00000000"
		     "00000000" ST_NOADDRS PREF DNS DOM);
	g_assert_false(r.res.addr_assigned);
}

static void
test_solicit_no_prefix_avail(void)
{
	g_auto(Run) r = {0};
	run_binding(&r, "PREFIX6", NULL, "dhclient-solicit-pd.bin");
	assert_reply(&r,
		     "02"
		     "230137"
		     "0001000e"
		     "00010001329a6156525400000101" SID "00190027"
		     "00000101"
		     "00000000"
		     "00000000" ST_NOPREFIX PREF DNS DOM);
}

static void
test_solicit_ip6_wins(void)
{
	const gchar *extra[] = {"IP6", "2001:db8:1::10", NULL};
	g_auto(Run) r = {0};
	run_binding(&r,
		    NULL,
		    extra,
		    "0100000a" CID "0003000c"
		    "00000007"
		    "00000000"
		    "00000000");
	assert_reply(&r,
		     "0200000a" CID SID "00030028"
		     "00000007"
		     "00000708"
		     "00000b40"
		     "00050018"
		     "20010db8000100000000000000000010"
		     "00000e10"
		     "00001c20" PREF DNS DOM);
}

static void
test_solicit_second_ia_na(void)
{
	g_auto(Run) r = {0};
	/* one address per binding: the second IA_NA gets NoAddrsAvail */
	run_std(&r,
		"0100000b" CID "0003000c"
		"00000101"
		"00000000"
		"00000000"
		"0003000c"
		"00000202"
		"00000000"
		"00000000"
		"00060002"
		"0017");
	assert_reply(&r,
		     "0200000b" CID SID IA_NA_OK "00030028"
		     "00000202"
		     "00000000"
		     "00000000" ST_NOADDRS PREF DNS);
}

static void
test_solicit_ia_ta(void)
{
	g_auto(Run) r = {0};
	/* RFC 8415 §21.5: no temporary addresses here */
	run_std(&r,
		"0100000c" CID "00040004"
		"00000009"
		"00060002"
		"0017");
	assert_reply(&r,
		     "0200000c" CID SID "00040020"
		     "00000009" ST_NOADDRS PREF DNS);
}

static void
test_solicit_with_server_id(void)
{
	g_auto(Run) r = {0};
	run_std(&r, "0100000d" CID SID);
	assert_drop(&r, NFD_DHCP6_DROP_UNEXPECTED_SERVER_ID);
}

static void
test_solicit_no_client_id(void)
{
	g_auto(Run) r = {0};
	run_std(&r,
		"0100000e"
		"0003000c"
		"00000101"
		"00000000"
		"00000000");
	assert_drop(&r, NFD_DHCP6_DROP_NO_CLIENT_ID);
}

/* ---- Request (RFC 8415 §18.3.2) ------------------------------------------------------------ */

static void
test_request_reply(void)
{
	g_auto(Run) r = {0};
	run_std(&r, "dhclient-request.bin");
	assert_reply(&r,
		     "07"
		     "1ca9ed"
		     "0001000e"
		     "00010001329a6219525400000101" SID IA_NA_OK DNS DOM);
}

static void
test_request_pd_reply(void)
{
	g_auto(Run) r = {0};
	run_std(&r, "dhclient-request-pd.bin");
	assert_reply(&r,
		     "07"
		     "aad0c3"
		     "0001000e"
		     "00010001329a6228525400000101" SID IA_PD_OK DNS DOM);
}

static void
test_request_other_server(void)
{
	g_auto(Run) r = {0};
	run_std(&r,
		"03000010" CID "0002000a"
		"00030001020000000002");
	assert_drop(&r, NFD_DHCP6_DROP_OTHER_SERVER);
}

static void
test_request_no_server_id(void)
{
	g_auto(Run) r = {0};
	run_std(&r, "03000011" CID);
	assert_drop(&r, NFD_DHCP6_DROP_NO_SERVER_ID);
}

static void
test_request_no_client_id(void)
{
	g_auto(Run) r = {0};
	run_std(&r, "03000012" SID);
	assert_drop(&r, NFD_DHCP6_DROP_NO_CLIENT_ID);
}

/* ---- Renew, Rebind (RFC 8415 §18.3.4, §18.3.5) --------------------------------------------- */

static void
test_renew_reply(void)
{
	g_auto(Run) r = {0};
	run_std(&r, "dhclient-renew.bin");
	assert_reply(&r,
		     "07"
		     "71d5fa"
		     "0001000e"
		     "00010001329a6219525400000101" SID IA_NA_OK DNS DOM);
}

static void
test_renew_dhcpcd(void)
{
	g_auto(Run) r = {0};
	run_std(&r, "dhcpcd-renew.bin");
	assert_reply(&r,
		     "07"
		     "b890b3"
		     "0001000e"
		     "00010001329a622c525400000101" SID IA_NA_OK DNS DOM);
}

static void
test_renew_foreign_address(void)
{
	g_auto(Run) r = {0};
	run_std(&r,
		"05000020" CID SID "00030044"
		"00000101"
		"00000000"
		"00000000"
		"00050018" EUI "00000000"
		"00000000"
		"00050018"
		"20010db8000100000000000000000099"
		"00000000"
		"00000000");
	assert_reply(&r,
		     "07000020" CID SID "00030044"
		     "00000101"
		     "00000708"
		     "00000b40" IAADDR_OK "00050018"
		     "20010db8000100000000000000000099"
		     "00000000"
		     "00000000" DNS DOM);
}

static void
test_renew_address_withdrawn(void)
{
	g_auto(Run) r = {0};
	/* the binding lost its address: the old one goes with lifetimes 0 and no status, so that
	 * the client drops it (a NoBinding made dhclient Request and keep it, e2e-dhcp6) */
	run_binding(&r, "EUI64", NULL, "dhclient-renew.bin");
	assert_reply(&r,
		     "07"
		     "71d5fa"
		     "0001000e"
		     "00010001329a6219525400000101" SID "00030028"
		     "00000101"
		     "00000000"
		     "00000000"
		     "00050018" EUI "00000000"
		     "00000000" DNS DOM);
}

static void
test_renew_prefix_withdrawn(void)
{
	g_auto(Run) r = {0};
	/* the same for a delegated prefix that left the binding */
	run_binding(&r,
		    "PREFIX6",
		    NULL,
		    "05000024" CID SID "00190029"
		    "00000102"
		    "00000000"
		    "00000000"
		    "001a0019"
		    "00000e10"
		    "00001c20"
		    "38" PFX);
	assert_reply(&r,
		     "07000024" CID SID "00190029"
		     "00000102"
		     "00000000"
		     "00000000"
		     "001a0019"
		     "00000000"
		     "00000000"
		     "38" PFX DNS DOM);
}

static void
test_renew_no_binding(void)
{
	g_auto(Run) r = {0};
	/* an IA that names no address, and nothing bound to it: NoBinding (RFC 8415 §18.3.4) */
	run_binding(&r,
		    "EUI64",
		    NULL,
		    "05000023" CID SID "0003000c"
		    "00000101"
		    "00000000"
		    "00000000");
	assert_reply(&r,
		     "07000023" CID SID "00030028"
		     "00000101"
		     "00000000"
		     "00000000" ST_NOBINDING DNS DOM);
}

static void
test_renew_other_server(void)
{
	g_auto(Run) r = {0};
	run_std(&r,
		"05000021" CID "0002000a"
		"00030001020000000002");
	assert_drop(&r, NFD_DHCP6_DROP_OTHER_SERVER);
}

static void
test_rebind_reply(void)
{
	g_auto(Run) r = {0};
	/* dhclient's Renew turned into a Rebind (type 6, no Server Identifier) */
	run_std(&r,
		"06000022"
		"0001000e"
		"00010001329a6219525400000101"
		"00060008"
		"00170018"
		"0027001f"
		"000800020000"
		"00030028"
		"00000101"
		"00000e10"
		"00001518"
		"00050018" EUI "00001c20"
		"00001d4c");
	assert_reply(&r,
		     "07000022"
		     "0001000e"
		     "00010001329a6219525400000101" SID IA_NA_OK DNS DOM);
}

static void
test_rebind_with_server_id(void)
{
	g_auto(Run) r = {0};
	run_std(&r, "06000023" CID SID);
	assert_drop(&r, NFD_DHCP6_DROP_UNEXPECTED_SERVER_ID);
}

/* ---- Confirm (RFC 8415 §18.3.3) ------------------------------------------------------------ */

static void
test_confirm_success(void)
{
	g_auto(Run) r = {0};
	run_std(&r, "dhclient-confirm.bin");
	assert_reply(&r,
		     "07"
		     "41c415"
		     "0001000e"
		     "00010001329a6219525400000101" SID ST_SUCCESS);
	g_assert_cmpint(r.res.status, ==, NFD_DHCP6_STATUS_SUCCESS);
}

static void
test_confirm_not_on_link(void)
{
	g_auto(Run) r = {0};
	run_std(&r,
		"04000030" CID "00030028"
		"00000101"
		"00000000"
		"00000000"
		"00050018"
		"20010db8000200000000000000000001"
		"00000000"
		"00000000");
	assert_reply(&r, "07000030" CID SID ST_NOTONLINK);
}

static void
test_confirm_no_addresses(void)
{
	g_auto(Run) r = {0};
	/* §18.3.3: nothing to confirm, no Reply */
	run_std(&r,
		"04000031" CID "0003000c"
		"00000101"
		"00000000"
		"00000000");
	assert_drop(&r, NFD_DHCP6_DROP_NOTHING_TO_CONFIRM);
}

static void
test_confirm_with_server_id(void)
{
	g_auto(Run) r = {0};
	run_std(&r, "04000032" CID SID);
	assert_drop(&r, NFD_DHCP6_DROP_UNEXPECTED_SERVER_ID);
}

/* ---- Release, Decline (RFC 8415 §18.3.7, §18.3.8) ------------------------------------------ */

static void
test_release_success(void)
{
	g_auto(Run) r = {0};
	run_std(&r, "dhclient-release.bin");
	assert_reply(&r,
		     "07"
		     "b6b674"
		     "0001000e"
		     "00010001329a6219525400000101" SID ST_SUCCESS);
}

static void
test_release_other_server(void)
{
	g_auto(Run) r = {0};
	run_std(&r,
		"08000040" CID "0002000a"
		"00030001020000000002");
	assert_drop(&r, NFD_DHCP6_DROP_OTHER_SERVER);
}

static void
test_decline_success(void)
{
	g_auto(Run) r = {0};
	gchar addr[INET6_ADDRSTRLEN];

	/* dhclient's Release turned into a Decline (type 9) */
	run_std(&r,
		"09000041"
		"0001000e"
		"00010001329a6219525400000101" SID "00030028"
		"00000101"
		"00000000"
		"00000000"
		"00050018" EUI "00000000"
		"00000000");
	assert_reply(&r,
		     "07000041"
		     "0001000e"
		     "00010001329a6219525400000101" SID ST_SUCCESS);
	g_assert_true(r.res.declined);
	inet_ntop(AF_INET6, &r.res.declined_addr, addr, sizeof(addr));
	g_assert_cmpstr(addr, ==, "2001:db8:1:0:5054:ff:fe00:101");
}

static void
test_decline_no_server_id(void)
{
	g_auto(Run) r = {0};
	run_std(&r, "09000042" CID);
	assert_drop(&r, NFD_DHCP6_DROP_NO_SERVER_ID);
}

/* ---- bindings and MAC checks ---------------------------------------------------------------- */

static void
test_binding_without_ipv6(void)
{
	g_auto(Run) r = {0};
	/* the issue: its packet passes on */
	run_binding(&r, "SUBNET6,EUI64,PREFIX6", NULL, "dhclient-solicit-na.bin");
	g_assert_cmpint(r.verdict, ==, NFD_VERDICT_ACCEPT);
	g_assert_cmpstr(r.hex, ==, "");
}

static void
test_binding_only_prefix(void)
{
	g_auto(Run) r = {0};
	run_binding(&r, "SUBNET6,EUI64", NULL, "dhclient-solicit-pd.bin");
	assert_reply(&r,
		     "02"
		     "230137"
		     "0001000e"
		     "00010001329a6156525400000101" SID IA_PD_OK PREF DNS DOM);
}

static void
test_binding_bad_prefix6(void)
{
	const gchar *extra[] = {"PREFIX6", "2001:db8:ff00::1/56", NULL};
	g_auto(Run) r = {0};
	/* host bits set: ignored, flagged, and the IA_PD says NoPrefixAvail */
	run_binding(&r, NULL, extra, "dhclient-solicit-pd.bin");
	assert_reply(&r,
		     "02"
		     "230137"
		     "0001000e"
		     "00010001329a6156525400000101" SID "00190027"
		     "00000101"
		     "00000000"
		     "00000000" ST_NOPREFIX PREF DNS DOM);
	g_assert_true(r.res.bad_prefix6);
}

static void
test_binding_bad_ip6_falls_back(void)
{
	const gchar *extra[] = {"IP6", "not-an-address", NULL};
	g_auto(Run) r = {0};
	run_binding(&r, NULL, extra, "dhclient-solicit-na.bin");
	assert_reply(&r,
		     "02"
		     "f34bfc"
		     "0001000e"
		     "00010001329a6151525400000101" SID IA_NA_OK PREF DNS DOM);
	g_assert_true(r.res.bad_ip6);
}

static void
test_mac_mismatch(void)
{
	NfdDhcp6Config cfg;
	g_autoptr(NfdBinding) b = fixture_binding(NULL, NULL);
	g_autoptr(GBytes) msg = load_data("dhclient-solicit-na.bin");
	g_auto(Run) r = {0};

	fixture_config(&cfg);
	run_full(&r, &cfg, b, other_mac, msg, 1452);
	assert_drop(&r, NFD_DHCP6_DROP_MAC_MISMATCH);
}

static void
test_mac_macspoof(void)
{
	const gchar *extra[] = {"MACSPOOF", "1", NULL};
	NfdDhcp6Config cfg;
	g_autoptr(NfdBinding) b = fixture_binding(NULL, extra);
	g_autoptr(GBytes) msg = load_data("dhclient-solicit-na.bin");
	g_auto(Run) r = {0};

	fixture_config(&cfg);
	run_full(&r, &cfg, b, other_mac, msg, 1452);
	g_assert_cmpint(r.verdict, ==, NFD_VERDICT_REPLY);
}

static void
test_mac_duid_check(void)
{
	NfdDhcp6Config cfg;
	g_autoptr(NfdBinding) b = fixture_binding(NULL, NULL);
	/* DUID-LL of another NIC, sent from the right MAC */
	g_autoptr(GBytes) msg = from_hex("0b000050"
					 "0001000a"
					 "00030001525400000909");
	g_auto(Run) r = {0};
	g_auto(Run) r2 = {0};

	fixture_config(&cfg);
	run_full(&r, &cfg, b, guest_mac, msg, 1452);
	g_assert_cmpint(r.verdict, ==, NFD_VERDICT_REPLY);
	cfg.duid_mac_check = TRUE;
	run_full(&r2, &cfg, b, guest_mac, msg, 1452);
	assert_drop(&r2, NFD_DHCP6_DROP_MAC_MISMATCH);
}

/* ---- malformed and unexpected messages ------------------------------------------------------ */

static void
test_malformed_short(void)
{
	g_auto(Run) r = {0};
	run_std(&r, "0b0000");
	assert_drop(&r, NFD_DHCP6_DROP_MALFORMED);
}

static void
test_malformed_option_overrun(void)
{
	g_auto(Run) r = {0};
	run_std(&r,
		"0b000060"
		"0001000b"
		"00030001525400000101");
	assert_drop(&r, NFD_DHCP6_DROP_MALFORMED);
}

static void
test_malformed_odd_oro(void)
{
	g_auto(Run) r = {0};
	run_std(&r,
		"0b000061"
		"00060003"
		"001700");
	assert_drop(&r, NFD_DHCP6_DROP_MALFORMED);
}

static void
test_malformed_two_client_ids(void)
{
	g_auto(Run) r = {0};
	run_std(&r, "0b000062" CID CID);
	assert_drop(&r, NFD_DHCP6_DROP_MALFORMED);
}

static void
test_malformed_short_ia(void)
{
	g_auto(Run) r = {0};
	run_std(&r,
		"01000063" CID "00030008"
		"00000101"
		"00000000");
	assert_drop(&r, NFD_DHCP6_DROP_MALFORMED);
}

static void
test_server_message_dropped(void)
{
	g_auto(Run) r = {0};
	/* §16.3: a server never accepts an Advertise */
	run_std(&r, "02000070" CID SID);
	assert_drop(&r, NFD_DHCP6_DROP_NOT_CLIENT_MESSAGE);
}

static void
test_relay_forw_dropped(void)
{
	g_auto(Run) r = {0};
	run_std(&r,
		"0c00"
		"00000000000000000000000000000000"
		"00000000000000000000000000000000");
	assert_drop(&r, NFD_DHCP6_DROP_NOT_CLIENT_MESSAGE);
}

static void
test_reply_too_big(void)
{
	NfdDhcp6Config cfg;
	g_autoptr(NfdBinding) b = fixture_binding(NULL, NULL);
	g_autoptr(GBytes) msg = load_data("dhclient-solicit-na.bin");
	g_auto(Run) r = {0};

	fixture_config(&cfg);
	run_full(&r, &cfg, b, guest_mac, msg, 40);
	assert_drop(&r, NFD_DHCP6_DROP_REPLY_TOO_BIG);
}

/* ---- configuration (cold path) -------------------------------------------------------------- */

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

static void
test_config_domains_empty(void)
{
	const gchar *domains[] = {NULL};
	NfdDhcp6Config cfg;
	g_autoptr(NfdBinding) b = fixture_binding(NULL, NULL);
	g_autoptr(GBytes) msg = from_hex("0b000080"
					 "00060002"
					 "0018");
	g_auto(Run) r = {0};

	/* an explicitly empty list overrides the HOSTNAME default */
	fixture_config(&cfg);
	g_assert_true(nfd_dhcp6_config_set_domains(&cfg, domains, NULL));
	run_full(&r, &cfg, b, guest_mac, msg, 1452);
	assert_reply(&r, "07000080" SID IRT);
}

/* [dhcp6] through the core's config parser */
static gboolean
load_config(const gchar *text, NfdDhcp6Config *cfg, GError **error)
{
	g_autoptr(NfdConfig) config = nfd_config_new();
	g_autofree gchar *machine_id =
	    g_test_build_filename(G_TEST_DIST, "tests", "data", "machine-id", NULL);
	const NfdConfigSection *section;

	g_assert_true(nfd_config_load_data(config, text, "test.conf", NULL));
	section = nfd_config_get_section(config, "dhcp6");
	g_assert_nonnull(section);
	return nfd_dhcp6_config_load(cfg, section, machine_id, error);
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
	g_assert_cmpuint(cfg.preference, ==, 255);
	g_assert_true(cfg.rapid_commit);
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
test_config_load_short_refresh(void)
{
	NfdDhcp6Config cfg;
	g_autoptr(GError) error = NULL;

	/* RFC 8415 §21.23: at least IRT_MINIMUM (600) */
	g_assert_false(load_config("[dhcp6]\ninformation-refresh-time = 60\n", &cfg, &error));
	g_assert_nonnull(error);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/dhcp6/information-request/dhclient", test_info_request_dhclient);
	g_test_add_func("/nfd/dhcp6/information-request/oro-honoured",
			test_info_request_oro_honoured);
	g_test_add_func("/nfd/dhcp6/information-request/no-oro", test_info_request_no_oro);
	g_test_add_func("/nfd/dhcp6/information-request/no-client-id",
			test_info_request_no_client_id);
	g_test_add_func("/nfd/dhcp6/information-request/our-server-id",
			test_info_request_our_server_id);
	g_test_add_func("/nfd/dhcp6/information-request/other-server-id",
			test_info_request_other_server_id);
	g_test_add_func("/nfd/dhcp6/information-request/with-ia", test_info_request_with_ia);
	g_test_add_func("/nfd/dhcp6/information-request/domains-configured",
			test_info_request_domains_configured);
	g_test_add_func("/nfd/dhcp6/information-request/dotless-hostname",
			test_info_request_dotless_hostname);
	g_test_add_func("/nfd/dhcp6/information-request/ntp", test_info_request_ntp);
	g_test_add_func("/nfd/dhcp6/solicit/advertise", test_solicit_advertise);
	g_test_add_func("/nfd/dhcp6/solicit/rapid-commit", test_solicit_rapid_commit);
	g_test_add_func("/nfd/dhcp6/solicit/rapid-commit-disabled",
			test_solicit_rapid_commit_disabled);
	g_test_add_func("/nfd/dhcp6/solicit/pd", test_solicit_pd);
	g_test_add_func("/nfd/dhcp6/solicit/na-pd", test_solicit_na_pd);
	g_test_add_func("/nfd/dhcp6/solicit/no-addrs-avail", test_solicit_no_addrs_avail);
	g_test_add_func("/nfd/dhcp6/solicit/no-prefix-avail", test_solicit_no_prefix_avail);
	g_test_add_func("/nfd/dhcp6/solicit/ip6-wins", test_solicit_ip6_wins);
	g_test_add_func("/nfd/dhcp6/solicit/second-ia-na", test_solicit_second_ia_na);
	g_test_add_func("/nfd/dhcp6/solicit/ia-ta", test_solicit_ia_ta);
	g_test_add_func("/nfd/dhcp6/solicit/with-server-id", test_solicit_with_server_id);
	g_test_add_func("/nfd/dhcp6/solicit/no-client-id", test_solicit_no_client_id);
	g_test_add_func("/nfd/dhcp6/request/reply", test_request_reply);
	g_test_add_func("/nfd/dhcp6/request/pd-reply", test_request_pd_reply);
	g_test_add_func("/nfd/dhcp6/request/other-server", test_request_other_server);
	g_test_add_func("/nfd/dhcp6/request/no-server-id", test_request_no_server_id);
	g_test_add_func("/nfd/dhcp6/request/no-client-id", test_request_no_client_id);
	g_test_add_func("/nfd/dhcp6/renew/reply", test_renew_reply);
	g_test_add_func("/nfd/dhcp6/renew/dhcpcd", test_renew_dhcpcd);
	g_test_add_func("/nfd/dhcp6/renew/foreign-address", test_renew_foreign_address);
	g_test_add_func("/nfd/dhcp6/renew/address-withdrawn", test_renew_address_withdrawn);
	g_test_add_func("/nfd/dhcp6/renew/prefix-withdrawn", test_renew_prefix_withdrawn);
	g_test_add_func("/nfd/dhcp6/renew/no-binding", test_renew_no_binding);
	g_test_add_func("/nfd/dhcp6/renew/other-server", test_renew_other_server);
	g_test_add_func("/nfd/dhcp6/rebind/reply", test_rebind_reply);
	g_test_add_func("/nfd/dhcp6/rebind/with-server-id", test_rebind_with_server_id);
	g_test_add_func("/nfd/dhcp6/confirm/success", test_confirm_success);
	g_test_add_func("/nfd/dhcp6/confirm/not-on-link", test_confirm_not_on_link);
	g_test_add_func("/nfd/dhcp6/confirm/no-addresses", test_confirm_no_addresses);
	g_test_add_func("/nfd/dhcp6/confirm/with-server-id", test_confirm_with_server_id);
	g_test_add_func("/nfd/dhcp6/release/success", test_release_success);
	g_test_add_func("/nfd/dhcp6/release/other-server", test_release_other_server);
	g_test_add_func("/nfd/dhcp6/decline/success", test_decline_success);
	g_test_add_func("/nfd/dhcp6/decline/no-server-id", test_decline_no_server_id);
	g_test_add_func("/nfd/dhcp6/binding/without-ipv6", test_binding_without_ipv6);
	g_test_add_func("/nfd/dhcp6/binding/only-prefix", test_binding_only_prefix);
	g_test_add_func("/nfd/dhcp6/binding/bad-prefix6", test_binding_bad_prefix6);
	g_test_add_func("/nfd/dhcp6/binding/bad-ip6-falls-back", test_binding_bad_ip6_falls_back);
	g_test_add_func("/nfd/dhcp6/mac/mismatch", test_mac_mismatch);
	g_test_add_func("/nfd/dhcp6/mac/macspoof", test_mac_macspoof);
	g_test_add_func("/nfd/dhcp6/mac/duid-check", test_mac_duid_check);
	g_test_add_func("/nfd/dhcp6/malformed/short", test_malformed_short);
	g_test_add_func("/nfd/dhcp6/malformed/option-overrun", test_malformed_option_overrun);
	g_test_add_func("/nfd/dhcp6/malformed/odd-oro", test_malformed_odd_oro);
	g_test_add_func("/nfd/dhcp6/malformed/two-client-ids", test_malformed_two_client_ids);
	g_test_add_func("/nfd/dhcp6/malformed/short-ia", test_malformed_short_ia);
	g_test_add_func("/nfd/dhcp6/unexpected/advertise", test_server_message_dropped);
	g_test_add_func("/nfd/dhcp6/unexpected/relay-forw", test_relay_forw_dropped);
	g_test_add_func("/nfd/dhcp6/reply/too-big", test_reply_too_big);
	g_test_add_func("/nfd/dhcp6/config/duid-uuid-stable", test_config_duid_uuid_stable);
	g_test_add_func("/nfd/dhcp6/config/duid-uuid-not-machine-id",
			test_config_duid_uuid_not_machine_id);
	g_test_add_func("/nfd/dhcp6/config/duid-uuid-invalid", test_config_duid_uuid_invalid);
	g_test_add_func("/nfd/dhcp6/config/lifetimes-order", test_config_lifetimes_order);
	g_test_add_func("/nfd/dhcp6/config/domains-invalid", test_config_domains_invalid);
	g_test_add_func("/nfd/dhcp6/config/domains-empty", test_config_domains_empty);
	g_test_add_func("/nfd/dhcp6/config/load-defaults", test_config_load_defaults);
	g_test_add_func("/nfd/dhcp6/config/load-keys", test_config_load_keys);
	g_test_add_func("/nfd/dhcp6/config/load-ll-without-mac", test_config_load_ll_without_mac);
	g_test_add_func("/nfd/dhcp6/config/load-bad-duid-type", test_config_load_bad_duid_type);
	g_test_add_func("/nfd/dhcp6/config/load-short-refresh", test_config_load_short_refresh);
	return g_test_run();
}
