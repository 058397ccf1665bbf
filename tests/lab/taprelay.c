/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * taprelay: the "real TAP" ingress shape of the test lab. It plays the part of QEMU's NIC
 * backend: it opens the persistent TAP device HOSTIF in the lab (host) namespace, enters the
 * guest network namespace NETNS (a file such as /run/netns/vm2) and creates a second TAP GUESTIF
 * there, then copies frames between the two. A client running on GUESTIF in the guest namespace
 * therefore makes its frames enter the host kernel as RX on HOSTIF, which is the path a VM's
 * frames take (lab.md §2 (B), Appendix A).
 *
 * It exits when its parent dies (PR_SET_PDEATHSIG), on SIGTERM/SIGINT, or when a TAP goes away,
 * so a lab torn down by pid never leaves it behind. It prints "taprelay: ready" once both
 * devices exist.
 */

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested = 0;

static void
on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int
tap_open(const char *name)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		perror("taprelay: open /dev/net/tun");
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	if (strlen(name) >= IFNAMSIZ) {
		fprintf(stderr, "taprelay: interface name too long: %s\n", name);
		close(fd);
		return -1;
	}
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		fprintf(stderr, "taprelay: TUNSETIFF %s: %s\n", name, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int
relay(int host_fd, int guest_fd)
{
	struct pollfd pfd[2] = {{host_fd, POLLIN, 0}, {guest_fd, POLLIN, 0}};
	static unsigned char buf[65536];

	while (!stop_requested) {
		int rc = poll(pfd, 2, 500);

		if (rc < 0) {
			if (errno == EINTR)
				continue;
			perror("taprelay: poll");
			return 1;
		}
		for (int i = 0; i < 2; i++) {
			ssize_t n;

			if (pfd[i].revents & (POLLERR | POLLHUP | POLLNVAL)) {
				fprintf(stderr, "taprelay: device %d went away\n", i);
				return 1;
			}
			if (!(pfd[i].revents & POLLIN))
				continue;
			n = read(pfd[i].fd, buf, sizeof(buf));
			if (n <= 0)
				continue;
			/* a full TX queue on the other side is a dropped frame, like on a wire */
			if (write(pfd[!i].fd, buf, (size_t)n) < 0 && errno != EAGAIN &&
			    errno != EIO)
				fprintf(stderr, "taprelay: write: %s\n", strerror(errno));
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	int host_fd;
	int guest_fd;
	int ns_fd;

	if (argc != 4) {
		fprintf(stderr, "usage: taprelay HOSTIF NETNS-FILE GUESTIF\n");
		return 2;
	}
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0)
		perror("taprelay: prctl");
	if (getppid() == 1)
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	host_fd = tap_open(argv[1]);
	if (host_fd < 0)
		return 1;
	ns_fd = open(argv[2], O_RDONLY | O_CLOEXEC);
	if (ns_fd < 0 || setns(ns_fd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "taprelay: setns %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	close(ns_fd);
	/* created inside the guest namespace; it disappears when this process exits */
	guest_fd = tap_open(argv[3]);
	if (guest_fd < 0)
		return 1;
	printf("taprelay: ready %s <-> %s in %s\n", argv[1], argv[3], argv[2]);
	fflush(stdout);
	return relay(host_fd, guest_fd);
}
