/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inject-cost: what one injected reply frame costs the sending process, by injector design, for
 * the dhcp4 benchmark (issue 16).  It sends -n copies of a 342-byte broadcast DHCP reply frame
 * (Ethernet, IPv4 with a valid header checksum, UDP 67 -> 68, no UDP checksum) into interface
 * -i, in batches of -b frames (the replies of one nfdhcpd wake-up), flat out, and prints the
 * CPU it spent per frame (getrusage: user + system, which includes what the kernel does in the
 * sender's context: on a veth, the peer's receive path runs there in softirq).
 *
 * Modes (-m):
 *   sendmmsg  one unbound SOCK_RAW socket, sendmmsg() with a sockaddr_ll per frame (nfdhcpd's
 *             injector, core/nfd-inject.c)
 *   bypass    the same with PACKET_QDISC_BYPASS (dev_direct_xmit(), no qdisc layer)
 *   bound     the socket bound to the interface, no address per frame (a socket per tap)
 *   ring      PACKET_TX_RING (TPACKET_V2): the batch is written into the mmap()ed ring and
 *             sent with one send()
 * With -r PEER a child process pinned to CPU -c reads the frames from PEER with a packet
 * socket (poll() + recvmmsg(), as dhcp4-loadgen does): the cost of waking a reader in the guest
 * is then charged to the sender too, as it is to nfdhcpd in the benchmark.
 *
 * With -t the interface is a real TAP and the reader plays the VM's QEMU: it attaches to the
 * TAP (open /dev/net/tun, TUNSETIFF IFF_TAP | IFF_NO_PI) and read()s the frames from the tun
 * fd; a frame sent into the TAP is queued on the tun's ring and the reader woken
 * (tun_net_xmit), the guest's receive is not the sender's.  Without a reader nothing is
 * attached to the TAP: no carrier, the frames are dropped at once (a stopped VM).  With -H
 * the reader attaches but never reads (a hung VM): the ring fills and the TAP drops.
 *
 * With -p USEC the sender pauses USEC microseconds after each batch, as nfdhcpd waits for the
 * next wake-up: the reader has drained the last batch and sleeps again, so every batch pays
 * for waking it (flat out, the reader is mostly awake and the wake-ups are rare).
 *
 *   inject-cost -i IFNAME -m MODE [-n FRAMES] [-b BATCH] [-p USEC] [-r PEER | -t [-H]]
 *               [-c CPU]
 * Prints one line:
 *   inject-cost: MODE reader yes|no|hold: X.XXX us/frame (frames N, failed F)
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FRAME_LEN 342
#define BATCH_MAX 64
#define RING_FRAME 2048
#define RING_BLOCK 65536
#define RING_BLOCKS 4
#define RING_FRAMES (RING_BLOCK / RING_FRAME * RING_BLOCKS)
#define RING_DATA TPACKET_ALIGN(sizeof(struct tpacket2_hdr))

static uint8_t frame[FRAME_LEN];

static double
cpu_seconds(void)
{
	struct rusage r;

	getrusage(RUSAGE_SELF, &r);
	return (double)(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
	       (double)(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

static void
build_frame(void)
{
	uint8_t *ip = frame + 14, *udp = ip + 20;
	uint32_t sum = 0;

	memset(frame, 0xff, 6);
	memcpy(frame + 6, "\x52\x54\x00\x00\x01\x01", 6);
	frame[12] = 0x08;
	ip[0] = 0x45;
	ip[2] = (FRAME_LEN - 14) >> 8;
	ip[3] = (FRAME_LEN - 14) & 0xff;
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, "\xc6\x33\x64\x01", 4); /* 198.51.100.1 */
	memset(ip + 16, 0xff, 4);
	for (int i = 0; i < 20; i += 2)
		sum += (uint32_t)(ip[i] << 8 | ip[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	ip[10] = (uint8_t)(~sum >> 8);
	ip[11] = (uint8_t)~sum;
	udp[1] = 67;
	udp[3] = 68;
	udp[4] = (FRAME_LEN - 34) >> 8;
	udp[5] = (FRAME_LEN - 34) & 0xff;
	udp[8] = 2; /* BOOTREPLY */
}

/* the VM's QEMU on TAP @tap: attach to it, then read the tun fd (or only hold it, @hold) */
static void
tun_reader(const char *tap, int hold)
{
	static uint8_t f[2048];
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR);

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	strncpy(ifr.ifr_name, tap, IFNAMSIZ - 1);
	if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr) < 0) {
		perror("inject-cost: tun reader");
		_exit(1);
	}
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};

		if (hold) {
			pause();
			continue;
		}
		if (poll(&p, 1, 100) <= 0)
			continue;
		(void)read(fd, f, sizeof(f));
	}
}

