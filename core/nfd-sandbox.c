/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * no_new_privs and the seccomp allow-list (see nfd-sandbox.h).
 *
 * The list is what the daemon was seen to call after the privilege drop (strace -f over the
 * end-to-end suite: every plugin and backend, etcd over TLS, SIGHUP reloads that dlopen()
 * modules, the daemonized start with its log file), plus what the journal and sd_notify use:
 * file and socket I/O, memory (mprotect with PROT_EXEC too: a reload loads modules), the main
 * loop, timers, signals and threads.  Arguments are checked where that is simple and worth
 * it: socket() only for AF_UNIX, AF_INET, AF_INET6, AF_NETLINK and AF_PACKET; ioctl() only for
 * the read-only requests of libc and GLib (the daemon keeps CAP_NET_ADMIN: SIOCSIF* must stay
 * out); clone() only without namespace flags (threads); clone3(), whose flags a filter cannot
 * see, fails with ENOSYS so glibc falls back to clone(); kill() and tgkill() only to the daemon
 * itself; prctl() only to name a thread.  Not in the list, so fatal: execve, fork, ptrace,
 * mount, setuid and the other credential calls, capset, module and BPF loading, namespaces
 * (unshare, setns), keyrings, reboot, mknod, chown.
 *
 * A call outside the list kills the whole process (SECCOMP_RET_KILL_PROCESS), as systemd's
 * SystemCallFilter= does: the death is visible (SIGSYS, the audit log, the service manager
 * restarting it, --queue-bypass letting guest traffic through meanwhile), where an EPERM
 * would surface as an odd failure far from its cause, or not at all.  `seccomp = log` allows
 * and logs instead, to find a missing call.
 *
 * The filter is synchronised to every thread (SCMP_FLTATR_CTL_TSYNC), which also sets
 * no_new_privs on them.  A build with AddressSanitizer adds what its runtime calls (the leak
 * checker stops the threads with ptrace() at exit); the daemon itself gets no more.
 */
#include <errno.h>
#include <sched.h>
#include <linux/sockios.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nfd-common.h"
#include "nfd-sandbox.h"

#ifdef NFD_HAVE_SECCOMP
#include <seccomp.h>
#endif

gboolean
nfd_sandbox_parse_mode(const gchar *value, NfdSeccompMode *mode)
{
	static const gchar *const on[] = {"yes", "true", "on", "1", NULL};
	static const gchar *const off[] = {"no", "false", "off", "0", NULL};

	for (guint i = 0; on[i] != NULL; i++) {
		if (g_ascii_strcasecmp(value, on[i]) == 0) {
			*mode = NFD_SECCOMP_ON;
			return TRUE;
		}
		if (g_ascii_strcasecmp(value, off[i]) == 0) {
			*mode = NFD_SECCOMP_OFF;
			return TRUE;
		}
	}
	if (g_ascii_strcasecmp(value, "log") == 0) {
		*mode = NFD_SECCOMP_LOG;
		return TRUE;
	}
	return FALSE;
}

#ifdef NFD_HAVE_SECCOMP

/* allowed with any arguments */
/* clang-format off */
static const gchar *const allowed[] = {
	/* files and descriptors: binding files, the state directory (dhcp6's DUID file), the
	 * pidfile, the log file, modules (dlopen reads them with pread64) */
	"read", "write", "readv", "writev", "pread64", "pwrite64", "lseek", "close", "fcntl",
	"dup", "dup2", "dup3", "pipe2", "openat", "newfstatat", "fstat", "statx", "readlink",
	"readlinkat", "getcwd", "getdents64", "access", "faccessat", "faccessat2", "unlink",
	"unlinkat", "rename", "renameat", "renameat2", "ftruncate", "fallocate", "fsync",
	"fdatasync", "fchmod", "fgetxattr", "inotify_init1", "inotify_add_watch",
	"inotify_rm_watch", "memfd_create",
	/* memory (PROT_EXEC too: a reload dlopen()s modules) */
	"mmap", "munmap", "mprotect", "mremap", "brk", "madvise",
	/* sockets: NFQUEUE and rtnetlink, AF_PACKET, the journal, sd_notify, etcd (libsoup) */
	"bind", "connect", "listen", "accept", "accept4", "getsockname", "getpeername",
	"setsockopt", "getsockopt", "sendto", "sendmsg", "sendmmsg", "recvfrom", "recvmsg",
	"recvmmsg", "shutdown",
	/* the main loop and time */
	"poll", "ppoll", "eventfd2", "clock_gettime", "clock_getres", "clock_nanosleep",
	"nanosleep", "gettimeofday", "time",
	/* signals and the process */
	"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "restart_syscall", "getpid", "gettid",
	"exit", "exit_group", "getuid", "geteuid", "getgid", "getegid", "getresuid", "getresgid",
	"capget", "getrandom", "uname", "prlimit64",
	/* threads (GLib's worker and pool threads copy their scheduling with sched_*attr) */
	"futex", "set_robust_list", "rseq", "sched_getaffinity", "sched_yield", "sched_getattr",
	"sched_setattr",
	NULL,
};
/* clang-format on */

