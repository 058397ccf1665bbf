/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdDhcp6Config from the [dhcp6] group (cold path, runs once in init and on reload): server
 * DUID, DNS and NTP servers, search list, lifetimes, rapid commit, preference, captive portal.
 *
 * The server DUID must be the same for every tap and across restarts (a changed DUID makes
 * every client's Renew "for another server", RFC 8415 §16.6, so leases only survive through
 * Rebind).  The per-binding router MAC cannot give that (taps on different bridges have
 * different router MACs), so:
 *  - duid-type=ll with duid-mac=<mac>: DUID-LL (RFC 8415 §11.4) of that MAC, set here.  Give
 *    every host of a cluster the same duid-mac and a migrated VM renews with its new host
 *    unchanged.
 *  - duid-type=uuid: a DUID-UUID (RFC 6355) kept in the state directory; it is made at start
 *    (nfd-dhcp6-duid.c), not here: init() reads no files.
 *  - duid-type=auto (default): ll if duid-mac is set, else uuid.
 */
#include <string.h>

#include "nfd-dhcp6-proto.h"
#include "nfd-proto.h"

/* RFC 8415 §7.6: IRT_MINIMUM */
#define NFD_DHCP6_IRT_MINIMUM 600

/* HMAC key for the DUID-UUID, so that the UUID is specific to this application */
static const guint8 duid_app_key[16] = {0x6e,
					0x66,
					0x64,
					0x68,
					0x63,
					0x70,
					0x64,
					0x2d,
					0x64,
					0x68,
					0x63,
					0x70,
					0x36,
					0x2d,
					0x69,
					0x64};

/* the [dhcp6] keys, for the core's unknown-key warnings (the core owns `queue`) */
const gchar *const nfd_dhcp6_config_keys[] = {
    "nameservers",
    "domains",
    "ntp-servers",
    "information-refresh-time",
    "preferred-lifetime",
    "valid-lifetime",
    "t1",
    "t2",
    "rapid-commit",
    "preference",
    "captive-portal",
    "duid-type",
    "duid-mac",
    "duid-mac-check",
    NULL,
};

/* indexed by NfdDhcp6Counter; the core prints them on SIGUSR1 as "dhcp6: release: N" */
const gchar *const nfd_dhcp6_counter_names[] = {
    [NFD_DHCP6_COUNTER_RELEASE] = "release",
    [NFD_DHCP6_COUNTER_DECLINE] = "decline",
    NULL,
};

/* GRNET's [ipv6] group (original.md §2.3) onto [dhcp6]; dhcp_queue is the deprecated spelling
 * of dhcpv6_queue, which wins */
const NfdConfigAlias nfd_dhcp6_legacy_keys[] = {
    {"ipv6", "dhcpv6_queue", "queue"},
    {"ipv6", "dhcp_queue", "queue"},
    {"ipv6", "nameservers", "nameservers"},
    {"ipv6", "domains", "domains"},
    {NULL, NULL, NULL},
};

void
nfd_dhcp6_config_init(NfdDhcp6Config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	/* RFC 8415 §7.6: IRT_DEFAULT */
	cfg->info_refresh_time = 86400;
	cfg->preferred_lifetime = 3600;
	cfg->valid_lifetime = 7200;
	/* RFC 8415 §21.4: recommended 0.5 and 0.8 times the preferred lifetime */
	cfg->t1 = 1800;
	cfg->t2 = 2880;
	/* RFC 8415 §18.3.9: "The server preference value MUST default to 0 unless otherwise
	 * configured by the server administrator" (255 would make clients Request at once) */
	cfg->preference = 0;
	cfg->rapid_commit = TRUE;
}

void
nfd_dhcp6_config_set_duid_ll(NfdDhcp6Config *cfg, const guint8 *mac)
{
	/* RFC 8415 §11.4: type 3, hardware type 1 (Ethernet), link-layer address */
	cfg->duid[0] = 0;
	cfg->duid[1] = NFD_DHCP6_DUID_LL;
	cfg->duid[2] = 0;
	cfg->duid[3] = 1;
	memcpy(cfg->duid + 4, mac, 6);
	cfg->duid_len = 10;
}

gboolean
nfd_dhcp6_config_set_duid_uuid_from_machine_id(NfdDhcp6Config *cfg,
					       const gchar *machine_id,
					       GError **error)
{
	g_autoptr(GHmac) hmac = NULL;
	g_autofree gchar *id = g_strstrip(g_strdup(machine_id));
	guint8 raw[16];
	guint8 digest[32];
	gsize digest_len = sizeof(digest);

	if (strlen(id) != 32) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_CONFIG, "machine id is not 32 hex digits");
		return FALSE;
	}
	for (guint i = 0; i < 16; i++) {
		gint hi = g_ascii_xdigit_value(id[2 * i]);
		gint lo = g_ascii_xdigit_value(id[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_CONFIG,
				    "machine id is not 32 hex digits");
			return FALSE;
		}
		raw[i] = (guint8)(hi << 4 | lo);
	}
	hmac = g_hmac_new(G_CHECKSUM_SHA256, raw, sizeof(raw));
	g_hmac_update(hmac, duid_app_key, sizeof(duid_app_key));
	g_hmac_get_digest(hmac, digest, &digest_len);
	/* RFC 4122 §4.4: a version 4 UUID with the RFC 4122 variant */
	digest[6] = (digest[6] & 0x0f) | 0x40;
	digest[8] = (digest[8] & 0x3f) | 0x80;
	/* RFC 6355 §4: type 4, then the 16-octet UUID */
	cfg->duid[0] = 0;
	cfg->duid[1] = NFD_DHCP6_DUID_UUID;
	memcpy(cfg->duid + 2, digest, 16);
	cfg->duid_len = 18;
	return TRUE;
}

