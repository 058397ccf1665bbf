/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nfd-unit-sandbox: runs a program under the two parts of nfdhcpd.service's seccomp sandbox
 * that the daemon's own code meets, for tests where no systemd runs the unit
 * (tests/e2e/e2e-systemd.sh):
 *
 *  - RestrictAddressFamilies=AF_NETLINK AF_PACKET AF_UNIX: socket() and socketpair() of any
 *    other family fail with EAFNOSUPPORT, as systemd's filter makes them
 *    (--allow-ip adds AF_INET and AF_INET6, as the metrics drop-in does);
 *  - SystemCallFilter=~@privileged: of that group, the daemon could only ever reach @chown
 *    (chown, fchown, lchown, fchownat and their 32-bit forms), which fail with EPERM
 *    (SystemCallErrorNumber=EPERM).
 *
 * It sets no_new_privs (as the unit's NoNewPrivileges=yes) so that an unprivileged caller may
 * install the filter, then execs the program; capabilities, ambient ones included, pass
 * through exec unchanged.  A classic BPF program, so no libseccomp is needed.
 *
 * usage: nfd-unit-sandbox [--allow-ip] PROGRAM [ARG...]
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define NFD_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NFD_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define RET(value) BPF_STMT(BPF_RET | BPF_K, (value))
/* if A == @k, go to the next instruction, else skip one */
#define IF_EQ(k) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), 0, 1)
#define ERRNO(e) (SECCOMP_RET_ERRNO | ((e)&SECCOMP_RET_DATA))

#ifdef NFD_AUDIT_ARCH
static int
install_filter(int allow_ip)
{
	/* the socket families: the low 32 bits of the first argument */
	const unsigned int arg0 = offsetof(struct seccomp_data, args[0]);
	struct sock_filter prog[] = {
	    LOAD(arch),
	    IF_EQ(NFD_AUDIT_ARCH),
	    BPF_JUMP(BPF_JMP | BPF_JA, 1, 0, 0),
	    RET(SECCOMP_RET_KILL_PROCESS),
	    LOAD(nr),
#ifdef __NR_chown
	    IF_EQ(__NR_chown),
	    RET(ERRNO(EPERM)),
#endif
#ifdef __NR_lchown
	    IF_EQ(__NR_lchown),
	    RET(ERRNO(EPERM)),
#endif
	    IF_EQ(__NR_fchown),
	    RET(ERRNO(EPERM)),
	    IF_EQ(__NR_fchownat),
	    RET(ERRNO(EPERM)),
	    /* socket() and socketpair(): on to the family check; anything else is allowed */
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 1, 0),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socketpair, 0, 7),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, arg0),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_UNIX, 5, 0),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_NETLINK, 4, 0),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_PACKET, 3, 0),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, allow_ip ? AF_INET : AF_UNIX, 2, 0),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, allow_ip ? AF_INET6 : AF_UNIX, 1, 0),
	    RET(ERRNO(EAFNOSUPPORT)),
	    RET(SECCOMP_RET_ALLOW),
	};
	struct sock_fprog fprog = {.len = sizeof(prog) / sizeof(prog[0]), .filter = prog};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		perror("nfd-unit-sandbox: PR_SET_NO_NEW_PRIVS");
		return -1;
	}
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) < 0) {
		perror("nfd-unit-sandbox: PR_SET_SECCOMP");
		return -1;
	}
	return 0;
}
#endif

int
main(int argc, char **argv)
{
	int allow_ip = 0;
	int first = 1;

	if (argc > 1 && strcmp(argv[1], "--allow-ip") == 0) {
		allow_ip = 1;
		first = 2;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: nfd-unit-sandbox [--allow-ip] PROGRAM [ARG...]\n");
		return 2;
	}
#ifdef NFD_AUDIT_ARCH
	if (install_filter(allow_ip) < 0)
		return 1;
#else
	fprintf(stderr, "nfd-unit-sandbox: no filter for this architecture\n");
	return 77;
#endif
	execv(argv[first], argv + first);
	perror("nfd-unit-sandbox: execv");
	return 127;
}