#if defined(__SANITIZE_ADDRESS__)
/* AddressSanitizer's runtime: its leak checker stops the threads with ptrace() at exit from a
 * helper it clone()s, and reads /proc; none of this is reachable in a normal build */
/* clang-format off */
static const gchar *const allowed_sanitizer[] = {
	"ptrace", "wait4", "waitid", "prctl", "sigaltstack", "ioctl", "getdents", "sched_setaffinity",
	"getppid", "msync", "pipe", "open", "stat", "lstat", "fstatfs", "statfs", "getrlimit",
	"setrlimit", "getrusage", "sysinfo", "personality", "mincore", "membarrier",
	NULL,
};
/* clang-format on */
#endif

/* a rule, or a message saying which; libseccomp returns a negative errno */
static gboolean
add_rule(scmp_filter_ctx ctx,
	 guint32 action,
	 const gchar *name,
	 guint n_args,
	 const struct scmp_arg_cmp *args,
	 GError **error)
{
	gint nr = seccomp_syscall_resolve_name(name);
	gint rc;

	/* a call this architecture (or this libseccomp) does not know is not needed */
	if (nr == __NR_SCMP_ERROR)
		return TRUE;
	rc = seccomp_rule_add_array(ctx, action, nr, n_args, args);
	if (rc < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_FAILED,
			    "seccomp: cannot allow %s: %s",
			    name,
			    g_strerror(-rc));
		return FALSE;
	}
	return TRUE;
}

static gboolean
add_list(scmp_filter_ctx ctx, const gchar *const *names, GError **error)
{
	for (guint i = 0; names[i] != NULL; i++) {
		if (!add_rule(ctx, SCMP_ACT_ALLOW, names[i], 0, NULL, error))
			return FALSE;
	}
	return TRUE;
}

/* the calls allowed only with some arguments */
static gboolean
add_conditional(scmp_filter_ctx ctx, GError **error)
{
	static const gint domains[] = {AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET};
#if !defined(__SANITIZE_ADDRESS__)
	static const guint64 ioctls[] = {TCGETS,
					 FIONREAD,
					 FIONBIO,
					 FIOCLEX,
					 FIONCLEX,
					 SIOCGIFNAME,
					 SIOCGIFINDEX,
					 SIOCGIFFLAGS,
					 SIOCGIFHWADDR,
					 SIOCGIFMTU};
#endif
	const guint64 namespaces = CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET |
				   CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP;
	struct scmp_arg_cmp arg;

	for (guint i = 0; i < G_N_ELEMENTS(domains); i++) {
		arg = SCMP_A0(SCMP_CMP_EQ, (guint64)domains[i]);
		if (!add_rule(ctx, SCMP_ACT_ALLOW, "socket", 1, &arg, error))
			return FALSE;
	}
	/* threads (CLONE_VM | CLONE_THREAD ...), never a new namespace */
	arg = SCMP_A0(SCMP_CMP_MASKED_EQ, namespaces, 0);
	if (!add_rule(ctx, SCMP_ACT_ALLOW, "clone", 1, &arg, error))
		return FALSE;
	if (!add_rule(ctx, SCMP_ACT_ERRNO(ENOSYS), "clone3", 0, NULL, error))
		return FALSE;
	/* abort() and g_error() signal the daemon itself */
	arg = SCMP_A0(SCMP_CMP_EQ, (guint64)getpid());
	if (!add_rule(ctx, SCMP_ACT_ALLOW, "kill", 1, &arg, error) ||
	    !add_rule(ctx, SCMP_ACT_ALLOW, "tgkill", 1, &arg, error))
		return FALSE;
#if !defined(__SANITIZE_ADDRESS__)
	/* the read-only requests libc and GLib make (isatty(), a socket's queue, if_nametoindex()):
	 * with CAP_NET_ADMIN kept, the interface-changing ones (SIOCSIF*) must stay out */
	for (guint i = 0; i < G_N_ELEMENTS(ioctls); i++) {
		arg = SCMP_A1(SCMP_CMP_EQ, ioctls[i]);
		if (!add_rule(ctx, SCMP_ACT_ALLOW, "ioctl", 1, &arg, error))
			return FALSE;
	}
	/* pthread_setname_np() on the calling thread */
	arg = SCMP_A0(SCMP_CMP_EQ, PR_SET_NAME);
	if (!add_rule(ctx, SCMP_ACT_ALLOW, "prctl", 1, &arg, error))
		return FALSE;
	arg = SCMP_A0(SCMP_CMP_EQ, PR_GET_NAME);
	if (!add_rule(ctx, SCMP_ACT_ALLOW, "prctl", 1, &arg, error))
		return FALSE;
#endif
	return TRUE;
}

