/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * readall-floor: the read-all floor of the bindings benchmark (bench-bindings.sh, issue 16).
 * One process that does what any binding loader must do and nothing else: list a directory and
 * open, fstat, read and close every file in it, as nfdhcpd's directory backend does (openat()
 * on the directory's descriptor, O_NOFOLLOW|O_NONBLOCK, one read past the size).  Prints
 *   floor: N files, B bytes, S seconds
 * nfdhcpd's start-up is then given as a ratio of S, measured in the same run.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	static char buf[16 * 1024 + 1];
	unsigned long files = 0;
	unsigned long long bytes = 0;
	struct dirent *de;
	double t0;
	DIR *dir;

	if (argc != 2) {
		fprintf(stderr, "usage: readall-floor DIR\n");
		return 2;
	}
	t0 = now();
	dir = opendir(argv[1]);
	if (dir == NULL) {
		perror(argv[1]);
		return 1;
	}
	while ((de = readdir(dir)) != NULL) {
		struct stat st;
		ssize_t n;
		int fd;

		if (de->d_name[0] == '.')
			continue;
		fd = openat(dirfd(dir),
			    de->d_name,
			    O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
		if (fd < 0)
			continue;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
			n = read(fd,
				 buf,
				 (size_t)st.st_size + 1 < sizeof(buf) ? (size_t)st.st_size + 1
								      : sizeof(buf));
			if (n > 0)
				bytes += (unsigned long long)n;
			files++;
		}
		close(fd);
	}
	closedir(dir);
	printf("floor: %lu files, %llu bytes, %.6f seconds\n", files, bytes, now() - t0);
	return 0;
}