gboolean
nfd_dhcp6_config_set_domains(NfdDhcp6Config *cfg, const gchar *const *domains, GError **error)
{
	gssize n = 0;

	cfg->domains_set = TRUE;
	cfg->domains_wire_len = 0;
	if (domains == NULL || domains[0] == NULL)
		return TRUE;
	/* RFC 3646 §4: RFC 1035 §3.1 names, not compressed */
	n = nfd_proto_dns_encode_list(domains, FALSE, cfg->domains_wire, sizeof(cfg->domains_wire));
	if (n < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "not valid DNS names, or longer than %u octets in total",
			    (guint)sizeof(cfg->domains_wire));
		return FALSE;
	}
	cfg->domains_wire_len = (gsize)n;
	return TRUE;
}

/**
 * nfd_dhcp6_config_set_captive_portal:
 * @uri: (nullable): the RFC 8910 captive-portal URI, or %NULL or "" for none
 *
 * Returns: FALSE if @uri is not one nfd_dhcp6_captive_portal_is_valid() accepts
 */
gboolean
nfd_dhcp6_config_set_captive_portal(NfdDhcp6Config *cfg, const gchar *uri, GError **error)
{
	gsize len = uri != NULL ? strlen(uri) : 0;

	cfg->captive_portal[0] = '\0';
	cfg->captive_portal_len = 0;
	if (len == 0)
		return TRUE;
	if (!nfd_dhcp6_captive_portal_is_valid(uri, len)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "'%s' is not an https:// URI or urn:ietf:params:capport:unrestricted "
			    "of at most %u printable characters (RFC 8910)",
			    uri,
			    (guint)NFD_DHCP6_CAPTIVE_PORTAL_MAX);
		return FALSE;
	}
	memcpy(cfg->captive_portal, uri, len + 1);
	cfg->captive_portal_len = len;
	return TRUE;
}

gboolean
nfd_dhcp6_config_check(const NfdDhcp6Config *cfg, GError **error)
{
	/* RFC 8415 §21.4: a client discards an IA_NA with T1 > T2; §21.6: an IAADDR whose
	 * preferred lifetime exceeds the valid lifetime */
	if (cfg->t1 > cfg->t2 || cfg->t2 > cfg->preferred_lifetime ||
	    cfg->preferred_lifetime > cfg->valid_lifetime) {
		g_set_error(
		    error,
		    NFD_ERROR,
		    NFD_ERROR_CONFIG,
		    "need t1 (%u) <= t2 (%u) <= preferred-lifetime (%u) <= valid-lifetime (%u)",
		    cfg->t1,
		    cfg->t2,
		    cfg->preferred_lifetime,
		    cfg->valid_lifetime);
		return FALSE;
	}
	return TRUE;
}

static gboolean
load_addr_list(const NfdConfigSection *section,
	       const gchar *key,
	       struct in6_addr *out,
	       guint *n_out,
	       GError **error)
{
	g_autoptr(GArray) list = NULL;

	*n_out = 0;
	if (!nfd_config_section_get_ip6_list(section, key, &list, error))
		return FALSE;
	if (list == NULL)
		return TRUE;
	if (list->len > NFD_DHCP6_SERVERS_MAX) {
		g_autofree gchar *where = nfd_config_section_describe_key(section, key);
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "%s: at most %u addresses",
			    where,
			    (guint)NFD_DHCP6_SERVERS_MAX);
		return FALSE;
	}
	for (guint i = 0; i < list->len; i++)
		out[i] = g_array_index(list, struct in6_addr, i);
	*n_out = list->len;
	return TRUE;
}

static gboolean
load_u32(const NfdConfigSection *section,
	 const gchar *key,
	 guint64 min,
	 guint64 def,
	 guint32 *out,
	 GError **error)
{
	guint64 v = 0;

	if (!nfd_config_section_get_uint(section, key, min, G_MAXUINT32, def, &v, error))
		return FALSE;
	*out = (guint32)v;
	return TRUE;
}

