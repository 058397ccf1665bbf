/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdLinkMonitor: an rtnetlink (RFC 3549) link table, with libmnl.
 *
 * At creation it dumps all links (RTM_GETLINK with NLM_F_DUMP) on one socket, then subscribes
 * a second socket to RTNLGRP_LINK and applies RTM_NEWLINK/RTM_DELLINK as they come, from the
 * GLib main loop.  On ENOBUFS (events lost) it dumps again.  Names map to ifindex and MAC.
 * The datagrams are walked by the pure NfdLinkMsgReader (nfd-link-msg.c, fuzzed).
 */
#include <errno.h>
#include <glib-unix.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <time.h>

#include "nfd-common.h"
#include "nfd-link-monitor.h"
#include "nfd-link-msg.h"

/* fixed sizes where libmnl's MNL_SOCKET_BUFFER_SIZE is min(page size, 8192), a run-time
 * value: the RTM_GETLINK dump buffer (4 x MNL_SOCKET_BUFFER_SIZE on 4 KiB pages, as before),
 * and one event datagram (MNL_SOCKET_BUFFER_SIZE's upper bound) */
#define NFD_LINK_MONITOR_DUMP_BUF 16384
#define NFD_LINK_MONITOR_EVENT_BUF 8192
/* event datagrams read per wake-up, so other sources get a turn */
#define NFD_LINK_MONITOR_EVENT_ROUNDS 64
/* SO_RCVBUFFORCE of the event socket */
#define NFD_LINK_MONITOR_RCVBUF (1 << 20)

typedef struct {
	guint ifindex;
	guint8 mac[6];
	gboolean has_mac;
} NfdLink;

struct _NfdLinkMonitor {
	struct mnl_socket *events;
	guint source_id;
	GHashTable *by_name; /* name -> NfdLink */
	NfdLinkFunc func;
	gpointer user_data;
};

/* one link event onto the table, and to the function when it changes something */
static void
apply_link(NfdLinkMonitor *self, const NfdLinkMsg *msg)
{
	NfdLink *link = g_hash_table_lookup(self->by_name, msg->name);
	NfdLink new_link = {.ifindex = msg->ifindex, .has_mac = msg->has_mac};

	if (!msg->present) {
		/* a DELLINK for an older ifindex of a recreated tap must not remove the new one */
		if (link == NULL || link->ifindex != msg->ifindex)
			return;
		g_hash_table_remove(self->by_name, msg->name);
		if (self->func != NULL)
			self->func(msg->name, msg->ifindex, NULL, FALSE, self->user_data);
		return;
	}
	if (msg->has_mac)
		memcpy(new_link.mac, msg->mac, 6);
	if (link != NULL && link->ifindex == new_link.ifindex &&
	    link->has_mac == new_link.has_mac && memcmp(link->mac, new_link.mac, 6) == 0)
		return;
	if (link == NULL) {
		link = g_new0(NfdLink, 1);
		g_hash_table_insert(self->by_name, g_strdup(msg->name), link);
	}
	*link = new_link;
	if (self->func != NULL)
		self->func(msg->name,
			   link->ifindex,
			   link->has_mac ? link->mac : NULL,
			   TRUE,
			   self->user_data);
}

/* every link event of one datagram; MNL_CB_OK when more may follow, MNL_CB_STOP at the end
 * of a dump, MNL_CB_ERROR with errno set (mnl_cb_run()'s results) */
static gint
apply_datagram(NfdLinkMonitor *self, const guint8 *buf, gsize len, guint seq, guint portid)
{
	NfdLinkMsgReader reader;
	NfdLinkMsg msg;
	gint error_code = 0;

	nfd_link_msg_reader_init(&reader, buf, len, seq, portid);
	for (;;) {
		switch (nfd_link_msg_reader_next(&reader, &msg, &error_code)) {
		case NFD_LINK_MSG_LINK:
			apply_link(self, &msg);
			break;
		case NFD_LINK_MSG_DONE:
			return MNL_CB_STOP;
		case NFD_LINK_MSG_ERROR:
			errno = error_code;
			return MNL_CB_ERROR;
		case NFD_LINK_MSG_END:
		default:
			return MNL_CB_OK;
		}
	}
}

