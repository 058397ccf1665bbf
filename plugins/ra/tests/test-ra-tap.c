/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of the per-tap RA state around a lost prefix (RFC 4861 §6.2.5, §12; RFC 9096 §3.5):
 * a renumbered or removed SUBNET6 is deprecated with lifetimes 0 for the valid lifetime it was
 * advertised with, a prefix that comes back is no longer stale, and removing SUBNET6 starts
 * MAX_FINAL_RTR_ADVERTISEMENTS final RAs at once.
 */
#include <arpa/inet.h>

#include "nfd-ra-tap.h"

#define SEC ((gint64)G_USEC_PER_SEC)

static void
prefix(struct in6_addr *p, const gchar *s)
{
	g_assert_cmpint(inet_pton(AF_INET6, s, p), ==, 1);
}

static void
test_renumbered_window(void)
{
	g_autoptr(NfdRaTap) tap = nfd_ra_tap_new("tap1", NULL);
	struct in6_addr a, b;

	prefix(&a, "2001:db8:1::");
	prefix(&b, "2001:db8:2::");
	nfd_ra_tap_set_prefix(tap, TRUE, &a, 64, 86400, 10 * SEC);
	g_assert_false(nfd_ra_tap_old_prefix_active(tap, 10 * SEC));
	/* the same prefix again (another key changed): nothing is stale */
	nfd_ra_tap_set_prefix(tap, TRUE, &a, 64, 86400, 20 * SEC);
	g_assert_false(nfd_ra_tap_old_prefix_active(tap, 20 * SEC));
	nfd_ra_tap_set_prefix(tap, TRUE, &b, 64, 86400, 100 * SEC);
	g_assert_true(nfd_ra_tap_old_prefix_active(tap, 100 * SEC));
	g_assert_cmpmem(&tap->old_prefix, 16, &a, 16);
	g_assert_cmpuint(tap->old_prefix_len, ==, 64);
	/* for the valid lifetime the prefix had, from the change on */
	g_assert_true(nfd_ra_tap_old_prefix_active(tap, (100 + 86400) * SEC - 1));
	g_assert_false(nfd_ra_tap_old_prefix_active(tap, (100 + 86400) * SEC));
}

static void
test_infinite_lifetime(void)
{
	g_autoptr(NfdRaTap) tap = nfd_ra_tap_new("tap1", NULL);
	struct in6_addr a, b;

	prefix(&a, "2001:db8:1::");
	prefix(&b, "2001:db8:2::");
	nfd_ra_tap_set_prefix(tap, TRUE, &a, 64, G_MAXUINT32, SEC);
	nfd_ra_tap_set_prefix(tap, TRUE, &b, 64, G_MAXUINT32, 2 * SEC);
	g_assert_true(nfd_ra_tap_old_prefix_active(tap, G_MAXINT64 - 1));
}

static void
test_prefix_back(void)
{
	g_autoptr(NfdRaTap) tap = nfd_ra_tap_new("tap1", NULL);
	struct in6_addr a;

	prefix(&a, "2001:db8:1::");
	nfd_ra_tap_set_prefix(tap, TRUE, &a, 64, 86400, SEC);
	nfd_ra_tap_withdraw(tap, 86400, 2 * SEC);
	g_assert_true(nfd_ra_tap_old_prefix_active(tap, 3 * SEC));
	/* SUBNET6 comes back: advertised again, not also deprecated */
	nfd_ra_tap_set_prefix(tap, TRUE, &a, 64, 86400, 4 * SEC);
	g_assert_false(nfd_ra_tap_old_prefix_active(tap, 4 * SEC));
	g_assert_true(tap->has_cur_prefix);
	g_assert_cmpuint(tap->finals_left, ==, 0);
}

static void
test_withdraw(void)
{
	g_autoptr(NfdRaTap) tap = nfd_ra_tap_new("tap1", NULL);
	struct in6_addr a;

	prefix(&a, "2001:db8:1::");
	nfd_ra_tap_set_prefix(tap, TRUE, &a, 64, 14400, SEC);
	nfd_ra_tap_withdraw(tap, 14400, 50 * SEC);
	g_assert_false(tap->has_cur_prefix);
	g_assert_true(nfd_ra_tap_old_prefix_active(tap, 50 * SEC));
	g_assert_cmpmem(&tap->old_prefix, 16, &a, 16);
	/* RFC 4861 §6.2.5: MAX_FINAL_RTR_ADVERTISEMENTS, the first at once */
	g_assert_cmpuint(tap->finals_left, ==, NFD_RA_MAX_FINAL_RTR_ADVERTISEMENTS);
	g_assert_cmpint(tap->sched.next_due, ==, 50 * SEC);
	g_assert_false(nfd_ra_tap_old_prefix_active(tap, (50 + 14400) * SEC));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/ra/tap/renumbered-window", test_renumbered_window);
	g_test_add_func("/nfd/ra/tap/infinite-lifetime", test_infinite_lifetime);
	g_test_add_func("/nfd/ra/tap/prefix-back", test_prefix_back);
	g_test_add_func("/nfd/ra/tap/withdraw", test_withdraw);
	return g_test_run();
}
