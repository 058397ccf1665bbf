/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of what real guests need from the DHCPv6 server beyond the basic exchanges (issue
 * 10), byte-exact over messages captured from dhclient and dhcpcd (tests/data/README.md) and
 * over hand-built cases: the address from SUBNET6 and the MAC, the leases a client names in a
 * Request, Renew and Rebind with nothing bound, messages sent to a unicast address, the
 * Preference option and the captive-portal URI.  The fixtures are in nfd-dhcp6-test.h.
 */
#include <string.h>

#include "nfd-dhcp6-test.h"

/* ---- the address from SUBNET6 and the MAC (issue 10 item 5) ---------------------------------- */

static void
test_binding_subnet6_derives_address(void)
{
	g_auto(Run) r = {0};
	/* neither IP6 nor EUI64: SUBNET6 plus the modified EUI-64 of MAC 52:54:00:00:01:01
	 * (RFC 4291 appendix A), the address the ndp and ra plugins assume */
	run_binding(&r, "EUI64", NULL, "dhclient-solicit-na.bin");
	assert_reply(&r,
		     "02"
		     "f34bfc"
		     "0001000e"
		     "00010001329a6151525400000101" SID IA_NA_OK DNS DOM);
	g_assert_true(r.res.addr_assigned);
}

static void
test_binding_subnet6_derived_request(void)
{
	g_auto(Run) r = {0};
	/* dhclient's Request for it, and the Reply that binds it */
	run_binding(&r, "EUI64,PREFIX6", NULL, "dhclient-request.bin");
	assert_reply(&r,
		     "07"
		     "1ca9ed"
		     "0001000e"
		     "00010001329a6219525400000101" SID IA_NA_OK DNS DOM);
}

static void
test_binding_subnet6_longer_than_64(void)
{
	const gchar *extra[] = {"SUBNET6", "2001:db8:1::/80", NULL};
	g_auto(Run) r = {0};
	/* a /80 leaves no room for a 64-bit interface identifier: no address */
	run_binding(&r, "EUI64", extra, "dhclient-solicit-na.bin");
	assert_reply(&r,
		     "02"
		     "f34bfc"
		     "0001000e"
		     "00010001329a6151525400000101" SID "00030028"
		     "00000101"
		     "00000000"
		     "00000000" ST_NOADDRS DNS DOM);
}

/* ---- leases the client names in a Request (RFC 8415 §18.3.2) ------------------------------- */

static void
test_request_off_link_hint(void)
{
	g_auto(Run) r = {0};
	/* an address outside SUBNET6 comes back with lifetimes 0 beside the binding's */
	run_std(&r,
		"03000090" CID SID "00030028"
		"00000101"
		"00000000"
		"00000000" IAADDR_HINT0);
	assert_reply(&r,
		     "07000090" CID SID "00030044"
		     "00000101"
		     "00000708"
		     "00000b40" IAADDR_OK IAADDR_HINT0 DNS DOM);
}

static void
test_request_on_link_hint(void)
{
	g_auto(Run) r = {0};
	/* so does another address of SUBNET6: the binding names the only one this VM may use */
	run_std(&r,
		"03000091" CID SID "00030028"
		"00000101"
		"00000000"
		"00000000"
		"00050018"
		"20010db8000100000000000000000099"
		"00000000"
		"00000000");
	assert_reply(&r,
		     "07000091" CID SID "00030044"
		     "00000101"
		     "00000708"
		     "00000b40" IAADDR_OK "00050018"
		     "20010db8000100000000000000000099"
		     "00000000"
		     "00000000" DNS DOM);
}

static void
test_request_own_address_once(void)
{
	g_auto(Run) r = {0};
	/* the binding's own address is not echoed again with lifetimes 0 */
	run_std(&r,
		"03000092" CID SID "00030028"
		"00000101"
		"00000000"
		"00000000" IAADDR_OK);
	assert_reply(&r, "07000092" CID SID IA_NA_OK DNS DOM);
}

static void
test_request_unspecified_hint(void)
{
	g_auto(Run) r = {0};
	/* :: and a ::/56 prefix are no leases, only hints (RFC 8415 §18.2.1): not echoed */
	run_std(&r,
		"03000093" CID SID "00030028"
		"00000101"
		"00000000"
		"00000000"
		"00050018"
		"00000000000000000000000000000000"
		"00000000"
		"00000000"
		"00190029"
		"00000101"
		"00000000"
		"00000000"
		"001a0019"
		"00000000"
		"00000000"
		"38"
		"00000000000000000000000000000000");
	assert_reply(&r, "07000093" CID SID IA_NA_OK IA_PD_OK DNS DOM);
}

