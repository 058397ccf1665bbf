/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the pure DHCPv6 server code, byte-exact over messages captured from real
 * clients (tests/data/README.md says how) and over hand-built edge cases.
 *
 * The fixture server and binding are described in nfd-dhcp6-test.h; test-dhcp6-interop.c has
 * the cases of issue 10 (what real guests need), test-dhcp6-config.c the [dhcp6] keys.
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-config-private.h"
#include "nfd-dhcp6-test.h"

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
		     "00010001329a6151525400000101" SID IA_NA_OK DNS DOM);
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
		     "00010001329a6160525400000101" SID IA_NA_OK DNS DOM);
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
		     "00010001329a6156525400000101" SID IA_PD_OK DNS DOM);
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
		     "00010001329a615b525400000101" SID IA_NA_OK IA_PD_OK DNS DOM);
}

static void
test_solicit_no_addrs_avail(void)
{
	g_auto(Run) r = {0};
	/* a binding with a delegated prefix but no address: the IA carries NoAddrsAvail
	 * (§18.3.9) */
	run_binding(&r, "SUBNET6,EUI64", NULL, "dhclient-solicit-na.bin");
	assert_reply(&r,
		     "02"
		     "f34bfc"
		     "0001000e"
		     "00010001329a6151525400000101" SID "00030028"
		     "00000101"
		     "00000000"
		     "00000000" ST_NOADDRS DNS DOM);
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
		     "00000000" ST_NOPREFIX DNS DOM);
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
		     "00001c20" DNS DOM);
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
		     "00000000" ST_NOADDRS DNS);
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
		     "00000009" ST_NOADDRS DNS);
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
	run_binding(&r, "SUBNET6,EUI64", NULL, "dhclient-renew.bin");
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
test_renew_nothing_bound(void)
{
	g_auto(Run) r = {0};
	/* an IA that names no address, and nothing bound to it: this server creates bindings from
	 * Renew messages but has nothing to assign, so NoAddrsAvail (RFC 8415 §18.3.4) */
	run_binding(&r,
		    "SUBNET6,EUI64",
		    NULL,
		    "05000023" CID SID "0003000c"
		    "00000101"
		    "00000000"
		    "00000000");
	assert_reply(&r,
		     "07000023" CID SID "00030028"
		     "00000101"
		     "00000000"
		     "00000000" ST_NOADDRS DNS DOM);
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
		     "00010001329a6156525400000101" SID IA_PD_OK DNS DOM);
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
		     "00000000" ST_NOPREFIX DNS DOM);
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
		     "00010001329a6151525400000101" SID IA_NA_OK DNS DOM);
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

/* ---- configuration that changes replies ----------------------------------------------- */

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
	g_test_add_func("/nfd/dhcp6/renew/nothing-bound", test_renew_nothing_bound);
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
	g_test_add_func("/nfd/dhcp6/config/domains-empty", test_config_domains_empty);
	return g_test_run();
}
