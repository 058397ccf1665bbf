/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdGeneral: reading and checking the [general] group (see nfd-general.h).
 *
 * Every check that start-up would otherwise trip over later (after daemonizing, where its
 * message may go nowhere) is made here, so that --check-config reports it, with the others,
 * before the daemon is started.  Directories the daemon creates itself (the pidfile's and the
 * log directory) only need an existing ancestor that root can write to.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "nfd-general.h"
#include "nfd-privs.h"

/* [general] queue-maxlen: NFQUEUE's queue length (packets waiting for a verdict) */
#define NFD_QUEUE_MAXLEN_DEFAULT 4096
#define NFD_QUEUE_MAXLEN_MIN 16
#define NFD_QUEUE_MAXLEN_MAX (1 << 20)
/* the netlink receive buffer of each queue socket (SO_RCVBUFFORCE) */
#define NFD_QUEUE_RCVBUF (8 << 20)

/* meson option daemon_user: the Debian package creates it */
#define NFD_GENERAL_DEFAULT_USER NFD_DEFAULT_USER
#define NFD_GENERAL_LOG_FILE "nfdhcpd.log"

const gchar *const nfd_general_keys[] = {"plugins",
					 "binding-backend",
					 "user",
					 "pidfile",
					 "logdir",
					 "log",
					 "plugin-dir",
					 "backend-dir",
					 "router-mac",
					 "mac-fallback",
					 "queue-maxlen",
					 "fail-open",
					 "state-dir",
					 "seccomp",
					 "control-socket",
					 "metrics-listen",
					 "rate-limit",
					 "rate-burst",
					 NULL};

static const gchar *const log_targets[] = {"auto", "stderr", "journal", "file", NULL};

static void G_GNUC_PRINTF(4, 5) add_problem(GPtrArray *problems,
					    const NfdConfigSection *general,
					    const gchar *key,
					    const gchar *format,
					    ...)
{
	g_autofree gchar *where = nfd_config_section_describe_key(general, key);
	g_autofree gchar *why = NULL;
	va_list args;

	va_start(args, format);
	why = g_strdup_vprintf(format, args);
	va_end(args);
	g_ptr_array_add(problems, g_strdup_printf("%s: %s", where, why));
}

static void
add_error(GPtrArray *problems, GError *error)
{
	g_ptr_array_add(problems, g_strdup(error->message));
}

/* a path the daemon opens after chdir("/"): absolute, and short enough with @suffix */
static gboolean
check_path(const NfdConfigSection *general,
	   const gchar *key,
	   const gchar *path,
	   gsize suffix_len,
	   GPtrArray *problems)
{
	if (!g_path_is_absolute(path)) {
		add_problem(problems, general, key, "'%s' is not an absolute path", path);
		return FALSE;
	}
	if (strlen(path) + suffix_len >= PATH_MAX) {
		add_problem(problems,
			    general,
			    key,
			    "'%.40s...' is longer than %u characters",
			    path,
			    (guint)(PATH_MAX - 1 - suffix_len));
		return FALSE;
	}
	return TRUE;
}

/* the source MAC of every reply: a multicast, broadcast or zero MAC would be dropped or
 * misdirected by every guest (IEEE 802: the I/G bit of the first octet marks a group) */
static void
load_router_mac(NfdGeneral *self, const NfdConfigSection *general, GPtrArray *problems)
{
	static const guint8 zero[6] = {0};
	static const guint8 broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	g_autoptr(GError) error = NULL;
	const gchar *why = NULL;

	if (!nfd_config_section_get_mac(general,
					"router-mac",
					self->router_mac,
					&self->has_router_mac,
					&error)) {
		add_error(problems, error);
		return;
	}
	if (!self->has_router_mac)
		return;
	if (memcmp(self->router_mac, zero, 6) == 0)
		why = "is the zero MAC";
	else if (memcmp(self->router_mac, broadcast, 6) == 0)
		why = "is the broadcast MAC";
	else if ((self->router_mac[0] & 0x01) != 0)
		why = "is a multicast MAC";
	if (why != NULL) {
		add_problem(problems,
			    general,
			    "router-mac",
			    "'%s' %s, not a unicast one",
			    nfd_config_section_get_string(general, "router-mac", ""),
			    why);
		self->has_router_mac = FALSE;
	}
}

