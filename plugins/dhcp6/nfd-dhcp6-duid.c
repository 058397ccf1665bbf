/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The server DUID, made once and kept (RFC 8415 §11: a server's DUID must not change, or every
 * client's Renew is "for another server", §16.6, and leases survive only through Rebind).
 *
 * Unless [dhcp6] duid-mac makes a DUID-LL (configuration wins, so a cluster can share one),
 * the DUID lives in the daemon's state directory as dhcp6-duid, one line of hex digits, read
 * at start():
 *  1. the file exists and holds a DUID: that one;
 *  2. else a DUID-UUID (RFC 6355) derived from /etc/machine-id by HMAC-SHA256 with a fixed
 *     application key (nfd_dhcp6_config_set_duid_uuid_from_machine_id()), which is the DUID
 *     installs without the file always had, so an upgrade keeps it;
 *  3. else (containers and minimal images have no machine id) a random DUID-UUID;
 * and a DUID made in 2 or 3 is written atomically to the file, so it stays from then on.  If
 * the state directory is unusable the DUID is still made, but a random one then changes at
 * each restart: the caller warns.  The caller logs which source was used.
 */
#include <string.h>

#include "nfd-dhcp6-proto.h"

gboolean
nfd_dhcp6_duid_parse(const gchar *text, guint8 *duid, gsize *len)
{
	g_autofree gchar *hex = g_strstrip(g_strdup(text));
	gsize n = strlen(hex);

	/* RFC 8415 §11.1: a 2-octet type and at most 128 octets of identifier */
	if (n % 2 != 0 || n < 6 || n / 2 > NFD_DHCP6_DUID_MAX)
		return FALSE;
	for (gsize i = 0; i < n / 2; i++) {
		gint hi = g_ascii_xdigit_value(hex[2 * i]);
		gint lo = g_ascii_xdigit_value(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return FALSE;
		duid[i] = (guint8)(hi << 4 | lo);
	}
	*len = n / 2;
	return TRUE;
}

gchar *
nfd_dhcp6_duid_format(const guint8 *duid, gsize len)
{
	GString *str = g_string_sized_new(len * 2 + 1);

	for (gsize i = 0; i < len; i++)
		g_string_append_printf(str, "%02x", duid[i]);
	return g_string_free(str, FALSE);
}

static void
set_random_uuid(NfdDhcp6Config *cfg)
{
	/* RFC 4122 §4.4: a random version 4 UUID; RFC 6355 §4: type 4, then the UUID */
	for (guint i = 0; i < 16; i += 4) {
		guint32 r = g_random_int();
		memcpy(cfg->duid + 2 + i, &r, 4);
	}
	cfg->duid[2 + 6] = (cfg->duid[2 + 6] & 0x0f) | 0x40;
	cfg->duid[2 + 8] = (cfg->duid[2 + 8] & 0x3f) | 0x80;
	cfg->duid[0] = 0;
	cfg->duid[1] = NFD_DHCP6_DUID_UUID;
	cfg->duid_len = 18;
}

/* @saved: whether the DUID is now in the state directory (a DUID-LL from the configuration is
 * not kept there).  Returns where the DUID came from, for the log. */
gchar *
nfd_dhcp6_duid_load(NfdDhcp6Config *cfg,
		    const gchar *state_dir,
		    const gchar *machine_id_path,
		    gboolean *saved)
{
	g_autofree gchar *path =
	    state_dir != NULL ? g_build_filename(state_dir, NFD_DHCP6_DUID_FILE, NULL) : NULL;
	g_autofree gchar *text = NULL;
	g_autofree gchar *machine_id = NULL;
	g_autofree gchar *hex = NULL;
	g_autoptr(GError) error = NULL;
	const gchar *source;

	*saved = FALSE;
	if (cfg->duid_len > 0)
		return g_strdup("[dhcp6] duid-mac");
	if (path != NULL && g_file_get_contents(path, &text, NULL, NULL) &&
	    nfd_dhcp6_duid_parse(text, cfg->duid, &cfg->duid_len)) {
		*saved = TRUE;
		return g_strdup(path);
	}
	/* an unusable file is replaced below */
	g_clear_pointer(&text, g_free);
	if (g_file_get_contents(machine_id_path, &machine_id, NULL, NULL) &&
	    nfd_dhcp6_config_set_duid_uuid_from_machine_id(cfg, machine_id, NULL)) {
		source = machine_id_path;
	} else {
		set_random_uuid(cfg);
		source = "random";
	}
	if (path == NULL)
		return g_strdup_printf("%s, not kept: no state directory", source);
	hex = nfd_dhcp6_duid_format(cfg->duid, cfg->duid_len);
	text = g_strdup_printf("%s\n", hex);
	if (!g_file_set_contents_full(path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
		return g_strdup_printf("%s, not kept: %s", source, error->message);
	*saved = TRUE;
	return g_strdup_printf("%s, kept in %s", source, path);
}