static gboolean
dump_links(NfdLinkMonitor *self, GError **error)
{
	g_autofree guint8 *buf = g_malloc(NFD_LINK_MONITOR_DUMP_BUF);
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct rtgenmsg *rt;
	guint seq = (guint)time(NULL);
	guint portid;
	gssize ret;

	nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (nl == NULL || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "cannot open rtnetlink: %s",
			    g_strerror(errno));
		if (nl != NULL)
			mnl_socket_close(nl);
		return FALSE;
	}
	portid = mnl_socket_get_portid(nl);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	rt = mnl_nlmsg_put_extra_header(nlh, sizeof(*rt));
	rt->rtgen_family = AF_PACKET;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "cannot dump links: %s",
			    g_strerror(errno));
		mnl_socket_close(nl);
		return FALSE;
	}
	while ((ret = mnl_socket_recvfrom(nl, buf, NFD_LINK_MONITOR_DUMP_BUF)) > 0) {
		ret = apply_datagram(self, buf, (gsize)ret, seq, portid);
		if (ret <= MNL_CB_STOP)
			break;
	}
	mnl_socket_close(nl);
	if (ret < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "cannot dump links: %s",
			    g_strerror(errno));
		return FALSE;
	}
	return TRUE;
}

static gboolean
events_cb(gint fd, GIOCondition cond, gpointer user_data)
{
	NfdLinkMonitor *self = user_data;
	guint8 buf[NFD_LINK_MONITOR_EVENT_BUF];

	for (guint i = 0; i < NFD_LINK_MONITOR_EVENT_ROUNDS; i++) {
		gssize ret = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (ret < 0) {
			if (errno == ENOBUFS) {
				g_autoptr(GError) error = NULL;
				g_info("rtnetlink events lost, dumping links again");
				if (!dump_links(self, &error))
					g_warning("%s", error->message);
				continue;
			}
			break;
		}
		apply_datagram(self, buf, (gsize)ret, 0, 0);
	}
	return G_SOURCE_CONTINUE;
}

NfdLinkMonitor *
nfd_link_monitor_new(GError **error)
{
	g_autoptr(NfdLinkMonitor) self = g_new0(NfdLinkMonitor, 1);
	gint rcvbuf = NFD_LINK_MONITOR_RCVBUF;

	self->by_name = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	self->events = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (self->events == NULL ||
	    mnl_socket_bind(self->events, RTMGRP_LINK, MNL_SOCKET_AUTOPID) < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "cannot subscribe to rtnetlink link events: %s",
			    g_strerror(errno));
		return NULL;
	}
	(void)setsockopt(mnl_socket_get_fd(self->events),
			 SOL_SOCKET,
			 SO_RCVBUFFORCE,
			 &rcvbuf,
			 sizeof(rcvbuf));
	/* subscribe first, then dump: no event can fall between the two */
	if (!dump_links(self, error))
		return NULL;
	self->source_id = g_unix_fd_add(mnl_socket_get_fd(self->events), G_IO_IN, events_cb, self);
	return g_steal_pointer(&self);
}

void
nfd_link_monitor_free(NfdLinkMonitor *self)
{
	if (self == NULL)
		return;
	if (self->source_id != 0)
		g_source_remove(self->source_id);
	if (self->events != NULL)
		mnl_socket_close(self->events);
	if (self->by_name != NULL)
		g_hash_table_unref(self->by_name);
	g_free(self);
}

void
nfd_link_monitor_set_func(NfdLinkMonitor *self, NfdLinkFunc func, gpointer user_data)
{
	self->func = func;
	self->user_data = user_data;
}

guint
nfd_link_monitor_lookup(NfdLinkMonitor *self, const gchar *name, guint8 *mac)
{
	NfdLink *link = g_hash_table_lookup(self->by_name, name);

	if (link == NULL)
		return 0;
	if (mac != NULL) {
		if (link->has_mac)
			memcpy(mac, link->mac, 6);
		else
			memset(mac, 0, 6);
	}
	return link->ifindex;
}