static void
load_queue_options(NfdGeneral *self, const NfdConfigSection *general, GPtrArray *problems)
{
	g_autoptr(GError) error = NULL;
	guint64 maxlen = NFD_QUEUE_MAXLEN_DEFAULT;

	self->queue_options.fail_open = TRUE;
	self->queue_options.rcvbuf = NFD_QUEUE_RCVBUF;
	if (!nfd_config_section_get_uint(general,
					 "queue-maxlen",
					 NFD_QUEUE_MAXLEN_MIN,
					 NFD_QUEUE_MAXLEN_MAX,
					 NFD_QUEUE_MAXLEN_DEFAULT,
					 &maxlen,
					 &error))
		add_error(problems, error);
	self->queue_options.maxlen = (guint32)maxlen;
	g_clear_error(&error);
	if (!nfd_config_section_get_bool(general,
					 "fail-open",
					 TRUE,
					 &self->queue_options.fail_open,
					 &error))
		add_error(problems, error);
}

static void
load_log(NfdGeneral *self, const NfdConfigSection *general, GPtrArray *problems)
{
	const gchar *log = nfd_config_section_get_string(general, "log", "auto");
	const gchar *logdir = nfd_config_section_get_string(general, "logdir", NULL);

	if (logdir != NULL && logdir[0] != '\0' &&
	    check_path(general, "logdir", logdir, strlen("/" NFD_GENERAL_LOG_FILE), problems)) {
		self->logdir = g_strdup(logdir);
		self->logfile = g_build_filename(logdir, NFD_GENERAL_LOG_FILE, NULL);
	}
	self->log = g_strdup(log);
	if (!g_strv_contains(log_targets, log))
		add_problem(problems,
			    general,
			    "log",
			    "'%s' is not one of auto, stderr, journal, file",
			    log);
	else if (g_strcmp0(log, "file") == 0 && (logdir == NULL || logdir[0] == '\0'))
		add_problem(problems, general, "log", "'file' needs [general] logdir");
}

/* [general] control-socket: an absolute path that fits a sockaddr_un; empty: no socket */
static void
load_control_socket(NfdGeneral *self, const NfdConfigSection *general, GPtrArray *problems)
{
	const gchar *path =
	    nfd_config_section_get_string(general, "control-socket", NFD_CONTROL_SOCKET);
	struct sockaddr_un sa;

	if (path[0] == '\0')
		return;
	if (!g_path_is_absolute(path)) {
		add_problem(problems,
			    general,
			    "control-socket",
			    "'%s' is not an absolute path",
			    path);
		return;
	}
	if (strlen(path) >= sizeof(sa.sun_path)) {
		add_problem(problems,
			    general,
			    "control-socket",
			    "'%.40s...' is longer than %u characters",
			    path,
			    (guint)sizeof(sa.sun_path) - 1);
		return;
	}
	self->control_socket = g_strdup(path);
}

/* [general] metrics-listen = ADDRESS:PORT, an IPv4 or [IPv6] literal; empty or unset: off */
static void
load_metrics_listen(NfdGeneral *self, const NfdConfigSection *general, GPtrArray *problems)
{
	const gchar *value = nfd_config_section_get_string(general, "metrics-listen", "");
	g_autofree gchar *host = NULL;
	const gchar *colon;
	guint64 port = 0;

	if (value[0] == '\0')
		return;
#ifndef NFD_HAVE_METRICS
	add_problem(problems,
		    general,
		    "metrics-listen",
		    "this nfdhcpd was built without the metrics endpoint (meson -Dmetrics=enabled, "
		    "libsoup-3.0); `nfdhcpctl metrics` still prints the metrics");
	return;
#endif
	colon = strrchr(value, ':');
	if (value[0] == '[') {
		const gchar *end = strchr(value, ']');
		if (end != NULL && end[1] == ':') {
			host = g_strndup(value + 1, end - value - 1);
			colon = end + 1;
		}
	} else if (colon != NULL && strchr(value, ':') == colon) {
		host = g_strndup(value, colon - value);
	}
	if (host != NULL && inet_pton(AF_INET, host, self->metrics_address) == 1 && value[0] != '[')
		self->metrics_family = AF_INET;
	else if (host != NULL && value[0] == '[' &&
		 inet_pton(AF_INET6, host, self->metrics_address) == 1)
		self->metrics_family = AF_INET6;
	if (self->metrics_family == 0 ||
	    !g_ascii_string_to_unsigned(colon + 1, 10, 1, 65535, &port, NULL)) {
		self->metrics_family = 0;
		add_problem(problems,
			    general,
			    "metrics-listen",
			    "'%s' is not ADDRESS:PORT (an IPv4 address, or an IPv6 address in [], "
			    "and a port from 1 to 65535)",
			    value);
		return;
	}
	self->metrics_port = (guint16)port;
	self->metrics_listen = g_strdup(value);
}

