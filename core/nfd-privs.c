/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Privilege drop with libcap-ng.  The parsing of untrusted packets runs after this, with
 * only the two network capabilities left, under an unprivileged uid.
 *
 * Started as root, the daemon switches to the configured user itself.  Started directly as an
 * unprivileged user (the systemd unit: User=nfdhcpd, AmbientCapabilities= and
 * CapabilityBoundingSet= of the same two), it notices there is nothing to drop, and if it was
 * given more than the two capabilities it drops the rest.
 */
#include <cap-ng.h>
#include <errno.h>
#include <linux/capability.h>
#include <pwd.h>
#include <unistd.h>

#include "nfd-common.h"
#include "nfd-privs.h"

gboolean
nfd_privs_lookup_user(const gchar *user, uid_t *uid, gid_t *gid, GError **error)
{
	struct passwd *pw;
	guint64 num = 0;

	errno = 0;
	pw = getpwnam(user);
	if (pw != NULL) {
		*uid = pw->pw_uid;
		*gid = pw->pw_gid;
		return TRUE;
	}
	/* GRNET: a numeric user is a uid; its primary group comes from passwd if it has one */
	if (g_ascii_string_to_unsigned(user, 10, 0, G_MAXUINT32 - 1, &num, NULL)) {
		pw = getpwuid((uid_t)num);
		*uid = (uid_t)num;
		*gid = pw != NULL ? pw->pw_gid : (gid_t)num;
		return TRUE;
	}
	g_set_error(error,
		    NFD_ERROR,
		    NFD_ERROR_CONFIG,
		    "[general] user: no such user '%s' (create it, e.g. with adduser --system "
		    "--group --no-create-home --home /nonexistent %s, or set [general] user)",
		    user,
		    user);
	return FALSE;
}

/* is any capability but CAP_NET_ADMIN and CAP_NET_RAW in the set @type of this process */
static gboolean
has_extra_caps(capng_type_t type)
{
	for (guint cap = 0; cap <= CAP_LAST_CAP; cap++) {
		if (cap != CAP_NET_ADMIN && cap != CAP_NET_RAW && capng_have_capability(type, cap))
			return TRUE;
	}
	return FALSE;
}

/* not root: keep the uid, and keep (at most) the two network capabilities */
static gboolean
keep_network_caps(GError **error)
{
	gboolean extra_caps;
	gboolean extra_bounds;
	gboolean bounds_kept;

	if (capng_get_caps_process() < 0) {
		g_set_error_literal(error,
				    NFD_ERROR,
				    NFD_ERROR_FAILED,
				    "cannot read the capabilities of the process");
		return FALSE;
	}
	extra_caps = has_extra_caps(CAPNG_PERMITTED) || has_extra_caps(CAPNG_EFFECTIVE) ||
		     has_extra_caps(CAPNG_INHERITABLE) || has_extra_caps(CAPNG_AMBIENT);
	extra_bounds = has_extra_caps(CAPNG_BOUNDING_SET);
	if (!capng_have_capability(CAPNG_EFFECTIVE, CAP_NET_ADMIN) ||
	    !capng_have_capability(CAPNG_EFFECTIVE, CAP_NET_RAW))
		g_warning("started as uid %u without CAP_NET_ADMIN and CAP_NET_RAW: binding queues "
			  "on reload and sending replies may fail",
			  (guint)geteuid());
	if (!extra_caps && !extra_bounds) {
		g_message("started as uid %u (gid %u) with at most CAP_NET_ADMIN and CAP_NET_RAW: "
			  "nothing to drop",
			  (guint)geteuid(),
			  (guint)getegid());
		return TRUE;
	}
	/* the bounding set can only shrink with CAP_SETPCAP; the rest always can */
	bounds_kept = extra_bounds && !capng_have_capability(CAPNG_EFFECTIVE, CAP_SETPCAP);
	extra_bounds = extra_bounds && !bounds_kept;
	for (guint cap = 0; cap <= CAP_LAST_CAP; cap++) {
		if (cap == CAP_NET_ADMIN || cap == CAP_NET_RAW)
			continue;
		capng_update(CAPNG_DROP,
			     CAPNG_EFFECTIVE | CAPNG_PERMITTED | CAPNG_INHERITABLE | CAPNG_AMBIENT |
				 (extra_bounds ? CAPNG_BOUNDING_SET : 0),
			     cap);
	}
	if (capng_apply(extra_bounds ? CAPNG_SELECT_ALL
				     : (CAPNG_SELECT_CAPS | CAPNG_SELECT_AMBIENT)) < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_FAILED,
			    "started as uid %u: cannot drop the capabilities other than "
			    "CAP_NET_ADMIN and CAP_NET_RAW",
			    (guint)geteuid());
		return FALSE;
	}
	g_message("started as uid %u (gid %u): dropped every capability but CAP_NET_ADMIN and "
		  "CAP_NET_RAW%s",
		  (guint)geteuid(),
		  (guint)getegid(),
		  bounds_kept ? " (the bounding set is kept: no CAP_SETPCAP)" : "");
	return TRUE;
}

gboolean
nfd_privs_drop(const gchar *user, GError **error)
{
	uid_t uid = 0;
	gid_t gid = 0;
	gint rc;

	if (geteuid() != 0)
		return keep_network_caps(error);
	if (!nfd_privs_lookup_user(user, &uid, &gid, error))
		return FALSE;
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_updatev(CAPNG_ADD,
			  CAPNG_EFFECTIVE | CAPNG_PERMITTED,
			  CAP_NET_ADMIN,
			  CAP_NET_RAW,
			  -1) < 0) {
		g_set_error_literal(error,
				    NFD_ERROR,
				    NFD_ERROR_FAILED,
				    "cannot prepare capability set");
		return FALSE;
	}
	if (uid == 0) {
		rc = capng_apply(CAPNG_SELECT_BOTH);
	} else {
		rc = capng_change_id((gint)uid,
				     (gint)gid,
				     CAPNG_DROP_SUPP_GRP | CAPNG_CLEAR_BOUNDING);
	}
	if (rc < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_FAILED,
			    "cannot switch to user %s (uid %u, gid %u) with CAP_NET_ADMIN and "
			    "CAP_NET_RAW: libcap-ng error %d",
			    user,
			    (guint)uid,
			    (guint)gid,
			    rc);
		return FALSE;
	}
	g_message("running as %s (uid %u, gid %u) with CAP_NET_ADMIN and CAP_NET_RAW only",
		  user,
		  (guint)getuid(),
		  (guint)getgid());
	return TRUE;
}
