/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdLinkMsgReader: walks one rtnetlink datagram (see nfd-link-msg.h).
 *
 * The layout is netlink's (RFC 3549 §2.3.2, linux/netlink.h): each message a 16-octet
 * struct nlmsghdr whose nlmsg_len covers header and payload, the next one at
 * NLMSG_ALIGN(nlmsg_len); a link message's payload a struct ifinfomsg (linux/rtnetlink.h)
 * then attributes, each a 4-octet struct nlattr whose nla_len covers header and payload, the
 * next at NLA_ALIGN(nla_len).  Headers are copied out, so the buffer needs no alignment.
 */
#include <errno.h>
#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "nfd-link-msg.h"

/**
 * nfd_link_msg_reader_init:
 * @seq: the sequence number of the request whose answer this is (a dump), or 0
 * @portid: our netlink port id, or 0
 *
 * A message with a non-zero sequence number or port id other than @seq or @portid (when
 * these are not 0) is an error, as libmnl's mnl_nlmsg_seq_ok() and mnl_nlmsg_portid_ok() say.
 */
void
nfd_link_msg_reader_init(NfdLinkMsgReader *self,
			 const guint8 *buf,
			 gsize len,
			 guint32 seq,
			 guint32 portid)
{
	self->buf = buf;
	self->len = buf != NULL ? len : 0;
	self->off = 0;
	self->seq = seq;
	self->portid = portid;
}

/* IFLA_IFNAME and IFLA_ADDRESS of the attributes in [@p, @p + @len); FALSE without a name
 * (absent, empty, or without its NUL inside the attribute) */
static gboolean
parse_attrs(const guint8 *p, gsize len, NfdLinkMsg *msg)
{
	const guint8 *name = NULL;
	gsize name_len = 0;

	msg->has_mac = FALSE;
	while (len >= sizeof(struct nlattr)) {
		struct nlattr nla;
		gsize step;

		memcpy(&nla, p, sizeof(nla));
		if (nla.nla_len < sizeof(nla) || nla.nla_len > len)
			break;
		/* a later attribute of the same type wins, as in libmnl's mnl_attr_parse() */
		switch (nla.nla_type & NLA_TYPE_MASK) {
		case IFLA_IFNAME:
			name = p + sizeof(nla);
			name_len = nla.nla_len - sizeof(nla);
			break;
		case IFLA_ADDRESS:
			msg->has_mac = nla.nla_len - sizeof(nla) == sizeof(msg->mac);
			if (msg->has_mac)
				memcpy(msg->mac, p + sizeof(nla), sizeof(msg->mac));
			break;
		default:
			break;
		}
		step = NLA_ALIGN((gsize)nla.nla_len);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	if (name == NULL || name_len == 0 || memchr(name, '\0', name_len) == NULL)
		return FALSE;
	msg->name = (const gchar *)name;
	return TRUE;
}

/* one RTM_NEWLINK / RTM_DELLINK message of @len octets (header included) */
static gboolean
parse_link(const guint8 *p, gsize len, guint16 type, NfdLinkMsg *msg)
{
	struct ifinfomsg ifm;
	gsize attrs = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(ifm));

	if (type != RTM_NEWLINK && type != RTM_DELLINK)
		return FALSE;
	if (len < NLMSG_HDRLEN + sizeof(ifm))
		return FALSE;
	memcpy(&ifm, p + NLMSG_HDRLEN, sizeof(ifm));
	memset(msg, 0, sizeof(*msg));
	if (attrs > len || !parse_attrs(p + attrs, len - attrs, msg))
		return FALSE;
	msg->present = type == RTM_NEWLINK;
	msg->ifindex = (guint)ifm.ifi_index;
	msg->flags = ifm.ifi_flags;
	msg->up = (ifm.ifi_flags & IFF_UP) != 0;
	return TRUE;
}

/* NLMSG_ERROR: an acknowledgement (error 0) ends a request like NLMSG_DONE */
static NfdLinkMsgResult
parse_error(const guint8 *p, gsize len, gint *error_code)
{
	struct nlmsgerr err;

	if (len < NLMSG_HDRLEN + sizeof(err)) {
		*error_code = EBADMSG;
		return NFD_LINK_MSG_ERROR;
	}
	memcpy(&err, p + NLMSG_HDRLEN, sizeof(err));
	if (err.error == 0)
		return NFD_LINK_MSG_DONE;
	/* the kernel sends -errno; G_MININT has no positive counterpart */
	*error_code = (gint)MIN(ABS((gint64)err.error), (gint64)G_MAXINT);
	return NFD_LINK_MSG_ERROR;
}

/**
 * nfd_link_msg_reader_next:
 * @msg: (out): the link event, when %NFD_LINK_MSG_LINK is returned; its name points into the
 *   datagram
 * @error_code: (out): an errno value, when %NFD_LINK_MSG_ERROR is returned
 *
 * Returns: what comes next; after anything but %NFD_LINK_MSG_LINK the datagram is done with.
 */
NfdLinkMsgResult
nfd_link_msg_reader_next(NfdLinkMsgReader *self, NfdLinkMsg *msg, gint *error_code)
{
	*error_code = 0;
	while (self->len - self->off >= sizeof(struct nlmsghdr)) {
		const guint8 *p = self->buf + self->off;
		gsize left = self->len - self->off;
		struct nlmsghdr nlh;

		memcpy(&nlh, p, sizeof(nlh));
		if (nlh.nlmsg_len < sizeof(nlh) || nlh.nlmsg_len > left)
			break;
		/* the next message, if there is room for one */
		self->off += MIN(NLMSG_ALIGN((gsize)nlh.nlmsg_len), left);
		if (nlh.nlmsg_pid != 0 && self->portid != 0 && nlh.nlmsg_pid != self->portid) {
			*error_code = ESRCH;
			return NFD_LINK_MSG_ERROR;
		}
		if (nlh.nlmsg_seq != 0 && self->seq != 0 && nlh.nlmsg_seq != self->seq) {
			*error_code = EPROTO;
			return NFD_LINK_MSG_ERROR;
		}
		if (nlh.nlmsg_flags & NLM_F_DUMP_INTR) {
			*error_code = EINTR;
			return NFD_LINK_MSG_ERROR;
		}
		if (nlh.nlmsg_type >= NLMSG_MIN_TYPE) {
			if (parse_link(p, nlh.nlmsg_len, nlh.nlmsg_type, msg))
				return NFD_LINK_MSG_LINK;
			continue;
		}
		if (nlh.nlmsg_type == NLMSG_ERROR)
			return parse_error(p, nlh.nlmsg_len, error_code);
		if (nlh.nlmsg_type == NLMSG_DONE)
			return NFD_LINK_MSG_DONE;
		/* NLMSG_NOOP, NLMSG_OVERRUN and the other reserved types: nothing to do */
	}
	self->off = self->len;
	return NFD_LINK_MSG_END;
}
