/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of nfd-sandbox.c: no_new_privs is set; with the filter, a call outside the list
 * kills the whole process (execve, a new user namespace, an unknown socket family, an
 * interface-changing ioctl, a signal to another process), on every thread, including one that
 * existed before (TSYNC); clone3() fails with ENOSYS and threads still start; in log mode the
 * call is allowed.  Each case runs in a child process, which the filter stays with.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nfd-sandbox.h"

typedef gint (*ChildFunc)(void);

/* runs @func in a child after nfd_sandbox_enter(@mode); its wait status */
static gint
run_child(NfdSeccompMode mode, ChildFunc func)
{
	gint status = 0;
	pid_t pid = fork();

	g_assert_cmpint(pid, >=, 0);
	if (pid == 0) {
		if (!nfd_sandbox_enter(mode, NULL))
			_exit(3);
		_exit(func());
	}
	g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
	return status;
}

static gboolean
need_seccomp(void)
{
	if (!nfd_sandbox_has_seccomp()) {
		g_test_skip("built without libseccomp");
		return FALSE;
	}
	return TRUE;
}

static void
assert_killed(gint status)
{
	if (!WIFSIGNALED(status))
		g_error("the child was not killed (exit status %d)", WEXITSTATUS(status));
	g_assert_cmpint(WTERMSIG(status), ==, SIGSYS);
}

static void
assert_exit_ok(gint status)
{
	if (WIFSIGNALED(status))
		g_error("the child was killed by signal %d", WTERMSIG(status));
	g_assert_cmpint(WEXITSTATUS(status), ==, 0);
}

static void
test_parse_mode(void)
{
	NfdSeccompMode mode = NFD_SECCOMP_OFF;

	g_assert_true(nfd_sandbox_parse_mode("yes", &mode));
	g_assert_cmpint(mode, ==, NFD_SECCOMP_ON);
	g_assert_true(nfd_sandbox_parse_mode("log", &mode));
	g_assert_cmpint(mode, ==, NFD_SECCOMP_LOG);
	g_assert_true(nfd_sandbox_parse_mode("off", &mode));
	g_assert_cmpint(mode, ==, NFD_SECCOMP_OFF);
	g_assert_false(nfd_sandbox_parse_mode("kill", &mode));
}

static gint
child_nnp(void)
{
	return prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? 0 : 1;
}

static void
test_no_new_privs(void)
{
	assert_exit_ok(run_child(NFD_SECCOMP_OFF, child_nnp));
}

static gint
child_execve(void)
{
	char *argv[] = {(char *)"true", NULL};
	execve("/bin/true", argv, environ);
	return 1;
}

static void
test_kills_execve(void)
{
	if (need_seccomp())
		assert_killed(run_child(NFD_SECCOMP_ON, child_execve));
}

static gint
child_unshare(void)
{
	return unshare(CLONE_NEWUSER) == 0 ? 0 : 1;
}

static void
test_kills_unshare(void)
{
	if (need_seccomp())
		assert_killed(run_child(NFD_SECCOMP_ON, child_unshare));
}

static gint
child_socket_family(void)
{
	gint fd = socket(AF_KEY, SOCK_RAW, 2);
	return fd >= 0 || errno != 0 ? 1 : 0;
}

static void
test_kills_socket_family(void)
{
	if (need_seccomp())
		assert_killed(run_child(NFD_SECCOMP_ON, child_socket_family));
}

static gint
child_socket_allowed(void)
{
	gint fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	return fd >= 0 && close(fd) == 0 ? 0 : 1;
}

static void
test_socket_allowed(void)
{
	if (need_seccomp())
		assert_exit_ok(run_child(NFD_SECCOMP_ON, child_socket_allowed));
}

static gint
child_ioctl_set(void)
{
	struct ifreq ifr = {0};
	gint fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	g_strlcpy(ifr.ifr_name, "lo", sizeof(ifr.ifr_name));
	/* reading is allowed, changing is not */
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) != 0)
		return 2;
	ioctl(fd, SIOCSIFFLAGS, &ifr);
	return 1;
}

