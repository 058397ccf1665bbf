/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test support: building NFQNL_MSG_PACKET messages and decoding verdicts (see the header).
 */
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <string.h>

#include "nfd-test-nfq.h"

void
nfd_test_nfq_put_packet(guint8 *buf,
			gsize *len,
			guint16 queue,
			guint32 id,
			guint32 indev,
			guint32 physindev,
			const guint8 *mac,
			const guint8 *payload,
			gsize plen,
			gboolean with_hdr)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf + *len);
	struct nfgenmsg *nfg;

	nlh->nlmsg_type = (NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = AF_UNSPEC;
	nfg->res_id = htons(queue);
	if (with_hdr) {
		struct nfqnl_msg_packet_hdr ph = {.packet_id = htonl(id),
						  .hw_protocol = htons(0x0800),
						  .hook = 0};
		mnl_attr_put(nlh, NFQA_PACKET_HDR, sizeof(ph), &ph);
	}
	if (indev != 0)
		mnl_attr_put_u32(nlh, NFQA_IFINDEX_INDEV, htonl(indev));
	if (physindev != 0)
		mnl_attr_put_u32(nlh, NFQA_IFINDEX_PHYSINDEV, htonl(physindev));
	if (mac != NULL) {
		struct nfqnl_msg_packet_hw hw = {.hw_addrlen = htons(6)};
		memcpy(hw.hw_addr, mac, 6);
		mnl_attr_put(nlh, NFQA_HWADDR, sizeof(hw), &hw);
	}
	if (payload != NULL)
		mnl_attr_put(nlh, NFQA_PAYLOAD, plen, payload);
	*len += NLMSG_ALIGN(nlh->nlmsg_len);
}

/* the kernel's nfq_id_after(): @a was queued after @b, across the wrap of the 32-bit id */
static gboolean
id_after(guint32 a, guint32 b)
{
	return (gint32)(b - a) < 0;
}

static void
answer(GArray *pending,
       guint32 id,
       gboolean batch,
       guint32 verdict,
       void (*func)(guint32 id, guint32 verdict, gpointer user_data),
       gpointer user_data)
{
	if (!batch) {
		for (guint i = 0; pending != NULL && i < pending->len; i++) {
			if (g_array_index(pending, guint32, i) == id) {
				g_array_remove_index(pending, i);
				break;
			}
		}
		func(id, verdict, user_data);
		return;
	}
	/* nfqnl_recv_verdict_batch(): from the head of the queue up to the first younger id */
	g_assert_nonnull(pending);
	while (pending->len > 0 && !id_after(g_array_index(pending, guint32, 0), id)) {
		guint32 done = g_array_index(pending, guint32, 0);
		g_array_remove_index(pending, 0);
		func(done, verdict, user_data);
	}
}

void
nfd_test_nfq_foreach_verdict(const guint8 *buf,
			     gsize len,
			     GArray *pending,
			     void (*func)(guint32 id, guint32 verdict, gpointer user_data),
			     gpointer user_data)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	gint rem = (gint)len;

	while (mnl_nlmsg_ok(nlh, rem)) {
		const struct nlattr *attr;
		guint16 type = NFNL_MSG_TYPE(nlh->nlmsg_type);
		g_assert_true(type == NFQNL_MSG_VERDICT || type == NFQNL_MSG_VERDICT_BATCH);
		mnl_attr_for_each(attr, nlh, sizeof(struct nfgenmsg))
		{
			if (mnl_attr_get_type(attr) == NFQA_VERDICT_HDR) {
				const struct nfqnl_msg_verdict_hdr *vh = mnl_attr_get_payload(attr);
				answer(pending,
				       ntohl(vh->id),
				       type == NFQNL_MSG_VERDICT_BATCH,
				       ntohl(vh->verdict),
				       func,
				       user_data);
			}
		}
		nlh = mnl_nlmsg_next(nlh, &rem);
	}
}
