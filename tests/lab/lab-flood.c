/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lab-flood: a frame generator for the garbage-flood and benchmark tests of the lab (lab.md
 * Appendix B, generalised). Run in a guest namespace, it sends Ethernet frames out of an
 * interface with an AF_PACKET socket and sendmmsg(), at full speed or at a fixed rate, so that
 * they enter the host as RX on the guest's tap and hit the NFQUEUE rules.
 *
 * Modes (-m): "discover" (a fixed DHCPDISCOVER, the benchmark load), "garbage4" (valid
 * Ethernet/IPv4/UDP 68->67 headers around a random BOOTP payload of random length, so the
 * kernel's IP checks pass and the garbage reaches the queue), "garbage6" (IPv6/UDP 546->547),
 * "garbage-icmp6" (ICMPv6 type 133 or 135 with a random body), or -f FILE to send one frame
 * read from a file verbatim. IPv4 header, UDP and ICMPv6 checksums are computed, so only the
 * payload is garbage. Prints "flood: sent N = R pps".
 */

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define FRAME_MAX 1514
#define BATCH_MAX 256

enum { MODE_DISCOVER, MODE_GARBAGE4, MODE_GARBAGE6, MODE_GARBAGE_ICMP6, MODE_FILE };

static uint8_t src_mac[6];
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint32_t
rng(void)
{
	/* xorshift64*: reproducible with -S */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1dULL) >> 32);
}

static uint32_t
csum_add(const uint8_t *p, size_t n, uint32_t s)
{
	while (n > 1) {
		s += (uint32_t)(p[0] << 8 | p[1]);
		p += 2;
		n -= 2;
	}
	if (n)
		s += (uint32_t)(p[0] << 8);
	return s;
}

static void
csum_store(uint8_t *where, uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	s = ~s & 0xffff;
	where[0] = (uint8_t)(s >> 8);
	where[1] = (uint8_t)s;
}

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static size_t
eth_header(uint8_t *fr, const uint8_t *dst, unsigned ethertype)
{
	memcpy(fr, dst, 6);
	memcpy(fr + 6, src_mac, 6);
	put16(fr + 12, ethertype);
	return 14;
}

/* IPv4 + UDP 68 -> 67 around payload[0..plen) already placed at fr + 42 */
static size_t
build_udp4(uint8_t *fr, size_t plen)
{
	static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	uint8_t *ip = fr + 14;
	uint8_t *udp = ip + 20;

	eth_header(fr, bcast, 0x0800);
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, (unsigned)(20 + 8 + plen));
	ip[8] = 64;
	ip[9] = 17;
	memset(ip + 16, 0xff, 4);
	csum_store(ip + 10, csum_add(ip, 20, 0));
	put16(udp, 68);
	put16(udp + 2, 67);
	put16(udp + 4, (unsigned)(8 + plen));
	put16(udp + 6, 0); /* RFC 768: zero means no checksum */
	return 14 + 20 + 8 + plen;
}

/* IPv6 from fe80::1 to ff02::1:2 (UDP) or ff02::2 (ICMPv6), L4 at fr + 54, length l4len */
static size_t
build_ip6(uint8_t *fr, unsigned nh, size_t l4len)
{
	static const uint8_t mc2[6] = {0x33, 0x33, 0, 0, 0, 2};
	static const uint8_t mc12[6] = {0x33, 0x33, 0, 1, 0, 2};
	uint8_t *ip = fr + 14;
	uint8_t *l4 = ip + 40;
	uint32_t s;

	eth_header(fr, nh == 17 ? mc12 : mc2, 0x86dd);
	memset(ip, 0, 40);
	ip[0] = 0x60;
	put16(ip + 4, (unsigned)l4len);
	ip[6] = (uint8_t)nh;
	ip[7] = 255;
	ip[8] = 0xfe;
	ip[9] = 0x80;
	ip[23] = 1;
	ip[24] = 0xff;
	ip[25] = 0x02;
	if (nh == 17) {
		ip[37] = 1;
		ip[39] = 2;
		put16(l4, 546);
		put16(l4 + 2, 547);
		put16(l4 + 4, (unsigned)l4len);
		put16(l4 + 6, 0);
	} else {
		ip[39] = 2;
		l4[1] = 0;
		put16(l4 + 2, 0);
	}
	/* RFC 8200 §8.1 pseudo-header checksum, mandatory for UDP and ICMPv6 */
	s = csum_add(ip + 8, 32, 0) + (uint32_t)l4len + nh;
	s = csum_add(l4, l4len, s);
	csum_store(l4 + (nh == 17 ? 6 : 2), s);
	return 14 + 40 + l4len;
}

static size_t
build_discover(uint8_t *fr)
{
	uint8_t *b = fr + 42;

	memset(b, 0, 300);
	b[0] = 1;
	b[1] = 1;
	b[2] = 6;
	memcpy(b + 28, src_mac, 6);
	b[236] = 99;
	b[237] = 130;
	b[238] = 83;
	b[239] = 99;
	b[240] = 53;
	b[241] = 1;
	b[242] = 1;
	b[243] = 255;
	return build_udp4(fr, 300);
}

static void
random_bytes(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rng();
}

