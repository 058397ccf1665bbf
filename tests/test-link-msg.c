/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of NfdLinkMsgReader over real rtnetlink datagrams (tests/data/rtnl/, captured in a
 * private network namespace by tests/fuzz/capture-rtnl-link.py): the RTM_GETLINK dump, a
 * tap's RTM_NEWLINK/RTM_DELLINK events (new MAC, up, down, deleted, recreated), an
 * acknowledgement and an error; then the same datagrams truncated, misaligned and altered.
 */
#include <errno.h>
#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "nfd-link-msg.h"

/* the request sequence number the capture used */
#define CAPTURE_SEQ 0x4e464421u

typedef struct {
	gboolean present;
	guint ifindex;
	gchar name[IFNAMSIZ];
	guint flags;
	gboolean up;
	gboolean has_mac;
	guint8 mac[6];
} Link;

typedef struct {
	GArray *links; /* Link */
	NfdLinkMsgResult last;
	gint error_code;
} Walk;

static void
walk_clear(Walk *walk)
{
	g_clear_pointer(&walk->links, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Walk, walk_clear)

static GBytes *
load(const gchar *name)
{
	g_autofree gchar *path = g_test_build_filename(G_TEST_DIST, "data", "rtnl", name, NULL);
	g_autoptr(GError) error = NULL;
	gchar *data = NULL;
	gsize len = 0;

	g_assert_true(g_file_get_contents(path, &data, &len, &error));
	g_assert_no_error(error);
	return g_bytes_new_take(data, len);
}

/* every result of one datagram, the links copied out */
static void
walk_buf(const guint8 *buf, gsize len, guint32 seq, guint32 portid, Walk *walk)
{
	NfdLinkMsgReader reader;
	NfdLinkMsg msg;

	walk->links = g_array_new(FALSE, TRUE, sizeof(Link));
	nfd_link_msg_reader_init(&reader, buf, len, seq, portid);
	while ((walk->last = nfd_link_msg_reader_next(&reader, &msg, &walk->error_code)) ==
	       NFD_LINK_MSG_LINK) {
		Link link;

		/* zeroed, padding too: links are compared with memcmp() */
		memset(&link, 0, sizeof(link));
		link.present = msg.present;
		link.ifindex = msg.ifindex;
		link.flags = msg.flags;
		link.up = msg.up;
		link.has_mac = msg.has_mac;
		g_assert_cmpuint(strlen(msg.name), <, sizeof(link.name));
		g_strlcpy(link.name, msg.name, sizeof(link.name));
		memcpy(link.mac, msg.mac, 6);
		g_array_append_val(walk->links, link);
	}
}

static void
walk_file(const gchar *name, guint32 seq, guint32 portid, Walk *walk)
{
	g_autoptr(GBytes) bytes = load(name);
	gsize len = 0;
	const guint8 *buf = g_bytes_get_data(bytes, &len);

	walk_buf(buf, len, seq, portid, walk);
}

/* the port id the kernel addressed the capture's answers to */
static guint32
capture_portid(const gchar *name)
{
	g_autoptr(GBytes) bytes = load(name);
	struct nlmsghdr nlh;

	g_assert_cmpuint(g_bytes_get_size(bytes), >=, sizeof(nlh));
	memcpy(&nlh, g_bytes_get_data(bytes, NULL), sizeof(nlh));
	return nlh.nlmsg_pid;
}

static const Link *
link_at(Walk *walk, guint i)
{
	g_assert_cmpuint(walk->links->len, >, i);
	return &g_array_index(walk->links, Link, i);
}

static void
assert_mac(const Link *link, const gchar *expected)
{
	g_autofree gchar *str = g_strdup_printf("%02x:%02x:%02x:%02x:%02x:%02x",
						link->mac[0],
						link->mac[1],
						link->mac[2],
						link->mac[3],
						link->mac[4],
						link->mac[5]);
	g_assert_true(link->has_mac);
	g_assert_cmpstr(str, ==, expected);
}

static void
test_dump_links(void)
{
	g_auto(Walk) a = {0};
	g_auto(Walk) b = {0};
	guint32 portid = capture_portid("dump-00.bin");

	walk_file("dump-00.bin", CAPTURE_SEQ, portid, &a);
	walk_file("dump-01.bin", CAPTURE_SEQ, portid, &b);
	g_assert_cmpint(a.last, ==, NFD_LINK_MSG_END);
	g_assert_cmpint(b.last, ==, NFD_LINK_MSG_END);
	g_assert_cmpuint(a.links->len, ==, 2);
	g_assert_cmpuint(b.links->len, ==, 2);
	g_assert_cmpstr(link_at(&a, 0)->name, ==, "lo");
	g_assert_cmpuint(link_at(&a, 0)->ifindex, ==, 1);
	g_assert_cmpstr(link_at(&a, 1)->name, ==, "tap7");
	g_assert_cmpuint(link_at(&a, 1)->ifindex, ==, 2);
	assert_mac(link_at(&a, 1), "a6:7e:bf:ab:75:57");
	g_assert_cmpstr(link_at(&b, 0)->name, ==, "veth1");
	g_assert_cmpuint(link_at(&b, 0)->ifindex, ==, 3);
	g_assert_cmpstr(link_at(&b, 1)->name, ==, "veth0");
	g_assert_cmpuint(link_at(&b, 1)->ifindex, ==, 4);
	assert_mac(link_at(&b, 1), "72:13:6c:2a:6d:d7");
	for (guint i = 0; i < 2; i++) {
		g_assert_true(link_at(&a, i)->present);
		g_assert_true(link_at(&b, i)->present);
	}
}

static void
test_dump_flags(void)
{
	g_auto(Walk) walk = {0};

	walk_file("dump-00.bin", 0, 0, &walk);
	/* lo was set up: IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP; tap7 down */
	g_assert_cmpuint(link_at(&walk, 0)->flags,
			 ==,
			 IFF_UP | IFF_LOOPBACK | IFF_RUNNING | 0x10000);
	g_assert_true(link_at(&walk, 0)->up);
	g_assert_false(link_at(&walk, 1)->up);
}

static void
test_dump_done(void)
{
	g_auto(Walk) walk = {0};

	walk_file("dump-02.bin", CAPTURE_SEQ, capture_portid("dump-02.bin"), &walk);
	g_assert_cmpint(walk.last, ==, NFD_LINK_MSG_DONE);
	g_assert_cmpuint(walk.links->len, ==, 0);
}

static void
test_dump_other_seq_refused(void)
{
	g_auto(Walk) walk = {0};

	walk_file("dump-00.bin", CAPTURE_SEQ + 1, 0, &walk);
	g_assert_cmpint(walk.last, ==, NFD_LINK_MSG_ERROR);
	g_assert_cmpint(walk.error_code, ==, EPROTO);
	g_assert_cmpuint(walk.links->len, ==, 0);
}

static void
test_dump_other_port_refused(void)
{
	g_auto(Walk) walk = {0};

	walk_file("dump-00.bin", 0, capture_portid("dump-00.bin") + 1, &walk);
	g_assert_cmpint(walk.last, ==, NFD_LINK_MSG_ERROR);
	g_assert_cmpint(walk.error_code, ==, ESRCH);
}

static void
test_dump_interrupted(void)
{
	g_autoptr(GBytes) bytes = load("dump-00.bin");
	g_autofree guint8 *buf = g_memdup2(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
	g_auto(Walk) walk = {0};
	struct nlmsghdr nlh;

	memcpy(&nlh, buf, sizeof(nlh));
	nlh.nlmsg_flags |= NLM_F_DUMP_INTR;
	memcpy(buf, &nlh, sizeof(nlh));
	walk_buf(buf, g_bytes_get_size(bytes), 0, 0, &walk);
	g_assert_cmpint(walk.last, ==, NFD_LINK_MSG_ERROR);
	g_assert_cmpint(walk.error_code, ==, EINTR);
}

/* one event datagram with one link message */
static const Link *
one_event(const gchar *name, Walk *walk)
{
	walk_file(name, 0, 0, walk);
	g_assert_cmpint(walk->last, ==, NFD_LINK_MSG_END);
	g_assert_cmpuint(walk->links->len, ==, 1);
	g_assert_cmpstr(link_at(walk, 0)->name, ==, "tap7");
	return link_at(walk, 0);
}

static void
test_event_new_mac(void)
{
	g_auto(Walk) walk = {0};
	const Link *link = one_event("event-tap-00.bin", &walk);

	g_assert_true(link->present);
	g_assert_cmpuint(link->ifindex, ==, 2);
	assert_mac(link, "52:54:00:12:34:56");
}

static void
test_event_up(void)
{
	g_auto(Walk) walk = {0};
	const Link *link = one_event("event-tap-01.bin", &walk);

	g_assert_true(link->present);
	g_assert_true(link->up);
}

static void
test_event_down(void)
{
	g_auto(Walk) walk = {0};
	const Link *link = one_event("event-tap-02.bin", &walk);

	g_assert_true(link->present);
	g_assert_false(link->up);
}

static void
test_event_del(void)
{
	g_auto(Walk) walk = {0};
	const Link *link = one_event("event-tap-03.bin", &walk);

	g_assert_false(link->present);
	g_assert_cmpuint(link->ifindex, ==, 2);
}

static void
test_event_recreated(void)
{
	g_auto(Walk) walk = {0};
	const Link *link = one_event("event-tap-04.bin", &walk);

	g_assert_true(link->present);
	g_assert_cmpuint(link->ifindex, ==, 5);
}

static void
test_ack_is_done(void)
{
	g_auto(Walk) walk = {0};

	walk_file("ack.bin", 0, 0, &walk);
	g_assert_cmpint(walk.last, ==, NFD_LINK_MSG_DONE);
}

static void
test_error_enodev(void)
{
	g_auto(Walk) walk = {0};

	walk_file("error-enodev.bin", 0, 0, &walk);
	g_assert_cmpint(walk.last, ==, NFD_LINK_MSG_ERROR);
	g_assert_cmpint(walk.error_code, ==, ENODEV);
}

static const gchar *const captures[] = {"dump-00.bin",
					"dump-01.bin",
					"dump-02.bin",
					"event-setup-00.bin",
					"event-tap-00.bin",
					"event-tap-01.bin",
					"event-tap-03.bin",
					"event-veth-del-00.bin",
					"ack.bin",
					"error-enodev.bin",
					NULL};

/* a datagram cut anywhere gives the whole messages before the cut, and nothing of the rest:
 * each prefix is copied to a buffer of its own size, so that a read past it is caught by
 * the sanitizers */
static void
test_truncated(void)
{
	for (guint i = 0; captures[i] != NULL; i++) {
		g_autoptr(GBytes) bytes = load(captures[i]);
		gsize len = 0;
		const guint8 *data = g_bytes_get_data(bytes, &len);
		g_auto(Walk) full = {0};

		walk_buf(data, len, 0, 0, &full);
		for (gsize cut = 0; cut < len; cut++) {
			g_autofree guint8 *buf = g_memdup2(data, cut);
			g_auto(Walk) walk = {0};

			walk_buf(buf, cut, 0, 0, &walk);
			g_assert_cmpuint(walk.links->len, <=, full.links->len);
			g_assert_cmpint(walk.last, ==, NFD_LINK_MSG_END);
			for (guint j = 0; j < walk.links->len; j++)
				g_assert_cmpmem(link_at(&walk, j),
						sizeof(Link),
						link_at(&full, j),
						sizeof(Link));
		}
	}
}

/* the kernel's buffers are aligned, the fuzzer's and a copy's need not be */
static void
test_unaligned(void)
{
	g_autoptr(GBytes) bytes = load("dump-00.bin");
	gsize len = g_bytes_get_size(bytes);
	g_autofree guint8 *buf = g_malloc(len + 1);
	g_auto(Walk) aligned = {0};
	g_auto(Walk) walk = {0};

	memcpy(buf + 1, g_bytes_get_data(bytes, NULL), len);
	walk_file("dump-00.bin", 0, 0, &aligned);
	walk_buf(buf + 1, len, 0, 0, &walk);
	g_assert_cmpuint(walk.links->len, ==, aligned.links->len);
	g_assert_cmpmem(walk.links->data,
			walk.links->len * sizeof(Link),
			aligned.links->data,
			aligned.links->len * sizeof(Link));
}

/* the offset of @type's attribute in the link message at the start of @buf */
static gsize
find_attr(const guint8 *buf, gsize len, guint16 type)
{
	struct nlmsghdr nlh;
	gsize off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct ifinfomsg));

	memcpy(&nlh, buf, sizeof(nlh));
	g_assert_cmpuint(nlh.nlmsg_len, <=, len);
	while (off + sizeof(struct nlattr) <= nlh.nlmsg_len) {
		struct nlattr nla;
		memcpy(&nla, buf + off, sizeof(nla));
		g_assert_cmpuint(nla.nla_len, >=, sizeof(nla));
		if ((nla.nla_type & NLA_TYPE_MASK) == type)
			return off;
		off += NLA_ALIGN(nla.nla_len);
	}
	g_assert_not_reached();
}

