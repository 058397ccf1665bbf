/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdLinkMonitor: an rtnetlink (RFC 3549) link table, with libmnl.
 *
 * At creation it dumps all links (RTM_GETLINK with NLM_F_DUMP) on one socket, then subscribes
 * a second socket to RTNLGRP_LINK and applies RTM_NEWLINK/RTM_DELLINK as they come, from the
 * GLib main loop.  On ENOBUFS (events lost) it dumps again.  Names map to ifindex and MAC.
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

static gint
link_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	gint type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, IFLA_MAX) < 0)
		return MNL_CB_OK;
	tb[type] = attr;
	return MNL_CB_OK;
}

static gint
link_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	NfdLinkMonitor *self = data;
	struct ifinfomsg *ifm;
	const struct nlattr *tb[IFLA_MAX + 1] = {NULL};
	const gchar *name;
	NfdLink *link;
	gboolean present = nlh->nlmsg_type == RTM_NEWLINK;

	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return MNL_CB_OK;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifm))
		return MNL_CB_OK;
	ifm = mnl_nlmsg_get_payload(nlh);
	if (mnl_attr_parse(nlh, sizeof(*ifm), link_attr_cb, tb) < 0)
		return MNL_CB_OK;
	if (tb[IFLA_IFNAME] == NULL || mnl_attr_validate(tb[IFLA_IFNAME], MNL_TYPE_STRING) < 0)
		return MNL_CB_OK;
	name = mnl_attr_get_str(tb[IFLA_IFNAME]);
	if (!present) {
		link = g_hash_table_lookup(self->by_name, name);
		/* a DELLINK for an older ifindex of a recreated tap must not remove the new one */
		if (link == NULL || link->ifindex != (guint)ifm->ifi_index)
			return MNL_CB_OK;
		g_hash_table_remove(self->by_name, name);
		if (self->func != NULL)
			self->func(name, (guint)ifm->ifi_index, NULL, FALSE, self->user_data);
		return MNL_CB_OK;
	}
	link = g_hash_table_lookup(self->by_name, name);
	{
		NfdLink new_link = {.ifindex = (guint)ifm->ifi_index};
		if (tb[IFLA_ADDRESS] != NULL && mnl_attr_get_payload_len(tb[IFLA_ADDRESS]) == 6) {
			memcpy(new_link.mac, mnl_attr_get_payload(tb[IFLA_ADDRESS]), 6);
			new_link.has_mac = TRUE;
		}
		if (link != NULL && link->ifindex == new_link.ifindex &&
		    link->has_mac == new_link.has_mac && memcmp(link->mac, new_link.mac, 6) == 0)
			return MNL_CB_OK;
		if (link == NULL) {
			link = g_new0(NfdLink, 1);
			g_hash_table_insert(self->by_name, g_strdup(name), link);
		}
		*link = new_link;
	}
	if (self->func != NULL)
		self->func(name,
			   link->ifindex,
			   link->has_mac ? link->mac : NULL,
			   TRUE,
			   self->user_data);
	return MNL_CB_OK;
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
		ret = mnl_cb_run(buf, ret, seq, portid, link_msg_cb, self);
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
		mnl_cb_run(buf, ret, 0, 0, link_msg_cb, self);
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
