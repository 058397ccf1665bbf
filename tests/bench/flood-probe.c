/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * flood-probe: the well-behaved guest of `./run.sh bench flood` (bench-flood.sh). Run in a
 * guest namespace, it times the guest's exchanges with nfdhcpd through an AF_PACKET socket on
 * one interface, one exchange at a time, while another guest floods: a DHCPv4 DISCOVER until
 * its OFFER (RFC 2131), a DHCPv6 Solicit until its Advertise or Reply (RFC 8415), each RATE
 * times a second, and a Router Solicitation until a Router Advertisement (RFC 4861 §6.3.7)
 * every RS_INTERVAL seconds, never within 3.3 s of the last RA it saw, since the ra plugin
 * coalesces an RS that close to the previous RA into the next multicast one (§6.2.6). A reply
 * that does not come within TIMEOUT ms is a loss. Prints one line per protocol:
 *   "<proto> sent N answered M lost L p50 X p99 Y max Z" (milliseconds).
 * Frames are built by hand, with the IPv4 header, ICMPv6 and UDP/IPv6 checksums computed, the
 * chaddr, DUID-LL and source link-layer address the interface's MAC (the binding's).
 *
 * usage: flood-probe -i IF -s SECONDS [-r RATE] [-R RS_INTERVAL] [-t TIMEOUT_MS]
 */
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { P_DHCP4, P_DHCP6, P_RS, N_PROTO };
static const char *const proto_name[N_PROTO] = {"dhcp4", "dhcp6", "rs"};

typedef struct {
	unsigned sent, answered;
	double *rtt; /* ms, one per answer */
} Stats;

static int sock = -1;
static struct sockaddr_ll dest;
static uint8_t mac[6];
static uint8_t ll6[16]; /* fe80::/64 + modified EUI-64 of mac */
static double last_ra = -1e9;
static Stats stats[N_PROTO];

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint32_t
csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)(p[len - 1] << 8);
	return sum;
}

static uint16_t
csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Ethernet + IPv6 header for @nh and @plen payload bytes to @dst (multicast @dmac) */
static size_t
ipv6_header(uint8_t *f,
	    const uint8_t *dmac,
	    const uint8_t *dst,
	    uint8_t nh,
	    uint8_t hops,
	    size_t plen)
{
	memcpy(f, dmac, 6);
	memcpy(f + 6, mac, 6);
	put16(f + 12, ETHERTYPE_IPV6);
	f[14] = 0x60;
	put16(f + 18, (uint16_t)plen);
	f[20] = nh;
	f[21] = hops;
	memcpy(f + 22, ll6, 16);
	memcpy(f + 38, dst, 16);
	return 54;
}

/* the upper-layer checksum over the IPv6 pseudo-header (RFC 8200 §8.1) of the frame @f */
static uint16_t
ipv6_csum(const uint8_t *f, size_t plen)
{
	uint8_t pseudo[8] = {0, 0, (uint8_t)(plen >> 8), (uint8_t)plen, 0, 0, 0, f[20]};
	uint32_t sum = csum_add(0, f + 22, 32);

	sum = csum_add(sum, pseudo, 8);
	return csum_fold(csum_add(sum, f + 54, plen));
}

static size_t
build_discover(uint8_t *f, uint32_t xid)
{
	uint8_t *ip = f + 14, *udp = f + 34, *b = f + 42;
	size_t blen = 300, total = 20 + 8 + blen;
	static const uint8_t opts[] = {99, 130, 83, 99, 53, 1, 1, 55, 3, 1, 3, 6, 255};

	memset(f, 0, 14 + total);
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	put16(f + 12, ETHERTYPE_IP);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)total);
	ip[8] = 64;
	ip[9] = IPPROTO_UDP;
	memset(ip + 16, 0xff, 4);
	put16(ip + 10, csum_fold(csum_add(0, ip, 20)));
	put16(udp, 68);
	put16(udp + 2, 67);
	put16(udp + 4, (uint16_t)(8 + blen));
	b[0] = 1; /* BOOTREQUEST */
	b[1] = 1;
	b[2] = 6;
	memcpy(b + 4, &xid, 4);
	memcpy(b + 28, mac, 6);
	memcpy(b + 236, opts, sizeof(opts));
	return 14 + total;
}