/* a name without its NUL inside its attribute is no name (libmnl's MNL_TYPE_STRING check
 * let it through, and the string was read past the attribute) */
static void
test_name_unterminated(void)
{
	g_autoptr(GBytes) bytes = load("event-tap-00.bin");
	gsize len = g_bytes_get_size(bytes);
	g_autofree guint8 *buf = g_memdup2(g_bytes_get_data(bytes, NULL), len);
	gsize off = find_attr(buf, len, IFLA_IFNAME);
	struct nlattr nla;
	g_auto(Walk) walk = {0};

	memcpy(&nla, buf + off, sizeof(nla));
	/* "tap7\0" in an attribute of 4 + 5 octets: the NUL becomes 'x' */
	g_assert_cmpuint(nla.nla_len, ==, sizeof(nla) + 5);
	buf[off + sizeof(nla) + 4] = 'x';
	walk_buf(buf, len, 0, 0, &walk);
	g_assert_cmpuint(walk.links->len, ==, 0);
	g_assert_cmpint(walk.last, ==, NFD_LINK_MSG_END);
}

/* a message length that does not fit the datagram ends the walk, however large */
static void
test_message_too_long(void)
{
	g_autoptr(GBytes) bytes = load("event-tap-00.bin");
	gsize len = g_bytes_get_size(bytes);
	g_autofree guint8 *buf = g_memdup2(g_bytes_get_data(bytes, NULL), len);
	const guint32 lens[] = {(guint32)len + 1, 0x7fffffff, 0xfffffff0};

	for (guint i = 0; i < G_N_ELEMENTS(lens); i++) {
		g_auto(Walk) walk = {0};
		memcpy(buf, &lens[i], sizeof(lens[i]));
		walk_buf(buf, len, 0, 0, &walk);
		g_assert_cmpuint(walk.links->len, ==, 0);
		g_assert_cmpint(walk.last, ==, NFD_LINK_MSG_END);
	}
}