/* rate-limit and rate-burst: the token bucket every tap gets per plugin (nfd-token-bucket.h),
 * applied by the dispatcher before a packet is parsed.  The defaults, 50 packets/s and bursts
 * of 200, are chosen against two things:
 *  - real guests: a booting guest sends a handful of packets per protocol (DHCPv4 DORA and its
 *    retransmissions with backoff, at most 3 RSs 4 s apart, one NS per address for DAD, NUD
 *    probes every ~30 s per neighbour, one DHCPv6 exchange), so a burst of 200 covers a boot
 *    with dozens of addresses and 50/s is far above any steady state;
 *  - the kernel limit nfdhcpd-rules installs in front of each queue (20/s, burst 100 per tap
 *    and claim): the daemon's bucket sits above it, so with those rules it never fires, and
 *    without them it still cuts one guest's flood to 50 answers a second.  The burst is 200,
 *    not the 100 of the kernel's (or of the example): the daemon measures when it
 *    reads, so what the kernel admitted while the daemon was busy (a reload, a starved CPU)
 *    arrives within a millisecond, and a bucket admits little more than its burst at once.
 *    200 is the kernel's 100 plus 5 s of its 20/s, so a stall of up to 5 s never turns
 *    packets the kernel let through into drops.  The larger burst costs nothing that
 *    matters: 200 packets are about a millisecond of the daemon's time.
 * 0 turns the limit off; a plugin's group can set its own (a guest relaying DHCP for many). */
static void
load_rate_key(const NfdConfigSection *section,
	      const gchar *key,
	      guint64 min,
	      guint64 max,
	      guint def,
	      guint *out,
	      GPtrArray *problems)
{
	g_autoptr(GError) error = NULL;
	guint64 value = def;

	if (!nfd_config_section_get_uint(section, key, min, max, def, &value, &error))
		add_error(problems, error);
	*out = (guint)value;
}

void
nfd_general_load_rate_limit(const NfdGeneral *general,
			    const NfdConfigSection *section,
			    NfdTokenBucket *out,
			    GPtrArray *problems)
{
	guint rate = general->rate_limit;
	guint burst = general->rate_burst;

	load_rate_key(section, "rate-limit", 0, NFD_RATE_LIMIT_MAX, rate, &rate, problems);
	load_rate_key(section, "rate-burst", 1, NFD_RATE_BURST_MAX, burst, &burst, problems);
	nfd_token_bucket_init(out, rate, burst);
}