static void
test_request_foreign_prefix(void)
{
	g_auto(Run) r = {0};
	/* a delegated prefix other than PREFIX6 comes back with lifetimes 0 beside it */
	run_std(&r,
		"03000094" CID SID "00190029"
		"00000101"
		"00000000"
		"00000000"
		"001a0019"
		"00000000"
		"00000000"
		"38"
		"20010db8ee0000000000000000000000");
	assert_reply(&r,
		     "07000094" CID SID "00190046"
		     "00000101"
		     "00000708"
		     "00000b40"
		     "001a0019"
		     "00000e10"
		     "00001c20"
		     "38" PFX "001a0019"
		     "00000000"
		     "00000000"
		     "38"
		     "20010db8ee0000000000000000000000" DNS DOM);
}

static void
test_request_hint_nothing_bound(void)
{
	g_auto(Run) r = {0};
	/* with no address to assign, the IA says NoAddrsAvail and carries no address (§18.3.2) */
	run_binding(&r,
		    "SUBNET6,EUI64",
		    NULL,
		    "03000095" CID SID "00030028"
		    "00000101"
		    "00000000"
		    "00000000" IAADDR_HINT0);
	assert_reply(&r,
		     "07000095" CID SID "00030028"
		     "00000101"
		     "00000000"
		     "00000000" ST_NOADDRS DNS DOM);
}

static void
test_solicit_rapid_commit_hint(void)
{
	g_auto(Run) r = {0};
	/* dhcpcd with "ia_na 1/2001:db8:99::5" and Rapid Commit: the Reply commits like one to a
	 * Request (§18.3.1), so the hint comes back with lifetimes 0 */
	run_std(&r, "dhcpcd-solicit-rapid-hint.bin");
	assert_reply(&r,
		     "07"
		     "040511" CID_RAPID SID "00030044"
		     "00000001"
		     "00000708"
		     "00000b40" IAADDR_OK IAADDR_HINT0 RAPID);
}

static void
test_solicit_hint_not_in_advertise(void)
{
	g_auto(Run) r = {0};
	/* the same hint in a plain Solicit: an Advertise commits nothing, it offers the binding's
	 * address only (§18.3.9) */
	run_std(&r, "dhcpcd-solicit-hint.bin");
	assert_reply(&r,
		     "02"
		     "8f9460" CID_HINT SID IA_NA1_OK);
}

/* ---- Rebind and Renew with nothing bound (RFC 8415 §18.3.4, §18.3.5) ----------------------- */

static void
test_rebind_nothing_bound_pd(void)
{
	g_auto(Run) r = {0};
	/* dhcpcd --ia_na 1 --ia_pd 2 rebinding its lease, PREFIX6 not in the binding: the IA_PD
	 * says NoPrefixAvail (a NoBinding sent dhcpcd to Request, e2e-dhcp6) */
	run_binding(&r, "PREFIX6", NULL, "dhcpcd-rebind-na-pd.bin");
	assert_reply(&r,
		     "07"
		     "a7754d" CID_REBIND SID IA_NA1_OK "00190027"
		     "00000002"
		     "00000000"
		     "00000000" ST_NOPREFIX);
}

static void
test_rebind_nothing_bound_na(void)
{
	g_auto(Run) r = {0};
	run_binding(&r,
		    "SUBNET6,EUI64",
		    NULL,
		    "060000a0" CID "0003000c"
		    "00000101"
		    "00000000"
		    "00000000");
	assert_reply(&r,
		     "070000a0" CID SID "00030028"
		     "00000101"
		     "00000000"
		     "00000000" ST_NOADDRS DNS DOM);
}

static void
test_rebind_off_link_nothing_bound(void)
{
	g_auto(Run) r = {0};
	/* §18.3.5: no binding for the IA and its address not appropriate for the link: the
	 * address with lifetimes 0, and no status, so that the client drops it */
	run_binding(&r,
		    "SUBNET6,EUI64",
		    NULL,
		    "060000a1" CID "00030028"
		    "00000101"
		    "00000000"
		    "00000000" IAADDR_HINT0);
	assert_reply(&r,
		     "070000a1" CID SID "00030028"
		     "00000101"
		     "00000000"
		     "00000000" IAADDR_HINT0 DNS DOM);
}

/* ---- messages sent to a unicast address (RFC 8415 §16, §18.4) ------------------------------ */

static void
test_unicast_request(void)
{
	NfdDhcp6Config cfg;
	g_auto(Run) r = {0};

	/* no Server Unicast option was ever sent: UseMulticast, the identifiers, nothing else */
	fixture_config(&cfg);
	run_with(&r, &cfg, NULL, NULL, TRUE, "dhclient-request.bin");
	assert_reply(&r,
		     "07"
		     "1ca9ed"
		     "0001000e"
		     "00010001329a6219525400000101" SID ST_USEMULTICAST);
	g_assert_cmpint(r.res.status, ==, NFD_DHCP6_STATUS_USE_MULTICAST);
	g_assert_false(r.res.addr_assigned);
}

