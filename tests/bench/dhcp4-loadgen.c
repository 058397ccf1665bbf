/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dhcp4-loadgen: a fast DHCPv4 client load generator for the dhcp4 benchmark, faster than
 * perfdhcp (which saturates one core near 12-14k exchanges/s here). Run in a guest namespace,
 * it sends DHCPDISCOVERs and DHCPREQUESTs (broadcast flag set, RFC 2131 §4.1, so replies come
 * back to ff:ff:ff:ff:ff:ff) from -n distinct client hardware addresses on one interface with an
 * AF_PACKET socket and sendmmsg(), at a fixed rate or flat out, and counts the OFFERs and ACKs
 * that come back on a second AF_PACKET socket, matching each reply to its request by xid to
 * measure latency. The server's binding must allow the chaddrs (MACSPOOF).
 *
 * With --tun NAME it plays the VM's QEMU instead of a guest behind a veth: it attaches to (or
 * creates) the TAP device NAME in its own namespace (open /dev/net/tun, TUNSETIFF with
 * IFF_TAP | IFF_NO_PI, as QEMU's -netdev tap does; libvirt creates the persistent tap first
 * and hands QEMU the fd, `ip tuntap add` does the same), brings it up, writes each request frame
 * into the tun fd (one write() per frame, as QEMU's tap backend does: the frame enters the
 * host at the tap's ingress, so iptables -i NAME sees it as a VM's) and reads the replies from
 * the tun fd (what the guest's virtio NIC would be handed).  The fd stays open for the whole
 * run: a TAP without a reader has no carrier and drops what is sent into it.  The Ethernet
 * source is -M (default 52:54:00:00:01:01).
 *
 * Prints one line:
 *   loadgen: sent N = R pps, replies M = P pps (offers O, acks A), lost L (X %),
 *            latency us p50 .. p90 .. p99 .. max .., cpu us/sent C
 * where C is the generator's own CPU (both threads, user + system) per request sent: the
 * cost of the write path (on a veth the whole host-side receive up to the NFQUEUE, run in the
 * sender's sendmmsg(); on a TAP the same, run in its write()) and of the guest's receive.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/if_tun.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define FRAME_LEN (14 + 20 + 8 + 300)
#define BATCH_MAX 64
#define RING 65536 /* xid slots remembered for latency; xid = sequence number */
#define HIST_US 100000

static uint8_t if_mac[6];
static double send_time[RING];
static atomic_long n_offer, n_ack, n_other;
static atomic_int stop_rx;
static long rx_wakeups;
static uint32_t hist[HIST_US + 1];
static struct in_addr req_ip, server_ip;

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint32_t
csum_add(const uint8_t *p, size_t n, uint32_t s)
{
	for (; n > 1; p += 2, n -= 2)
		s += (uint32_t)(p[0] << 8 | p[1]);
	if (n)
		s += (uint32_t)(p[0] << 8);
	return s;
}

static uint16_t
csum_fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* one request: Ethernet broadcast, 0.0.0.0:68 -> 255.255.255.255:67, 300-octet BOOTP */
static void
build(uint8_t *f, uint32_t xid, unsigned client, int type)
{
	uint8_t *ip = f + 14, *udp = ip + 20, *b = udp + 8, *o = b + 240;
	uint32_t s;
	uint16_t c;

	memset(f, 0, FRAME_LEN);
	memset(f, 0xff, 6);
	memcpy(f + 6, if_mac, 6);
	f[12] = 0x08;
	ip[0] = 0x45;
	ip[2] = (20 + 8 + 300) >> 8;
	ip[3] = (20 + 8 + 300) & 0xff;
	ip[8] = 64;
	ip[9] = 17;
	memset(ip + 16, 0xff, 4);
	c = csum_fold(csum_add(ip, 20, 0));
	ip[10] = (uint8_t)(c >> 8);
	ip[11] = (uint8_t)c;
	udp[1] = 68;
	udp[3] = 67;
	udp[4] = (8 + 300) >> 8;
	udp[5] = (8 + 300) & 0xff;
	b[0] = 1; /* BOOTREQUEST */
	b[1] = 1;
	b[2] = 6;
	b[4] = (uint8_t)(xid >> 24);
	b[5] = (uint8_t)(xid >> 16);
	b[6] = (uint8_t)(xid >> 8);
	b[7] = (uint8_t)xid;
	b[10] = 0x80; /* broadcast flag */
	b[28] = 0x02;
	b[29] = 0x00;
	b[30] = 0x5e;
	b[31] = (uint8_t)(client >> 16);
	b[32] = (uint8_t)(client >> 8);
	b[33] = (uint8_t)client;
	b[236] = 99;
	b[237] = 130;
	b[238] = 83;
	b[239] = 99;
	*o++ = 53;
	*o++ = 1;
	*o++ = (uint8_t)type;
	if (type == 3) {
		*o++ = 50;
		*o++ = 4;
		memcpy(o, &req_ip, 4);
		o += 4;
		*o++ = 54;
		*o++ = 4;
		memcpy(o, &server_ip, 4);
		o += 4;
	}
	*o++ = 55;
	*o++ = 4;
	*o++ = 1;
	*o++ = 3;
	*o++ = 6;
	*o++ = 15;
	*o = 255;
	/* UDP checksum over the pseudo-header (0.0.0.0, 255.255.255.255, 17, length) */
	s = csum_add(ip + 12, 8, 17 + 8 + 300);
	s = csum_add(udp, 8 + 300, s);
	c = csum_fold(s);
	if (c == 0)
		c = 0xffff;
	udp[6] = (uint8_t)(c >> 8);
	udp[7] = (uint8_t)c;
}

/* one received IPv4 packet (@ip, @len octets) at time @t: a BOOTREPLY to one of our requests? */
static void
count_reply(const uint8_t *ip, size_t len, double t)
{
	const uint8_t *udp, *b, *o, *end;
	size_t ihl;
	uint32_t xid;
	double us;
	int type = 0;

	if (len < 20 || ip[9] != 17)
		return;
	ihl = (size_t)(ip[0] & 15) * 4;
	if (len < ihl + 8 + 240)
		return;
	udp = ip + ihl;
	b = udp + 8;
	if (udp[0] != 0 || udp[1] != 67 || b[0] != 2)
		return;
	for (o = b + 240, end = ip + len; o + 2 <= end && *o != 255;) {
		if (*o == 0) {
			o++;
			continue;
		}
		if (o[0] == 53 && o[1] >= 1 && o + 3 <= end)
			type = o[2];
		o += 2 + o[1];
	}
	xid = (uint32_t)b[4] << 24 | (uint32_t)b[5] << 16 | (uint32_t)b[6] << 8 | b[7];
	if (type == 2)
		atomic_fetch_add(&n_offer, 1);
	else if (type == 5)
		atomic_fetch_add(&n_ack, 1);
	else {
		atomic_fetch_add(&n_other, 1);
		return;
	}
	us = (t - send_time[xid % RING]) * 1e6;
	if (us < 0)
		us = 0;
	hist[us > HIST_US ? HIST_US : (unsigned)us]++;
}

/* the guest's receive on a veth: a packet socket on eth0 (SOCK_DGRAM: IP packets) */
static void *
rx_main(void *arg)
{
	int s = *(int *)arg;
	static uint8_t buf[BATCH_MAX][2048];
	struct iovec iov[BATCH_MAX];
	struct mmsghdr m[BATCH_MAX];
	struct sockaddr_ll from[BATCH_MAX];

	for (int i = 0; i < BATCH_MAX; i++) {
		iov[i].iov_base = buf[i];
		iov[i].iov_len = sizeof(buf[i]);
	}
	while (!atomic_load(&stop_rx)) {
		struct pollfd p = {s, POLLIN, 0};
		int n;

		if (poll(&p, 1, 100) <= 0)
			continue;
		rx_wakeups++;
		memset(m, 0, sizeof(m));
		for (int i = 0; i < BATCH_MAX; i++) {
			m[i].msg_hdr.msg_iov = &iov[i];
			m[i].msg_hdr.msg_iovlen = 1;
			m[i].msg_hdr.msg_name = &from[i];
			m[i].msg_hdr.msg_namelen = sizeof(from[i]);
		}
		n = recvmmsg(s, m, BATCH_MAX, MSG_DONTWAIT, NULL);
		for (int i = 0; i < n; i++) {
			if (from[i].sll_pkttype != PACKET_OUTGOING)
				count_reply(buf[i], m[i].msg_len, now());
		}
	}
	return NULL;
}

/* the guest's receive on a TAP: what QEMU reads from the tun fd (non-blocking), Ethernet
 * frames, one per read(), drained after each poll() wake-up */
static void *
rx_tun_main(void *arg)
{
	int fd = *(int *)arg;
	static uint8_t f[2048];

	while (!atomic_load(&stop_rx)) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t n;

		if (poll(&p, 1, 100) <= 0)
			continue;
		rx_wakeups++;
		while ((n = read(fd, f, sizeof(f))) > 0) {
			if (n > 14 && f[12] == 0x08 && f[13] == 0x00)
				count_reply(f + 14, (size_t)n - 14, now());
		}
	}
	return NULL;
}

/* attach to TAP @name (creating it when it does not exist), up; the fd, or -1 */
static int
tun_open(const char *name)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC), s;

	if (fd < 0) {
		perror("loadgen: /dev/net/tun");
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		perror("loadgen: TUNSETIFF");
		close(fd);
		return -1;
	}
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0) {
		perror("loadgen: SIOCGIFFLAGS");
		close(fd);
		return -1;
	}
	if (!(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0) {
			perror("loadgen: SIOCSIFFLAGS");
			close(fd);
			return -1;
		}
	}
	close(s);
	return fd;
}