static size_t
build_rs(uint8_t *f)
{
	static const uint8_t dmac[6] = {0x33, 0x33, 0, 0, 0, 2};
	static const uint8_t dst[16] = {0xff, 2, [15] = 2};
	size_t off = ipv6_header(f, dmac, dst, IPPROTO_ICMPV6, 255, 16);

	memset(f + off, 0, 16);
	f[off] = 133;
	f[off + 8] = 1; /* source link-layer address option */
	f[off + 9] = 1;
	memcpy(f + off + 10, mac, 6);
	put16(f + off + 2, ipv6_csum(f, 16));
	return off + 16;
}

static size_t
build_solicit(uint8_t *f, uint32_t xid)
{
	static const uint8_t dmac[6] = {0x33, 0x33, 0, 1, 0, 2};
	static const uint8_t dst[16] = {0xff, 2, [13] = 1, [15] = 2};
	size_t off = ipv6_header(f, dmac, dst, IPPROTO_UDP, 1, 0), n;
	uint8_t *u = f + off, *m = u + 8;

	memset(u, 0, 8 + 64);
	put16(u, 546);
	put16(u + 2, 547);
	m[0] = 1; /* Solicit */
	m[1] = (uint8_t)(xid >> 16);
	m[2] = (uint8_t)(xid >> 8);
	m[3] = (uint8_t)xid;
	n = 4;
	/* Client Identifier: DUID-LL of the MAC (RFC 8415 §11.4) */
	put16(m + n, 1), put16(m + n + 2, 10), put16(m + n + 4, 3), put16(m + n + 6, 1);
	memcpy(m + n + 8, mac, 6);
	n += 14;
	/* IA_NA, IAID 1, T1 = T2 = 0 */
	put16(m + n, 3), put16(m + n + 2, 12), m[n + 7] = 1;
	n += 16;
	/* Elapsed Time 0, ORO: DNS servers */
	put16(m + n, 8), put16(m + n + 2, 2);
	n += 6;
	put16(m + n, 6), put16(m + n + 2, 2), put16(m + n + 4, 23);
	n += 6;
	put16(u + 4, (uint16_t)(8 + n));
	put16(f + 18, (uint16_t)(8 + n));
	put16(u + 6, ipv6_csum(f, 8 + n));
	return off + 8 + n;
}

/* which reply a received frame is: P_* with its transaction id in *@xid, or -1 */
static int
classify(const uint8_t *f, size_t len, uint32_t *xid)
{
	uint16_t type;

	if (len < 14)
		return -1;
	type = (uint16_t)(f[12] << 8 | f[13]);
	if (type == ETHERTYPE_IP && len >= 14 + 20 + 8 + 8 && f[23] == IPPROTO_UDP) {
		size_t ihl = (size_t)(f[14] & 0x0f) * 4;
		const uint8_t *u = f + 14 + ihl;
		if (14 + ihl + 8 + 8 > len || (u[2] << 8 | u[3]) != 68 || u[8] != 2)
			return -1;
		memcpy(xid, u + 12, 4);
		return P_DHCP4;
	}
	if (type != ETHERTYPE_IPV6 || len < 54 + 8)
		return -1;
	if (f[20] == IPPROTO_ICMPV6 && f[54] == 134)
		return P_RS;
	if (f[20] == IPPROTO_UDP && (f[56] << 8 | f[57]) == 546 && (f[62] == 2 || f[62] == 7)) {
		*xid = (uint32_t)(f[63] << 16 | f[64] << 8 | f[65]);
		return P_DHCP6;
	}
	return -1;
}