/* NLMSG_NOOP and data messages that are not links come and go without a result */
static void
test_other_messages_skipped(void)
{
	g_autoptr(GBytes) bytes = load("event-tap-00.bin");
	gsize len = g_bytes_get_size(bytes);
	g_autoptr(GByteArray) buf = g_byte_array_new();
	struct nlmsghdr noop = {.nlmsg_len = sizeof(noop), .nlmsg_type = NLMSG_NOOP};
	struct nlmsghdr addr = {.nlmsg_len = sizeof(addr) + 8, .nlmsg_type = RTM_NEWADDR};
	const guint8 zeros[8] = {0};
	g_auto(Walk) walk = {0};

	g_byte_array_append(buf, (const guint8 *)&noop, sizeof(noop));
	g_byte_array_append(buf, (const guint8 *)&addr, sizeof(addr));
	g_byte_array_append(buf, zeros, sizeof(zeros));
	g_byte_array_append(buf, g_bytes_get_data(bytes, NULL), len);
	walk_buf(buf->data, buf->len, 0, 0, &walk);
	g_assert_cmpuint(walk.links->len, ==, 1);
	g_assert_cmpstr(link_at(&walk, 0)->name, ==, "tap7");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/link-msg/dump/links", test_dump_links);
	g_test_add_func("/nfd/link-msg/dump/flags", test_dump_flags);
	g_test_add_func("/nfd/link-msg/dump/done", test_dump_done);
	g_test_add_func("/nfd/link-msg/dump/other-seq-refused", test_dump_other_seq_refused);
	g_test_add_func("/nfd/link-msg/dump/other-port-refused", test_dump_other_port_refused);
	g_test_add_func("/nfd/link-msg/dump/interrupted", test_dump_interrupted);
	g_test_add_func("/nfd/link-msg/event/new-mac", test_event_new_mac);
	g_test_add_func("/nfd/link-msg/event/up", test_event_up);
	g_test_add_func("/nfd/link-msg/event/down", test_event_down);
	g_test_add_func("/nfd/link-msg/event/del", test_event_del);
	g_test_add_func("/nfd/link-msg/event/recreated", test_event_recreated);
	g_test_add_func("/nfd/link-msg/ack-is-done", test_ack_is_done);
	g_test_add_func("/nfd/link-msg/error-enodev", test_error_enodev);
	g_test_add_func("/nfd/link-msg/truncated", test_truncated);
	g_test_add_func("/nfd/link-msg/unaligned", test_unaligned);
	g_test_add_func("/nfd/link-msg/name-unterminated", test_name_unterminated);
	g_test_add_func("/nfd/link-msg/message-too-long", test_message_too_long);
	g_test_add_func("/nfd/link-msg/other-messages-skipped", test_other_messages_skipped);
	return g_test_run();
}