static double
cpu_seconds(void)
{
	struct rusage r;

	getrusage(RUSAGE_SELF, &r);
	return (double)(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
	       (double)(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

static unsigned
percentile(unsigned long total, double q)
{
	unsigned long want = (unsigned long)(q * (double)total), acc = 0;

	for (unsigned i = 0; i <= HIST_US; i++) {
		acc += hist[i];
		if (acc > want)
			return i;
	}
	return HIST_US;
}

int
main(int argc, char **argv)
{
	static uint8_t frames[BATCH_MAX][FRAME_LEN];
	static struct iovec iov[BATCH_MAX];
	static struct mmsghdr msg[BATCH_MAX];
	static const struct option longopts[] = {{"tun", required_argument, NULL, 'T'},
						 {NULL, 0, NULL, 0}};
	const char *ifname = "eth0", *mode = "dora", *tun = NULL;
	double secs = 5, rate = 0, t0, end, dt, c0;
	unsigned clients = 200, batch = 16, type_mask;
	long sent = 0, replies, lost;
	int opt, tx = -1, rx = -1, tunfd = -1, ifindex;
	struct sockaddr_ll sll;
	struct ifreq ifr;
	pthread_t thr;
	unsigned maxlat = 0;

	inet_pton(AF_INET, "198.51.100.10", &req_ip);
	inet_pton(AF_INET, "198.51.100.1", &server_ip);
	memcpy(if_mac, (const uint8_t[]){0x52, 0x54, 0x00, 0x00, 0x01, 0x01}, 6);
	while ((opt = getopt_long(argc, argv, "i:t:r:n:b:m:a:s:T:M:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'T':
			tun = optarg;
			break;
		case 'M':
			if (sscanf(optarg,
				   "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx",
				   &if_mac[0],
				   &if_mac[1],
				   &if_mac[2],
				   &if_mac[3],
				   &if_mac[4],
				   &if_mac[5]) != 6)
				return 2;
			break;
		case 'i':
			ifname = optarg;
			break;
		case 't':
			secs = atof(optarg);
			break;
		case 'r':
			rate = atof(optarg);
			break;
		case 'n':
			clients = (unsigned)atoi(optarg);
			break;
		case 'b':
			batch = (unsigned)atoi(optarg);
			break;
		case 'm':
			mode = optarg;
			break;
		case 'a':
			inet_pton(AF_INET, optarg, &req_ip);
			break;
		case 's':
			inet_pton(AF_INET, optarg, &server_ip);
			break;
		default:
			fprintf(
			    stderr,
			    "usage: dhcp4-loadgen [-i IF | --tun TAP [-M MAC]] [-t SECS] [-r PPS] "
			    "[-n CLIENTS] [-b BATCH] [-m dora|discover|request] [-a IP] "
			    "[-s SERVER]\n");
			return 2;
		}
	}
	if (batch < 1 || batch > BATCH_MAX || clients < 1)
		return 2;
	type_mask = strcmp(mode, "discover") == 0 ? 1 : strcmp(mode, "request") == 0 ? 2 : 3;

	if (tun != NULL) {
		tunfd = tun_open(tun);
		if (tunfd < 0)
			return 1;
		pthread_create(&thr, NULL, rx_tun_main, &tunfd);
	} else {
		tx = socket(AF_PACKET, SOCK_RAW, 0);
		rx = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
		if (tx < 0 || rx < 0) {
			perror("loadgen: socket");
			return 1;
		}
		memset(&ifr, 0, sizeof(ifr));
		strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
		if (ioctl(tx, SIOCGIFHWADDR, &ifr) < 0) {
			perror("loadgen: SIOCGIFHWADDR");
			return 1;
		}
		memcpy(if_mac, ifr.ifr_hwaddr.sa_data, 6);
		ifindex = (int)if_nametoindex(ifname);
		memset(&sll, 0, sizeof(sll));
		sll.sll_family = AF_PACKET;
		sll.sll_protocol = htons(ETH_P_IP);
		sll.sll_ifindex = ifindex;
		if (bind(rx, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
			perror("loadgen: bind");
			return 1;
		}
		{
			int big = 8 << 20;

			setsockopt(rx, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big));
		}
		sll.sll_halen = 6;
		memset(msg, 0, sizeof(msg));
		for (unsigned i = 0; i < batch; i++) {
			iov[i].iov_base = frames[i];
			iov[i].iov_len = FRAME_LEN;
			msg[i].msg_hdr.msg_name = &sll;
			msg[i].msg_hdr.msg_namelen = sizeof(sll);
			msg[i].msg_hdr.msg_iov = &iov[i];
			msg[i].msg_hdr.msg_iovlen = 1;
		}
		pthread_create(&thr, NULL, rx_main, &rx);
	}

	c0 = cpu_seconds();
	t0 = now();
	end = t0 + secs;
	while (now() < end) {
		double t;
		int n;

		for (unsigned i = 0; i < batch; i++) {
			uint32_t xid = (uint32_t)(sent + i);
			int type = type_mask == 3 ? ((xid & 1) ? 3 : 1) : type_mask == 2 ? 3 : 1;

			build(frames[i], xid, (xid >> (type_mask == 3)) % clients, type);
		}
		if (rate > 0) {
			double due = t0 + (double)sent / rate;

			t = now();
			if (due > t) {
				struct timespec ts = {
				    (time_t)(due - t),
				    (long)(((due - t) - (double)(time_t)(due - t)) * 1e9)};

				nanosleep(&ts, NULL);
			}
		}
		t = now();
		for (unsigned i = 0; i < batch; i++)
			send_time[(uint32_t)(sent + i) % RING] = t;
		if (tunfd >= 0) {
			/* QEMU's tap backend: one write() per frame */
			for (n = 0; n < (int)batch; n++) {
				if (write(tunfd, frames[n], FRAME_LEN) < 0)
					break;
			}
			if (n == 0 && errno != ENOBUFS && errno != EAGAIN) {
				perror("loadgen: write");
				return 1;
			}
			sent += n;
			continue;
		}
		n = sendmmsg(tx, msg, batch, 0);
		if (n > 0)
			sent += n;
		else if (errno != ENOBUFS && errno != EAGAIN) {
			perror("loadgen: sendmmsg");
			return 1;
		}
	}
	dt = now() - t0;
	usleep(300000); /* late replies */
	atomic_store(&stop_rx, 1);
	pthread_join(thr, NULL);
	c0 = cpu_seconds() - c0;
	replies = atomic_load(&n_offer) + atomic_load(&n_ack);
	lost = sent - replies;
	for (unsigned i = 0; i <= HIST_US; i++)
		if (hist[i])
			maxlat = i;
	printf("loadgen: sent %ld = %.0f pps, replies %ld = %.0f pps (offers %ld, acks %ld), "
	       "lost %ld (%.2f %%), latency us p50 %u p90 %u p99 %u max %u%s, cpu us/sent %.3f, "
	       "rx wake-ups %ld\n",
	       sent,
	       (double)sent / dt,
	       replies,
	       (double)replies / dt,
	       atomic_load(&n_offer),
	       atomic_load(&n_ack),
	       lost,
	       sent ? 100.0 * (double)lost / (double)sent : 0.0,
	       percentile((unsigned long)replies, 0.5),
	       percentile((unsigned long)replies, 0.9),
	       percentile((unsigned long)replies, 0.99),
	       maxlat,
	       maxlat >= HIST_US ? "+" : "",
	       sent ? c0 * 1e6 / (double)sent : 0.0,
	       rx_wakeups);
	return 0;
}
