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

void
nfd_test_nfq_foreach_verdict(const guint8 *buf,
			     gsize len,
			     void (*func)(guint32 id, guint32 verdict, gpointer user_data),
			     gpointer user_data)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	gint rem = (gint)len;

	while (mnl_nlmsg_ok(nlh, rem)) {
		const struct nlattr *attr;
		g_assert_cmpuint(NFNL_MSG_TYPE(nlh->nlmsg_type), ==, NFQNL_MSG_VERDICT);
		mnl_attr_for_each(attr, nlh, sizeof(struct nfgenmsg))
		{
			if (mnl_attr_get_type(attr) == NFQA_VERDICT_HDR) {
				const struct nfqnl_msg_verdict_hdr *vh = mnl_attr_get_payload(attr);
				func(ntohl(vh->id), ntohl(vh->verdict), user_data);
			}
		}
		nlh = mnl_nlmsg_next(nlh, &rem);
	}
}
