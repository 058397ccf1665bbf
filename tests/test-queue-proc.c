/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the /proc/net/netfilter/nfnetlink_queue parser (core/nfd-queue-proc.c), over
 * the kernel's own format (seq_show: "%5u %6u %5u %1u %5u %5u %5u %8u %2d").
 */
#include "nfd-queue-proc.h"

/* two queues as a 6.1 kernel prints them, and a line of something else */
static const gchar sample[] = "   42 3758171 0 2 65531     0     0       17  1\n"
			      "   43 3758172    2 2 65531     5     7     1234  1\n"
			      "garbage\n";

static void
test_finds_queue(void)
{
	NfdQueueKernelStats st = {0};

	g_assert_true(nfd_queue_proc_parse(sample, 43, &st));
	g_assert_cmpuint(st.queue, ==, 43);
	g_assert_cmpuint(st.portid, ==, 3758172);
	g_assert_cmpuint(st.pending, ==, 2);
	g_assert_cmpuint(st.copy_mode, ==, 2);
	g_assert_cmpuint(st.copy_range, ==, 65531);
	g_assert_cmpuint(st.queue_dropped, ==, 5);
	g_assert_cmpuint(st.user_dropped, ==, 7);
	g_assert_cmpuint(st.id_sequence, ==, 1234);
}

static void
test_missing_queue(void)
{
	NfdQueueKernelStats st = {0};

	g_assert_false(nfd_queue_proc_parse(sample, 44, &st));
	g_assert_false(nfd_queue_proc_parse("", 42, &st));
	g_assert_false(nfd_queue_proc_parse("42 1 2\n", 42, &st));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/queue-proc/finds-queue", test_finds_queue);
	g_test_add_func("/nfd/queue-proc/missing-queue", test_missing_queue);
	return g_test_run();
}