static void
test_kills_ioctl_set(void)
{
#if defined(__SANITIZE_ADDRESS__)
	g_test_skip("the sanitizer build allows every ioctl (its runtime makes some)");
#else
	if (need_seccomp())
		assert_killed(run_child(NFD_SECCOMP_ON, child_ioctl_set));
#endif
}

static gint
child_kill_other(void)
{
	kill(getppid(), 0);
	return 1;
}

static void
test_kills_kill_other(void)
{
	if (need_seccomp())
		assert_killed(run_child(NFD_SECCOMP_ON, child_kill_other));
}

static gpointer
thread_func(gpointer data)
{
	return data;
}

static gint
child_threads(void)
{
	GThread *thread;

	/* what glibc tries first, then falls back from */
	if (syscall(SYS_clone3, NULL, 0) != -1 || errno != ENOSYS)
		return 1;
	thread = g_thread_try_new("test", thread_func, GINT_TO_POINTER(7), NULL);
	if (thread == NULL)
		return 2;
	return g_thread_join(thread) == GINT_TO_POINTER(7) ? 0 : 3;
}

static void
test_threads_start(void)
{
	if (need_seccomp())
		assert_exit_ok(run_child(NFD_SECCOMP_ON, child_threads));
}

static gint ready_pipe[2];

/* a thread older than the filter: it must be filtered all the same */
static gpointer
older_thread_func(gpointer data)
{
	gchar c;
	char *argv[] = {(char *)"true", NULL};

	if (read(ready_pipe[0], &c, 1) != 1)
		return NULL;
	execve("/bin/true", argv, environ);
	return NULL;
}

static gint
child_older_thread(void)
{
	GThread *thread;

	if (pipe(ready_pipe) != 0)
		return 2;
	thread = g_thread_new("older", older_thread_func, NULL);
	if (!nfd_sandbox_enter(NFD_SECCOMP_ON, NULL))
		return 3;
	if (write(ready_pipe[1], "x", 1) != 1)
		return 4;
	g_thread_join(thread);
	return 1;
}

static void
test_every_thread(void)
{
	gint status = 0;
	pid_t pid;

	if (!need_seccomp())
		return;
	pid = fork();
	g_assert_cmpint(pid, >=, 0);
	if (pid == 0)
		_exit(child_older_thread());
	g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
	assert_killed(status);
}

static gint
child_log_mode(void)
{
	char *argv[] = {(char *)"none", NULL};
	/* allowed (and logged): a missing file fails as usual */
	execve("/nonexistent/nfd-sandbox-test", argv, environ);
	return errno == ENOENT ? 0 : 1;
}

static void
test_log_mode(void)
{
	if (need_seccomp())
		assert_exit_ok(run_child(NFD_SECCOMP_LOG, child_log_mode));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfd/sandbox/parse-mode", test_parse_mode);
	g_test_add_func("/nfd/sandbox/no-new-privs", test_no_new_privs);
	g_test_add_func("/nfd/sandbox/kills-execve", test_kills_execve);
	g_test_add_func("/nfd/sandbox/kills-unshare", test_kills_unshare);
	g_test_add_func("/nfd/sandbox/kills-socket-family", test_kills_socket_family);
	g_test_add_func("/nfd/sandbox/socket-allowed", test_socket_allowed);
	g_test_add_func("/nfd/sandbox/kills-ioctl-set", test_kills_ioctl_set);
	g_test_add_func("/nfd/sandbox/kills-kill-other", test_kills_kill_other);
	g_test_add_func("/nfd/sandbox/threads-start", test_threads_start);
	g_test_add_func("/nfd/sandbox/every-thread", test_every_thread);
	g_test_add_func("/nfd/sandbox/log-mode", test_log_mode);
	return g_test_run();
}
