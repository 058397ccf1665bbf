/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lab-syscall-filter: runs a program under a system call filter given as a list of names, the
 * way systemd applies a unit's SystemCallFilter= with SystemCallErrorNumber=EPERM: the listed
 * calls are allowed, every other one fails with EPERM, no_new_privs is set, then the program is
 * exec'd (ambient capabilities survive the exec).  e2e-systemd expands the unit's filter with
 * systemd-analyze and starts the daemon under it, so that what the daemon does at start-up
 * (its own seccomp filter included) is checked against what the unit allows.
 *
 *   lab-syscall-filter LIST-FILE PROGRAM [ARGS...]
 *
 * LIST-FILE has one system call name a line; names this architecture does not know are
 * skipped.  Exit 125 when the filter cannot be built or loaded, 127 when the exec fails.
 */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	scmp_filter_ctx ctx;
	char line[128];
	FILE *list;
	int n = 0;
	int rc;

	if (argc < 3) {
		fprintf(stderr, "usage: %s LIST-FILE PROGRAM [ARGS...]\n", argv[0]);
		return 125;
	}
	list = fopen(argv[1], "re");
	if (list == NULL) {
		fprintf(stderr, "lab-syscall-filter: %s: %s\n", argv[1], strerror(errno));
		return 125;
	}
	ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	if (ctx == NULL) {
		fprintf(stderr, "lab-syscall-filter: seccomp_init failed\n");
		fclose(list);
		return 125;
	}
	while (fgets(line, sizeof(line), list) != NULL) {
		int nr;

		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		nr = seccomp_syscall_resolve_name(line);
		if (nr == __NR_SCMP_ERROR)
			continue;
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
		if (rc < 0) {
			fprintf(stderr, "lab-syscall-filter: %s: %s\n", line, strerror(-rc));
			seccomp_release(ctx);
			fclose(list);
			return 125;
		}
		n++;
	}
	fclose(list);
	rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0) {
		fprintf(stderr, "lab-syscall-filter: cannot load the filter: %s\n", strerror(-rc));
		return 125;
	}
	if (n == 0)
		fprintf(stderr, "lab-syscall-filter: warning: no call allowed\n");
	execvp(argv[2], argv + 2);
	fprintf(stderr, "lab-syscall-filter: %s: %s\n", argv[2], strerror(errno));
	return 127;
}