/* the guest's reader: a child on its own CPU, killed by the parent */
static pid_t
start_reader(const char *peer, int cpu, int tun, int hold)
{
	static uint8_t buf[BATCH_MAX][2048];
	struct mmsghdr m[BATCH_MAX];
	struct iovec iov[BATCH_MAX];
	struct sockaddr_ll a = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP)};
	cpu_set_t cs;
	pid_t pid = fork();
	int s;

	if (pid != 0)
		return pid;
	CPU_ZERO(&cs);
	CPU_SET(cpu, &cs);
	sched_setaffinity(0, sizeof(cs), &cs);
	if (tun)
		tun_reader(peer, hold);
	s = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	a.sll_ifindex = (int)if_nametoindex(peer);
	if (s < 0 || a.sll_ifindex == 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) < 0) {
		perror("inject-cost: reader");
		_exit(1);
	}
	for (int i = 0; i < BATCH_MAX; i++) {
		iov[i].iov_base = buf[i];
		iov[i].iov_len = sizeof(buf[i]);
	}
	for (;;) {
		struct pollfd p = {s, POLLIN, 0};

		if (poll(&p, 1, 100) <= 0)
			continue;
		memset(m, 0, sizeof(m));
		for (int i = 0; i < BATCH_MAX; i++) {
			m[i].msg_hdr.msg_iov = &iov[i];
			m[i].msg_hdr.msg_iovlen = 1;
		}
		(void)recvmmsg(s, m, BATCH_MAX, MSG_DONTWAIT, NULL);
	}
}

/* one batch through the TX ring: the frames, then one send(); the frames the kernel did not
 * take (an error) are given back, and counted as failed */
static unsigned
ring_batch(int fd, uint8_t *ring, unsigned *head, unsigned b, const struct sockaddr_ll *sll)
{
	unsigned queued = 0;

	for (unsigned k = 0; k < b; k++) {
		struct tpacket2_hdr *h =
		    (struct tpacket2_hdr *)(ring +
					    (size_t)((*head + k) % RING_FRAMES) * RING_FRAME);
		if (__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) != TP_STATUS_AVAILABLE)
			break;
		memcpy((uint8_t *)h + RING_DATA, frame, FRAME_LEN);
		h->tp_len = FRAME_LEN;
		__atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST, __ATOMIC_RELEASE);
		queued++;
	}
	if (sendto(fd, NULL, 0, MSG_DONTWAIT, (const struct sockaddr *)sll, sizeof(*sll)) < 0) {
		for (unsigned k = 0; k < queued; k++) {
			struct tpacket2_hdr *h =
			    (struct tpacket2_hdr *)(ring + (size_t)((*head + k) % RING_FRAMES) *
							       RING_FRAME);
			__atomic_store_n(&h->tp_status, TP_STATUS_AVAILABLE, __ATOMIC_RELEASE);
		}
		return 0;
	}
	*head = (*head + queued) % RING_FRAMES;
	return queued;
}