static void
test_unicast_renew(void)
{
	NfdDhcp6Config cfg;
	g_auto(Run) r = {0};

	fixture_config(&cfg);
	run_with(&r, &cfg, NULL, NULL, TRUE, "dhclient-renew.bin");
	assert_reply(&r,
		     "07"
		     "71d5fa"
		     "0001000e"
		     "00010001329a6219525400000101" SID ST_USEMULTICAST);
}

static void
test_unicast_release(void)
{
	NfdDhcp6Config cfg;
	g_auto(Run) r = {0};

	fixture_config(&cfg);
	run_with(&r, &cfg, NULL, NULL, TRUE, "dhclient-release.bin");
	assert_reply(&r,
		     "07"
		     "b6b674"
		     "0001000e"
		     "00010001329a6219525400000101" SID ST_USEMULTICAST);
}

static void
test_unicast_decline(void)
{
	NfdDhcp6Config cfg;
	g_auto(Run) r = {0};

	fixture_config(&cfg);
	run_with(&r,
		 &cfg,
		 NULL,
		 NULL,
		 TRUE,
		 "090000b0" CID SID "00030028"
		 "00000101"
		 "00000000"
		 "00000000"
		 "00050018" EUI "00000000"
		 "00000000");
	assert_reply(&r, "070000b0" CID SID ST_USEMULTICAST);
	/* not processed: nothing to warn about until it comes by multicast */
	g_assert_false(r.res.declined);
}

static void
test_unicast_other_server(void)
{
	NfdDhcp6Config cfg;
	g_auto(Run) r = {0};

	/* a message for another server is dropped as before, wherever it is sent */
	fixture_config(&cfg);
	run_with(&r,
		 &cfg,
		 NULL,
		 NULL,
		 TRUE,
		 "030000b1" CID "0002000a"
		 "00030001020000000002");
	assert_drop(&r, NFD_DHCP6_DROP_OTHER_SERVER);
}

static void
test_unicast_discarded(void)
{
	static const gchar *const msgs[] = {
	    "dhclient-solicit-na.bin",
	    "dhclient-confirm.bin",
	    "dhclient-info-request.bin",
	    "dhcpcd-rebind-na-pd.bin",
	};
	NfdDhcp6Config cfg;

	/* RFC 8415 §16: Solicit, Confirm, Rebind and Information-request sent to a unicast
	 * address are discarded */
	fixture_config(&cfg);
	for (guint i = 0; i < G_N_ELEMENTS(msgs); i++) {
		g_auto(Run) r = {0};
		run_with(&r, &cfg, NULL, NULL, TRUE, msgs[i]);
		assert_drop(&r, NFD_DHCP6_DROP_UNICAST);
	}
}

/* ---- Preference (RFC 8415 §18.3.9, §21.8) ------------------------------------------------ */

static void
test_solicit_preference_configured(void)
{
	NfdDhcp6Config cfg;
	g_auto(Run) r = {0};

	/* the default 0 is not sent (test_solicit_advertise); a configured one is */
	fixture_config(&cfg);
	cfg.preference = 255;
	run_with(&r, &cfg, NULL, NULL, FALSE, "dhclient-solicit-na.bin");
	assert_reply(&r,
		     "02"
		     "f34bfc"
		     "0001000e"
		     "00010001329a6151525400000101" SID IA_NA_OK PREF DNS DOM);
}

/* ---- the captive-portal URI, option 103 (RFC 8910) --------------------------------------- */

static void
test_captive_portal_config(void)
{
	NfdDhcp6Config cfg;
	g_auto(Run) r = {0};

	/* dhcpcd with "define6 103 string captive_portal_uri" asks for it in its ORO */
	portal_config(&cfg);
	run_with(&r, &cfg, NULL, NULL, FALSE, "dhcpcd-request-captive.bin");
	assert_reply(&r,
		     "07"
		     "06b03f" CID_HINT SID IA_NA1_OK OPT_PORTAL);
}

static void
test_captive_portal_binding(void)
{
	const gchar *extra[] = {"CAPTIVE_PORTAL", "urn:ietf:params:capport:unrestricted", NULL};
	NfdDhcp6Config cfg;
	g_auto(Run) r = {0};

	/* CAPTIVE_PORTAL overrides [dhcp6] captive-portal for its tap */
	portal_config(&cfg);
	run_with(&r, &cfg, NULL, extra, FALSE, "dhcpcd-request-captive.bin");
	assert_reply(&r,
		     "07"
		     "06b03f" CID_HINT SID IA_NA1_OK "00670024"
		     "75726e3a696574663a706172616d733a636170706f72743a756e72657374726963746564");
	g_assert_false(r.res.bad_captive_portal);
}

