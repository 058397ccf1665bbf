/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target of the rtnetlink link message parser (core/nfd-link-msg.c), which walks the
 * datagrams NfdLinkMonitor receives.  Input: one datagram, walked twice: as an event
 * (sequence and port not checked) and as an answer to a dump (the first message's sequence
 * number and port id expected on every message).  Checked: every name lies inside the
 * datagram and ends there, the cursor only moves forward, an error has an errno, and the
 * links of the checked walk are the first links of the unchecked one.
 */
#include <linux/if.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <string.h>

#include "nfd-link-msg.h"

#define FUZZ_RTNL_MAX_LINKS 4096

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
	guint ifindex;
	gboolean present;
	const gchar *name;
} FuzzLink;

/* every result of one walk into @links; the number of links */
static guint
walk(const guint8 *data, gsize size, guint32 seq, guint32 portid, FuzzLink *links)
{
	NfdLinkMsgReader reader;
	NfdLinkMsg msg;
	NfdLinkMsgResult res;
	gint error_code = 0;
	gsize last_off = 0;
	guint n = 0;

	nfd_link_msg_reader_init(&reader, data, size, seq, portid);
	while ((res = nfd_link_msg_reader_next(&reader, &msg, &error_code)) == NFD_LINK_MSG_LINK) {
		const guint8 *name = (const guint8 *)msg.name;

		g_assert_true(name >= data + NLMSG_HDRLEN && name < data + size);
		g_assert_nonnull(memchr(name, '\0', (gsize)(data + size - name)));
		g_assert_true(msg.up == ((msg.flags & IFF_UP) != 0));
		g_assert_cmpuint(reader.off, >, last_off);
		g_assert_cmpuint(reader.off, <=, size);
		last_off = reader.off;
		/* a link message is at least a header, an ifinfomsg and a name attribute */
		g_assert_cmpuint(n, <, size / (NLMSG_HDRLEN + 16 + 4));
		links[n].ifindex = msg.ifindex;
		links[n].present = msg.present;
		links[n].name = msg.name;
		n++;
	}
	g_assert_true(res == NFD_LINK_MSG_END || res == NFD_LINK_MSG_DONE ||
		      res == NFD_LINK_MSG_ERROR);
	g_assert_true(res != NFD_LINK_MSG_ERROR || error_code > 0);
	g_assert_cmpuint(reader.off, <=, size);
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FuzzLink any[FUZZ_RTNL_MAX_LINKS];
	static FuzzLink checked[FUZZ_RTNL_MAX_LINKS];
	struct nlmsghdr first = {0};
	guint n_any;
	guint n_checked;

	/* at most size / 36 links fit: the arrays are large enough below 147 KiB */
	if (size > 0x20000)
		return 0;
	n_any = walk(data, size, 0, 0, any);
	if (size >= sizeof(first))
		memcpy(&first, data, sizeof(first));
	n_checked = walk(data, size, first.nlmsg_seq, first.nlmsg_pid, checked);
	g_assert_cmpuint(n_checked, <=, n_any);
	for (guint i = 0; i < n_checked; i++) {
		g_assert_cmpuint(checked[i].ifindex, ==, any[i].ifindex);
		g_assert_true(checked[i].present == any[i].present);
		g_assert_true(checked[i].name == any[i].name);
	}
	return 0;
}