void
nfd_general_load(NfdGeneral *self, const NfdConfigSection *general, GPtrArray *problems)
{
	g_autoptr(GError) error = NULL;
	const gchar *pidfile = nfd_config_section_get_string(general, "pidfile", NULL);
	const gchar *state_dir = nfd_config_section_get_string(general, "state-dir", NULL);
	const gchar *user =
	    nfd_config_section_get_string(general, "user", NFD_GENERAL_DEFAULT_USER);

	memset(self, 0, sizeof(*self));
	self->binding_backend =
	    g_strdup(nfd_config_section_get_string(general, "binding-backend", "directory"));
	if (user[0] == '\0')
		add_problem(problems, general, "user", "is empty");
	self->user = g_strdup(user);
	if (pidfile != NULL && pidfile[0] != '\0' &&
	    check_path(general, "pidfile", pidfile, 0, problems))
		self->pidfile = g_strdup(pidfile);
	/* the daemon makes it at start (and runs without state when it cannot); a relative
	 * path is a mistake in the file, refused with the others */
	if (state_dir != NULL && state_dir[0] != '\0')
		check_path(general, "state-dir", state_dir, NAME_MAX + 1, problems);
	load_log(self, general, problems);
	load_router_mac(self, general, problems);
	if (!nfd_config_section_get_bool(general,
					 "mac-fallback",
					 FALSE,
					 &self->mac_fallback,
					 &error))
		add_error(problems, error);
	load_queue_options(self, general, problems);
	if (!nfd_sandbox_parse_mode(nfd_config_section_get_string(general, "seccomp", "yes"),
				    &self->seccomp))
		add_problem(problems,
			    general,
			    "seccomp",
			    "'%s' is not yes, no or log",
			    nfd_config_section_get_string(general, "seccomp", ""));
	load_control_socket(self, general, problems);
	load_metrics_listen(self, general, problems);
	load_rate_key(general,
		      "rate-limit",
		      0,
		      NFD_RATE_LIMIT_MAX,
		      NFD_RATE_LIMIT_DEFAULT,
		      &self->rate_limit,
		      problems);
	load_rate_key(general,
		      "rate-burst",
		      1,
		      NFD_RATE_BURST_MAX,
		      NFD_RATE_BURST_DEFAULT,
		      &self->rate_burst,
		      problems);
}

/* @path, or the directory the daemon would create it in: the nearest existing ancestor must
 * be a directory, and writable when we are root (a read-only file system) */
static void
check_dir_usable(const NfdConfigSection *general,
		 const gchar *key,
		 const gchar *what,
		 const gchar *path,
		 GPtrArray *problems)
{
	g_autofree gchar *dir = g_strdup(path);

	while (!g_file_test(dir, G_FILE_TEST_EXISTS)) {
		gchar *parent = g_path_get_dirname(dir);
		if (g_strcmp0(parent, dir) == 0) {
			g_free(parent);
			break;
		}
		g_free(dir);
		dir = parent;
	}
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR))
		add_problem(problems,
			    general,
			    key,
			    "the %s %s cannot be created: %s is not a directory",
			    what,
			    path,
			    dir);
	else if (geteuid() == 0 && access(dir, W_OK) != 0)
		add_problem(problems,
			    general,
			    key,
			    "the %s %s cannot be %s: %s: %s",
			    what,
			    path,
			    g_strcmp0(dir, path) == 0 ? "written to" : "created",
			    dir,
			    g_strerror(errno));
}

void
nfd_general_check_host(const NfdGeneral *self, const NfdConfigSection *general, GPtrArray *problems)
{
	g_autoptr(GError) error = NULL;
	uid_t uid = 0;
	gid_t gid = 0;

	if (self->user[0] != '\0' && !nfd_privs_lookup_user(self->user, &uid, &gid, &error))
		add_problem(problems,
			    general,
			    "user",
			    "'%s' is not a user on this host",
			    self->user);
	if (self->pidfile != NULL) {
		g_autofree gchar *dir = g_path_get_dirname(self->pidfile);
		if (g_file_test(self->pidfile, G_FILE_TEST_IS_DIR))
			add_problem(problems,
				    general,
				    "pidfile",
				    "%s is a directory",
				    self->pidfile);
		else
			check_dir_usable(general, "pidfile", "pidfile directory", dir, problems);
	}
	if (self->logdir != NULL)
		check_dir_usable(general, "logdir", "log directory", self->logdir, problems);
}

void
nfd_general_clear(NfdGeneral *self)
{
	g_clear_pointer(&self->binding_backend, g_free);
	g_clear_pointer(&self->user, g_free);
	g_clear_pointer(&self->pidfile, g_free);
	g_clear_pointer(&self->logdir, g_free);
	g_clear_pointer(&self->logfile, g_free);
	g_clear_pointer(&self->log, g_free);
	g_clear_pointer(&self->control_socket, g_free);
	g_clear_pointer(&self->metrics_listen, g_free);
}