static size_t
build_frame(uint8_t *fr, int mode)
{
	size_t n;

	switch (mode) {
	case MODE_GARBAGE4:
		n = rng() % (FRAME_MAX - 42 + 1);
		random_bytes(fr + 42, n);
		return build_udp4(fr, n);
	case MODE_GARBAGE6:
		n = rng() % (FRAME_MAX - 62 + 1);
		random_bytes(fr + 62, n);
		return build_ip6(fr, 17, 8 + n);
	case MODE_GARBAGE_ICMP6:
		n = rng() % (FRAME_MAX - 58 + 1);
		random_bytes(fr + 58, n);
		fr[54] = (rng() & 1) ? 133 : 135;
		return build_ip6(fr, 58, 4 + n);
	default:
		return build_discover(fr);
	}
}

static int
parse_mode(const char *s)
{
	if (strcmp(s, "discover") == 0)
		return MODE_DISCOVER;
	if (strcmp(s, "garbage4") == 0)
		return MODE_GARBAGE4;
	if (strcmp(s, "garbage6") == 0)
		return MODE_GARBAGE6;
	if (strcmp(s, "garbage-icmp6") == 0)
		return MODE_GARBAGE_ICMP6;
	return -1;
}

static int
usage(void)
{
	fprintf(stderr,
		"usage: lab-flood [-i IF] [-t SECS] [-r PPS] [-b BATCH] [-n COUNT] [-S SEED]\n"
		"                 [-m discover|garbage4|garbage6|garbage-icmp6 | -f FRAME]\n");
	return 2;
}

int
main(int argc, char **argv)
{
	static uint8_t frames[BATCH_MAX][FRAME_MAX];
	static struct iovec iov[BATCH_MAX];
	static struct mmsghdr msg[BATCH_MAX];
	const char *ifname = "eth0";
	const char *file = NULL;
	double secs = 5, rate = 0;
	long count = -1, sent = 0;
	int batch = 64, mode = MODE_DISCOVER, opt, s;
	struct sockaddr_ll sll;
	struct ifreq ifr;
	double t0, end;

	while ((opt = getopt(argc, argv, "i:t:r:b:n:S:m:f:")) != -1) {
		switch (opt) {
		case 'i':
			ifname = optarg;
			break;
		case 't':
			secs = atof(optarg);
			break;
		case 'r':
			rate = atof(optarg);
			break;
		case 'b':
			batch = atoi(optarg);
			break;
		case 'n':
			count = atol(optarg);
			break;
		case 'S':
			rng_state = strtoull(optarg, NULL, 0) | 1;
			break;
		case 'm':
			mode = parse_mode(optarg);
			if (mode < 0)
				return usage();
			break;
		case 'f':
			file = optarg;
			mode = MODE_FILE;
			break;
		default:
			return usage();
		}
	}
	if (batch < 1 || batch > BATCH_MAX)
		return usage();

	s = socket(AF_PACKET, SOCK_RAW, 0);
	if (s < 0) {
		perror("flood: socket");
		return 1;
	}
	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
	if (ioctl(s, SIOCGIFHWADDR, &ifr) < 0) {
		perror("flood: SIOCGIFHWADDR");
		return 1;
	}
	memcpy(src_mac, ifr.ifr_hwaddr.sa_data, 6);

	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = (int)if_nametoindex(ifname);
	sll.sll_halen = 6;
	memset(msg, 0, sizeof(msg));
	for (int i = 0; i < batch; i++) {
		size_t len;

		if (mode == MODE_FILE) {
			FILE *f = fopen(file, "rb");

			if (f == NULL) {
				perror("flood: open frame");
				return 1;
			}
			len = fread(frames[i], 1, FRAME_MAX, f);
			fclose(f);
			if (len < 14) {
				fprintf(stderr,
					"flood: %s is shorter than an Ethernet header\n",
					file);
				return 1;
			}
		} else {
			len = build_frame(frames[i], mode);
		}
		iov[i].iov_base = frames[i];
		iov[i].iov_len = len;
		msg[i].msg_hdr.msg_name = &sll;
		msg[i].msg_hdr.msg_namelen = sizeof(sll);
		msg[i].msg_hdr.msg_iov = &iov[i];
		msg[i].msg_hdr.msg_iovlen = 1;
	}

	t0 = now();
	end = t0 + secs;
	while (now() < end && (count < 0 || sent < count)) {
		int want = rate > 0 && rate < 10000 ? 1 : batch;
		int n;

		if (count >= 0 && want > count - sent)
			want = (int)(count - sent);
		if (rate > 0) {
			double due = t0 + (double)sent / rate, t = now();

			if (due > t) {
				struct timespec ts = {0, (long)((due - t) * 1e9)};

				nanosleep(&ts, NULL);
			}
		}
		n = sendmmsg(s, msg, (unsigned)want, 0);
		if (n > 0) {
			sent += n;
			if (mode >= MODE_GARBAGE4 && mode <= MODE_GARBAGE_ICMP6) {
				for (int i = 0; i < n; i++)
					iov[i].iov_len = build_frame(frames[i], mode);
			}
		} else if (errno != ENOBUFS && errno != EAGAIN) {
			perror("flood: sendmmsg");
			return 1;
		}
	}
	printf("flood: sent %ld = %.0f pps\n", sent, (double)sent / (now() - t0));
	return 0;
}
