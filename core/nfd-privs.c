/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Privilege drop with libcap-ng.  The parsing of untrusted packets runs after this, with
 * only the two network capabilities left, under an unprivileged uid.
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
	g_set_error(error, NFD_ERROR, NFD_ERROR_CONFIG, "[general] user: no such user '%s'", user);
	return FALSE;
}

gboolean
nfd_privs_drop(const gchar *user, GError **error)
{
	uid_t uid = 0;
	gid_t gid = 0;
	gint rc;

	if (geteuid() != 0) {
		g_info("not started as root: keeping uid %u and its capabilities",
		       (guint)geteuid());
		return TRUE;
	}
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