/* send @f and wait up to @timeout s for proto @p's reply with @xid; records the outcome */
static void
exchange(int p, const uint8_t *f, size_t len, uint32_t xid, double timeout)
{
	uint8_t buf[2048];
	double t0 = now(), end = t0 + timeout;
	Stats *s = &stats[p];

	if (sendto(sock, f, len, 0, (struct sockaddr *)&dest, sizeof(dest)) < 0) {
		perror("flood-probe: sendto");
		exit(1);
	}
	s->sent++;
	for (double t = now(); t < end; t = now()) {
		struct pollfd pfd = {.fd = sock, .events = POLLIN};
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		ssize_t n;
		uint32_t got = 0;
		int c;

		if (poll(&pfd, 1, (int)((end - t) * 1000) + 1) <= 0)
			continue;
		n = recvfrom(sock, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
		if (n <= 0 || from.sll_pkttype == PACKET_OUTGOING)
			continue;
		c = classify(buf, (size_t)n, &got);
		if (c == P_RS)
			last_ra = now();
		if (c == p && (p == P_RS || got == xid)) {
			s->rtt[s->answered++] = (now() - t0) * 1000;
			return;
		}
	}
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
percentile(const Stats *s, double q)
{
	size_t i;

	if (s->answered == 0)
		return 0;
	i = (size_t)(q * (s->answered - 1) + 0.5);
	return s->rtt[i];
}

/* the AF_PACKET socket on @ifname, its MAC and the link-local address made from it */
static int
open_socket(const char *ifname)
{
	struct ifreq ifr;

	sock = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	if (sock < 0) {
		perror("flood-probe: socket");
		return 0;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(sock, SIOCGIFHWADDR, &ifr) < 0) {
		perror("flood-probe: SIOCGIFHWADDR");
		return 0;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	ll6[0] = 0xfe, ll6[1] = 0x80;
	ll6[8] = mac[0] ^ 2, ll6[9] = mac[1], ll6[10] = mac[2], ll6[11] = 0xff;
	ll6[12] = 0xfe, ll6[13] = mac[3], ll6[14] = mac[4], ll6[15] = mac[5];
	dest.sll_family = AF_PACKET;
	dest.sll_protocol = htons(ETH_P_ALL);
	dest.sll_ifindex = (int)if_nametoindex(ifname);
	dest.sll_halen = 6;
	if (bind(sock, (struct sockaddr *)&dest, sizeof(dest)) < 0) {
		perror("flood-probe: bind");
		return 0;
	}
	return 1;
}

int
main(int argc, char **argv)
{
	const char *ifname = NULL;
	double secs = 0, rate = 10, rs_interval = 4, timeout = 1, next, end, last_rs = -1e9;
	uint8_t frame[1514];
	uint32_t xid = 0x4e464400;
	int opt;

	while ((opt = getopt(argc, argv, "i:s:r:R:t:")) != -1) {
		switch (opt) {
		case 'i':
			ifname = optarg;
			break;
		case 's':
			secs = atof(optarg);
			break;
		case 'r':
			rate = atof(optarg);
			break;
		case 'R':
			rs_interval = atof(optarg);
			break;
		case 't':
			timeout = atof(optarg) / 1000;
			break;
		default:
			goto usage;
		}
	}
	if (ifname == NULL || secs <= 0 || rate <= 0 || rs_interval < 3.3 || timeout <= 0)
		goto usage;
	if (!open_socket(ifname))
		return 1;
	for (int p = 0; p < N_PROTO; p++)
		stats[p].rtt = calloc((size_t)(secs * rate) + 2, sizeof(double));

	next = now();
	end = next + secs;
	while (now() < end) {
		double t = now();
		if (t - last_rs >= rs_interval && t - last_ra >= 3.3) {
			last_rs = t;
			exchange(P_RS, frame, build_rs(frame), 0, 3.5);
		}
		xid++;
		exchange(P_DHCP4, frame, build_discover(frame, xid), xid, timeout);
		exchange(P_DHCP6,
			 frame,
			 build_solicit(frame, xid & 0xffffff),
			 xid & 0xffffff,
			 timeout);
		next += 1 / rate;
		t = now();
		if (next > t) {
			struct timespec ts = {(time_t)(next - t),
					      (long)((next - t - (time_t)(next - t)) * 1e9)};
			nanosleep(&ts, NULL);
		} else {
			next = t; /* late (a lost exchange): no catching up in a burst */
		}
	}
	for (int p = 0; p < N_PROTO; p++) {
		Stats *s = &stats[p];
		qsort(s->rtt, s->answered, sizeof(double), cmp_double);
		printf("%s sent %u answered %u lost %u p50 %.3f p99 %.3f max %.3f\n",
		       proto_name[p],
		       s->sent,
		       s->answered,
		       s->sent - s->answered,
		       percentile(s, 0.5),
		       percentile(s, 0.99),
		       s->answered ? s->rtt[s->answered - 1] : 0.0);
	}
	return 0;
usage:
	fprintf(stderr,
		"usage: flood-probe -i IF -s SECONDS [-r RATE] [-R RS_INTERVAL>=3.3] "
		"[-t TIMEOUT_MS]\n");
	return 2;
}