/* duid-type and duid-mac: a DUID-LL is set now; a DUID-UUID is left to start() */
static gboolean
load_duid(NfdDhcp6Config *cfg, const NfdConfigSection *section, GError **error)
{
	const gchar *type = nfd_config_section_get_string(section, "duid-type", "auto");
	guint8 mac[6];
	gboolean has_mac = FALSE;

	if (!nfd_config_section_get_mac(section, "duid-mac", mac, &has_mac, error))
		return FALSE;
	if (g_strcmp0(type, "ll") == 0 || (g_strcmp0(type, "auto") == 0 && has_mac)) {
		if (!has_mac) {
			g_autofree gchar *where =
			    nfd_config_section_describe_key(section, "duid-type");
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_CONFIG,
				    "%s: 'll' needs duid-mac",
				    where);
			return FALSE;
		}
		nfd_dhcp6_config_set_duid_ll(cfg, mac);
		return TRUE;
	}
	if (g_strcmp0(type, "uuid") != 0 && g_strcmp0(type, "auto") != 0) {
		g_autofree gchar *where = nfd_config_section_describe_key(section, "duid-type");
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "%s: '%s' is not one of auto, ll, uuid",
			    where,
			    type);
		return FALSE;
	}
	return TRUE;
}

static gboolean
load_captive_portal(NfdDhcp6Config *cfg, const NfdConfigSection *section, GError **error)
{
	const gchar *uri = nfd_config_section_get_string(section, "captive-portal", NULL);
	g_autoptr(GError) error_local = NULL;

	if (!nfd_dhcp6_config_set_captive_portal(cfg, uri, &error_local)) {
		g_autofree gchar *where =
		    nfd_config_section_describe_key(section, "captive-portal");
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "%s: %s",
			    where,
			    error_local->message);
		return FALSE;
	}
	return TRUE;
}

/* nfd_dhcp6_config_check(), its error located at the first of the timer keys that is set */
static gboolean
check_located(const NfdDhcp6Config *cfg, const NfdConfigSection *section, GError **error)
{
	static const gchar *const timers[] = {"t1", "t2", "preferred-lifetime", "valid-lifetime"};
	g_autofree gchar *where = NULL;

	if (nfd_dhcp6_config_check(cfg, error))
		return TRUE;
	for (guint i = 0; i < G_N_ELEMENTS(timers) && where == NULL; i++) {
		if (nfd_config_section_has_key(section, timers[i]))
			where = nfd_config_section_describe_key(section, timers[i]);
	}
	if (where != NULL)
		g_prefix_error(error, "%s: ", where);
	return FALSE;
}

/**
 * nfd_dhcp6_config_load:
 *
 * Reads no file: a DUID-UUID is left for nfd_dhcp6_duid_load() at start (duid_len stays 0).
 * Keys: nameservers, domains, ntp-servers, information-refresh-time, preferred-lifetime,
 * valid-lifetime, t1, t2, rapid-commit, preference, captive-portal, duid-type, duid-mac,
 * duid-mac-check.
 */
gboolean
nfd_dhcp6_config_load(NfdDhcp6Config *cfg, const NfdConfigSection *section, GError **error)
{
	guint64 v = 0;

	nfd_dhcp6_config_init(cfg);
	if (!load_duid(cfg, section, error))
		return FALSE;
	if (!load_addr_list(section, "nameservers", cfg->dns, &cfg->n_dns, error))
		return FALSE;
	if (!load_addr_list(section, "ntp-servers", cfg->ntp, &cfg->n_ntp, error))
		return FALSE;
	if (nfd_config_section_has_key(section, "domains")) {
		g_auto(GStrv) domains = NULL;
		if (!nfd_config_section_get_string_list(section, "domains", &domains, error))
			return FALSE;
		if (!nfd_dhcp6_config_set_domains(cfg, (const gchar *const *)domains, error)) {
			g_autofree gchar *where =
			    nfd_config_section_describe_key(section, "domains");
			g_prefix_error(error, "%s: ", where);
			return FALSE;
		}
	}
	/* RFC 8415 §21.23: at least IRT_MINIMUM */
	if (!load_u32(section,
		      "information-refresh-time",
		      NFD_DHCP6_IRT_MINIMUM,
		      cfg->info_refresh_time,
		      &cfg->info_refresh_time,
		      error))
		return FALSE;
	if (!load_u32(section, "preferred-lifetime", 1, 3600, &cfg->preferred_lifetime, error))
		return FALSE;
	if (!load_u32(section,
		      "valid-lifetime",
		      1,
		      MAX(7200, cfg->preferred_lifetime),
		      &cfg->valid_lifetime,
		      error))
		return FALSE;
	/* unset T1/T2 follow the preferred lifetime (RFC 8415 §21.4: 0.5 and 0.8) */
	if (!load_u32(section, "t1", 0, cfg->preferred_lifetime / 2, &cfg->t1, error))
		return FALSE;
	if (!load_u32(section, "t2", 0, (guint64)cfg->preferred_lifetime * 4 / 5, &cfg->t2, error))
		return FALSE;
	if (!nfd_config_section_get_bool(section, "rapid-commit", TRUE, &cfg->rapid_commit, error))
		return FALSE;
	if (!nfd_config_section_get_bool(section,
					 "duid-mac-check",
					 FALSE,
					 &cfg->duid_mac_check,
					 error))
		return FALSE;
	if (!nfd_config_section_get_uint(section, "preference", 0, 255, 0, &v, error))
		return FALSE;
	cfg->preference = (guint8)v;
	if (!load_captive_portal(cfg, section, error))
		return FALSE;
	return check_located(cfg, section, error);
}