static gboolean
load_filter(NfdSeccompMode mode, GError **error)
{
	scmp_filter_ctx ctx =
	    seccomp_init(mode == NFD_SECCOMP_LOG ? SCMP_ACT_LOG : SCMP_ACT_KILL_PROCESS);
	gint rc;

	if (ctx == NULL) {
		g_set_error_literal(
		    error,
		    NFD_ERROR,
		    NFD_ERROR_FAILED,
		    "seccomp: cannot create a filter (is seccomp() itself blocked, by a "
		    "service manager's SystemCallFilter= without it?)");
		return FALSE;
	}
	/* every thread, and no_new_privs for each of them (the kernel sets it with TSYNC) */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1);
	if (rc < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_FAILED,
			    "seccomp: cannot synchronise threads: %s",
			    g_strerror(-rc));
		seccomp_release(ctx);
		return FALSE;
	}
	if (!add_list(ctx, allowed, error) ||
#if defined(__SANITIZE_ADDRESS__)
	    !add_list(ctx, allowed_sanitizer, error) ||
#endif
	    !add_conditional(ctx, error)) {
		seccomp_release(ctx);
		return FALSE;
	}
	rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_FAILED,
			    "seccomp: cannot load the filter: %s",
			    g_strerror(-rc));
		return FALSE;
	}
	return TRUE;
}

gboolean
nfd_sandbox_has_seccomp(void)
{
	return TRUE;
}

#else

static gboolean
load_filter(NfdSeccompMode mode, GError **error)
{
	g_info("built without libseccomp: no system call filter");
	return TRUE;
}

gboolean
nfd_sandbox_has_seccomp(void)
{
	return FALSE;
}

#endif

guint
nfd_sandbox_count_threads(void)
{
	g_autoptr(GDir) dir = g_dir_open("/proc/self/task", 0, NULL);
	guint n = 0;

	while (dir != NULL && g_dir_read_name(dir) != NULL)
		n++;
	return n;
}

gboolean
nfd_sandbox_enter(NfdSeccompMode mode, GError **error)
{
	/* execve() can no longer grant privileges (setuid files, file capabilities) */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_FAILED,
			    "prctl(PR_SET_NO_NEW_PRIVS): %s",
			    g_strerror(errno));
		return FALSE;
	}
	if (mode == NFD_SECCOMP_OFF) {
		g_message("no_new_privs set; [general] seccomp = no: no system call filter");
		return TRUE;
	}
	if (!load_filter(mode, error))
		return FALSE;
	if (nfd_sandbox_has_seccomp())
		g_message("no_new_privs set; system call filter loaded%s",
			  mode == NFD_SECCOMP_LOG ? " (log only: [general] seccomp = log)" : "");
	return TRUE;
}
