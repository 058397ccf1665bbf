/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dhcp4-prober: how long a server stops answering (bench-bindings.sh's reload step, issue 16).
 * Run in a guest namespace, it sends one DHCPDISCOVER (broadcast flag, RFC 2131 §4.1, from the
 * interface's own MAC, through a UDP socket on port 68 bound to the interface) every
 * -p microseconds for -t seconds and times each OFFER by its xid.  Prints one line:
 *   prober: sent N, answered M, lost L, latency ms p50 .. p99 .. max .., longest gap .. ms
 * where the longest gap is the longest time between two consecutive replies (or from the
 * first probe to the first reply): while the server stalls, probes queue up unanswered, so the
 * gap is the stall plus at most one probe interval.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
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

#define MAX_PROBES 200000

static double sent_at[MAX_PROBES];
static double latency[MAX_PROBES];

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* a minimal DHCPDISCOVER (RFC 2131 §2, RFC 2132 §9.6 option 53) */
static size_t
discover(uint8_t *p, uint32_t xid, const uint8_t *mac)
{
	static const uint8_t cookie[4] = {99, 130, 83, 99};
	size_t n = 240;

	memset(p, 0, 300);
	p[0] = 1; /* BOOTREQUEST */
	p[1] = 1; /* Ethernet */
	p[2] = 6;
	memcpy(p + 4, &xid, 4);
	p[10] = 0x80; /* broadcast */
	memcpy(p + 28, mac, 6);
	memcpy(p + 236, cookie, 4);
	p[n++] = 53;
	p[n++] = 1;
	p[n++] = 1;
	p[n++] = 255;
	return 300;
}

int
main(int argc, char **argv)
{
	const char *ifname = "eth0";
	double secs = 5, interval = 0.001, t0, next, last_reply, gap = 0;
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(67)};
	struct sockaddr_in me = {.sin_family = AF_INET, .sin_port = htons(68)};
	unsigned long sent = 0, answered = 0;
	struct ifreq ifr;
	uint8_t mac[6], pkt[576];
	int one = 1, opt, s;

	while ((opt = getopt(argc, argv, "i:t:p:")) != -1) {
		if (opt == 'i')
			ifname = optarg;
		else if (opt == 't')
			secs = atof(optarg);
		else if (opt == 'p')
			interval = atof(optarg) / 1e6;
		else {
			fprintf(stderr, "usage: dhcp4-prober [-i IF] [-t SECS] [-p INTERVAL_US]\n");
			return 2;
		}
	}
	s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (s < 0 || ioctl(s, SIOCGIFHWADDR, &ifr) < 0 ||
	    setsockopt(s, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)) < 0 ||
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, ifname, strlen(ifname)) < 0 ||
	    bind(s, (struct sockaddr *)&me, sizeof(me)) < 0) {
		perror("dhcp4-prober: socket");
		return 1;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	to.sin_addr.s_addr = htonl(INADDR_BROADCAST);
	t0 = next = last_reply = now();
	while (now() < t0 + secs || (sent > answered && now() < t0 + secs + 2)) {
		double t = now();
		struct pollfd pfd = {.fd = s, .events = POLLIN};
		double wait;
		struct timespec ts;

		if (t >= next && t < t0 + secs && sent < MAX_PROBES) {
			uint32_t xid = htonl(0x50520000u + (uint32_t)sent);
			size_t len = discover(pkt, xid, mac);
			sent_at[sent] = t;
			latency[sent] = -1;
			if (sendto(s, pkt, len, 0, (struct sockaddr *)&to, sizeof(to)) > 0)
				sent++;
			next += interval;
			continue;
		}
		/* sleep until the next probe with microsecond precision: poll()'s milliseconds
		 * would spin for the last one, and under SCHED_FIFO (bench-bindings.sh's
		 * shielding) a spinning prober starves the daemon it probes */
		wait = t < t0 + secs ? next - t : 0.01;
		if (wait < 0)
			wait = 0;
		ts.tv_sec = (time_t)wait;
		ts.tv_nsec = (long)((wait - (double)ts.tv_sec) * 1e9);
		if (ppoll(&pfd, 1, &ts, NULL) <= 0)
			continue;
		for (;;) {
			ssize_t n = recv(s, pkt, sizeof(pkt), 0);
			uint32_t xid, seq;
			if (n < 0)
				break;
			if (n < 240 || pkt[0] != 2)
				continue;
			memcpy(&xid, pkt + 4, 4);
			seq = ntohl(xid) - 0x50520000u;
			if (seq >= sent || latency[seq] >= 0)
				continue;
			t = now();
			latency[seq] = t - sent_at[seq];
			if (t - last_reply > gap)
				gap = t - last_reply;
			last_reply = t;
			answered++;
		}
	}
	{
		unsigned long k = 0;
		for (unsigned long i = 0; i < sent; i++) {
			if (latency[i] >= 0)
				latency[k++] = latency[i];
		}
		qsort(latency, k, sizeof(double), cmp_double);
		printf("prober: sent %lu, answered %lu, lost %lu, latency ms p50 %.2f p99 %.2f max "
		       "%.2f, longest gap %.2f ms\n",
		       sent,
		       answered,
		       sent - answered,
		       k ? latency[k / 2] * 1e3 : -1.0,
		       k ? latency[(k * 99) / 100 < k ? (k * 99) / 100 : k - 1] * 1e3 : -1.0,
		       k ? latency[k - 1] * 1e3 : -1.0,
		       gap * 1e3);
	}
	return 0;
}