int
main(int argc, char **argv)
{
	static uint8_t bufs[BATCH_MAX][FRAME_LEN];
	static struct mmsghdr msgs[BATCH_MAX];
	static struct iovec iovs[BATCH_MAX];
	const char *ifname = NULL, *mode = NULL, *peer = NULL;
	long frames = 300000, sent = 0;
	unsigned batch = 10, head = 0;
	int opt, cpu = 0, fd, one = 1, tun = 0, hold = 0;
	long pause_us = 0;
	uint8_t *ring = NULL;
	struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_halen = 6};
	pid_t reader = 0;
	double c0, c1;

	while ((opt = getopt(argc, argv, "i:m:n:b:r:c:tHp:")) != -1) {
		switch (opt) {
		case 'i':
			ifname = optarg;
			break;
		case 'm':
			mode = optarg;
			break;
		case 'n':
			frames = atol(optarg);
			break;
		case 'b':
			batch = (unsigned)atoi(optarg);
			break;
		case 'r':
			peer = optarg;
			break;
		case 'c':
			cpu = atoi(optarg);
			break;
		case 't':
			tun = 1;
			break;
		case 'p':
			pause_us = atol(optarg);
			break;
		case 'H':
			hold = 1;
			break;
		default:
			goto usage;
		}
	}
	if (ifname == NULL || mode == NULL || batch < 1 || batch > BATCH_MAX || frames < 1)
		goto usage;
	frames = frames < (long)batch ? (long)batch : frames / (long)batch * (long)batch;
	build_frame();
	sll.sll_ifindex = (int)if_nametoindex(ifname);
	memset(sll.sll_addr, 0xff, 6);
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0 || sll.sll_ifindex == 0) {
		perror("inject-cost: socket");
		return 1;
	}
	if (strcmp(mode, "bypass") == 0) {
		if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one)) < 0) {
			perror("inject-cost: PACKET_QDISC_BYPASS");
			return 1;
		}
	} else if (strcmp(mode, "bound") == 0) {
		if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
			perror("inject-cost: bind");
			return 1;
		}
	} else if (strcmp(mode, "ring") == 0) {
		int v = TPACKET_V2;
		struct tpacket_req req = {RING_BLOCK, RING_BLOCKS, RING_FRAME, RING_FRAMES};

		if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof(v)) < 0 ||
		    setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &req, sizeof(req)) < 0) {
			perror("inject-cost: PACKET_TX_RING");
			return 1;
		}
		ring = mmap(NULL,
			    (size_t)RING_BLOCK * RING_BLOCKS,
			    PROT_READ | PROT_WRITE,
			    MAP_SHARED,
			    fd,
			    0);
		if (ring == MAP_FAILED) {
			perror("inject-cost: mmap");
			return 1;
		}
	} else if (strcmp(mode, "sendmmsg") != 0) {
		goto usage;
	}
	for (unsigned i = 0; i < batch; i++) {
		iovs[i].iov_base = bufs[i];
		iovs[i].iov_len = FRAME_LEN;
		msgs[i].msg_hdr.msg_iov = &iovs[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		if (strcmp(mode, "bound") != 0) {
			msgs[i].msg_hdr.msg_name = &sll;
			msgs[i].msg_hdr.msg_namelen = sizeof(sll);
		}
	}
	if (tun || hold) {
		tun = 1;
		peer = ifname;
	}
	if (peer != NULL) {
		/* a TAP's carrier comes with the reader's attach, through the link watch */
		reader = start_reader(peer, cpu, tun, hold);
		usleep(300000);
	}

	c0 = cpu_seconds();
	for (long i = 0; i < frames; i += batch) {
		if (pause_us > 0) {
			struct timespec ts = {pause_us / 1000000, pause_us % 1000000 * 1000};

			nanosleep(&ts, NULL);
		}
		if (ring != NULL) {
			sent += ring_batch(fd, ring, &head, batch, &sll);
			continue;
		}
		/* the injector copies each reply into its batch, so this does too */
		for (unsigned k = 0; k < batch; k++)
			memcpy(bufs[k], frame, FRAME_LEN);
		int n = sendmmsg(fd, msgs, batch, MSG_DONTWAIT);
		if (n > 0)
			sent += n;
	}
	c1 = cpu_seconds();

	if (reader > 0) {
		kill(reader, SIGKILL);
		waitpid(reader, NULL, 0);
	}
	printf("inject-cost: %s%s reader %s: %.3f us/frame (frames %ld, failed %ld)\n",
	       mode,
	       pause_us > 0 ? " paced" : "",
	       hold	      ? "hold"
	       : peer != NULL ? "yes"
			      : "no",
	       (c1 - c0) * 1e6 / (double)frames,
	       frames,
	       frames - sent);
	return 0;

usage:
	fprintf(stderr,
		"usage: inject-cost -i IFNAME -m sendmmsg|bypass|bound|ring [-n FRAMES] [-b BATCH] "
		"[-p USEC] [-r PEER | -t [-H]] [-c CPU]\n");
	return 2;
}