static void
test_captive_portal_binding_bad(void)
{
	const gchar *extra[] = {"CAPTIVE_PORTAL", "http://portal.example.net/", NULL};
	NfdDhcp6Config cfg;
	g_auto(Run) r = {0};

	/* an invalid CAPTIVE_PORTAL counts as absent, and is flagged for a warning */
	portal_config(&cfg);
	run_with(&r, &cfg, NULL, extra, FALSE, "dhcpcd-request-captive.bin");
	assert_reply(&r,
		     "07"
		     "06b03f" CID_HINT SID IA_NA1_OK OPT_PORTAL);
	g_assert_true(r.res.bad_captive_portal);
}

static void
test_captive_portal_not_requested(void)
{
	NfdDhcp6Config cfg;
	g_auto(Run) r = {0};

	/* dhclient's ORO (23, 24, 39, 31) does not name 103 */
	portal_config(&cfg);
	run_with(&r, &cfg, NULL, NULL, FALSE, "dhclient-info-request.bin");
	assert_reply(&r,
		     "07"
		     "7b23c6" CID SID DNS DOM IRT);
}

static void
test_captive_portal_information_request(void)
{
	NfdDhcp6Config cfg;
	g_auto(Run) r = {0};

	portal_config(&cfg);
	run_with(&r,
		 &cfg,
		 NULL,
		 NULL,
		 FALSE,
		 "0b0000c0" CID "00060002"
		 "0067");
	assert_reply(&r, "070000c0" CID SID OPT_PORTAL IRT);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/dhcp6/binding/subnet6-derives-address",
			test_binding_subnet6_derives_address);
	g_test_add_func("/nfd/dhcp6/binding/subnet6-derived-request",
			test_binding_subnet6_derived_request);
	g_test_add_func("/nfd/dhcp6/binding/subnet6-longer-than-64",
			test_binding_subnet6_longer_than_64);
	g_test_add_func("/nfd/dhcp6/request/off-link-hint", test_request_off_link_hint);
	g_test_add_func("/nfd/dhcp6/request/on-link-hint", test_request_on_link_hint);
	g_test_add_func("/nfd/dhcp6/request/own-address-once", test_request_own_address_once);
	g_test_add_func("/nfd/dhcp6/request/unspecified-hint", test_request_unspecified_hint);
	g_test_add_func("/nfd/dhcp6/request/foreign-prefix", test_request_foreign_prefix);
	g_test_add_func("/nfd/dhcp6/request/hint-nothing-bound", test_request_hint_nothing_bound);
	g_test_add_func("/nfd/dhcp6/solicit/rapid-commit-hint", test_solicit_rapid_commit_hint);
	g_test_add_func("/nfd/dhcp6/solicit/hint-not-in-advertise",
			test_solicit_hint_not_in_advertise);
	g_test_add_func("/nfd/dhcp6/solicit/preference-configured",
			test_solicit_preference_configured);
	g_test_add_func("/nfd/dhcp6/rebind/nothing-bound-pd", test_rebind_nothing_bound_pd);
	g_test_add_func("/nfd/dhcp6/rebind/nothing-bound-na", test_rebind_nothing_bound_na);
	g_test_add_func("/nfd/dhcp6/rebind/off-link-nothing-bound",
			test_rebind_off_link_nothing_bound);
	g_test_add_func("/nfd/dhcp6/unicast/request", test_unicast_request);
	g_test_add_func("/nfd/dhcp6/unicast/renew", test_unicast_renew);
	g_test_add_func("/nfd/dhcp6/unicast/release", test_unicast_release);
	g_test_add_func("/nfd/dhcp6/unicast/decline", test_unicast_decline);
	g_test_add_func("/nfd/dhcp6/unicast/other-server", test_unicast_other_server);
	g_test_add_func("/nfd/dhcp6/unicast/discarded", test_unicast_discarded);
	g_test_add_func("/nfd/dhcp6/captive-portal/config", test_captive_portal_config);
	g_test_add_func("/nfd/dhcp6/captive-portal/binding", test_captive_portal_binding);
	g_test_add_func("/nfd/dhcp6/captive-portal/binding-bad", test_captive_portal_binding_bad);
	g_test_add_func("/nfd/dhcp6/captive-portal/not-requested",
			test_captive_portal_not_requested);
	g_test_add_func("/nfd/dhcp6/captive-portal/information-request",
			test_captive_portal_information_request);
	return g_test_run();
}
