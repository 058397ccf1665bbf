/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdLinkMsgReader: the rtnetlink link messages of one netlink datagram, as link events.
 *
 * Pure code (no socket): NfdLinkMonitor reads datagrams, this walks them.  A datagram is a
 * sequence of netlink messages (RFC 3549 §2.3.2); RTM_NEWLINK and RTM_DELLINK ones become
 * NfdLinkMsg events (ifindex, name, MAC, flags), other data messages are skipped, and the
 * control messages end the walk the way libmnl's mnl_cb_run() does: NLMSG_DONE and an
 * acknowledgement end a dump, NLMSG_ERROR, a message of another port or sequence and an
 * interrupted dump are errors.  A message or attribute whose length runs past what contains
 * it ends the walk (or the message's attributes); nothing is read before its length is
 * checked.
 */
#pragma once

#include <glib.h>

typedef struct {
	gboolean present; /* RTM_NEWLINK; FALSE for RTM_DELLINK */
	guint ifindex;
	const gchar *name; /* IFLA_IFNAME, NUL-terminated inside the datagram */
	guint flags;	   /* ifi_flags: IFF_UP, IFF_LOWER_UP, ... */
	gboolean up;	   /* IFF_UP */
	gboolean has_mac;  /* an IFLA_ADDRESS of 6 octets */
	guint8 mac[6];
} NfdLinkMsg;

typedef enum {
	NFD_LINK_MSG_END,   /* no complete message left */
	NFD_LINK_MSG_LINK,  /* the next link event */
	NFD_LINK_MSG_DONE,  /* NLMSG_DONE, or an acknowledgement: a dump is complete */
	NFD_LINK_MSG_ERROR, /* NLMSG_ERROR, another port or sequence, an interrupted dump */
} NfdLinkMsgResult;

typedef struct {
	const guint8 *buf;
	gsize len;
	gsize off;
	guint32 seq;
	guint32 portid;
} NfdLinkMsgReader;

void
nfd_link_msg_reader_init(NfdLinkMsgReader *self,
			 const guint8 *buf,
			 gsize len,
			 guint32 seq,
			 guint32 portid);
NfdLinkMsgResult
nfd_link_msg_reader_next(NfdLinkMsgReader *self, NfdLinkMsg *msg, gint *error_code);
