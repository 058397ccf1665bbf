/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The [ra] config group (the core reads `queue`; the legacy [ipv6] keys this plugin declares in
 * nfd_ra_legacy_keys are mapped by the core: rs_queue -> queue,
 * ra_period -> max-interval, nameservers -> rdnss, domains -> dnssl, mode -> mode).  Every
 * default follows RFC 4861 §6.2.1 unless the README says otherwise; the cross-key checks are
 * in the pure nfd_ra_config_validate().
 */
#include "nfd-ra-config.h"

const gchar *const nfd_ra_config_keys[] = {"mode",
					   "min-interval",
					   "max-interval",
					   "router-lifetime",
					   "preference",
					   "valid-lifetime",
					   "preferred-lifetime",
					   "rdnss",
					   "dnssl",
					   "rdnss-lifetime",
					   "dnssl-lifetime",
					   "route-lifetime",
					   "mtu",
					   "routes",
					   "initial-ras",
					   "pref64",
					   "captive-portal",
					   NULL};

static gboolean
get_u32(const NfdConfigSection *s,
	const gchar *key,
	guint64 min,
	guint64 max,
	guint64 def,
	guint32 *out,
	GError **error)
{
	guint64 v = 0;

	if (!nfd_config_section_get_uint(s, key, min, max, def, &v, error))
		return FALSE;
	*out = (guint32)v;
	return TRUE;
}

static gboolean
load_lists(NfdRaConfig *cfg, const NfdConfigSection *s, GError **error)
{
	g_autoptr(GArray) rdnss = NULL;
	g_auto(GStrv) dnssl = NULL;
	g_auto(GStrv) routes = NULL;

	if (!nfd_config_section_get_ip6_list(s, "rdnss", &rdnss, error))
		return FALSE;
	if (rdnss != NULL && rdnss->len > NFD_RA_MAX_RDNSS) {
		g_autofree gchar *where = nfd_config_section_describe_key(s, "rdnss");
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "%s: at most %u servers",
			    where,
			    (guint)NFD_RA_MAX_RDNSS);
		return FALSE;
	}
	for (guint i = 0; rdnss != NULL && i < rdnss->len; i++)
		cfg->rdnss[cfg->n_rdnss++] = g_array_index(rdnss, struct in6_addr, i);

	if (!nfd_config_section_get_string_list(s, "dnssl", &dnssl, error))
		return FALSE;
	if (dnssl != NULL && dnssl[0] != NULL &&
	    !nfd_ra_config_set_dnssl(cfg, (const gchar *const *)dnssl, error))
		return FALSE;

	if (!nfd_config_section_get_string_list(s, "routes", &routes, error))
		return FALSE;
	for (guint i = 0; routes != NULL && routes[i] != NULL; i++) {
		g_autofree gchar *where = NULL;
		if (cfg->n_routes < NFD_RA_MAX_ROUTES &&
		    nfd_ra_route_parse(routes[i], &cfg->routes[cfg->n_routes])) {
			cfg->n_routes++;
			continue;
		}
		where = nfd_config_section_describe_key(s, "routes");
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "%s: '%s' is not \"prefix/len [low|medium|high]\" (at most %u routes)",
			    where,
			    routes[i],
			    (guint)NFD_RA_MAX_ROUTES);
		return FALSE;
	}
	return TRUE;
}

/* GRNET's [ipv6] group (original.md §2.3) onto [ra] */
const NfdConfigAlias nfd_ra_legacy_keys[] = {
    {"ipv6", "rs_queue", "queue"},
    {"ipv6", "ra_period", "max-interval"},
    {"ipv6", "nameservers", "rdnss"},
    {"ipv6", "domains", "dnssl"},
    {NULL, NULL, NULL},
};

/* RFC 8781 pref64 = PREFIX/LEN and RFC 8910 captive-portal = URI (binding keys PREF64 and
 * CAPTIVE_PORTAL override them per tap) */
static gboolean
load_pref64_portal(NfdRaConfig *cfg, const NfdConfigSection *s, GError **error)
{
	const gchar *pref64 = nfd_config_section_get_string(s, "pref64", NULL);
	const gchar *portal = nfd_config_section_get_string(s, "captive-portal", NULL);
	g_autoptr(GError) local = NULL;

	if (pref64 != NULL && pref64[0] != '\0') {
		if (!nfd_ra_pref64_parse(pref64, &cfg->pref64, &cfg->pref64_len, &local)) {
			g_autofree gchar *where = nfd_config_section_describe_key(s, "pref64");
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_CONFIG,
				    "%s: %s",
				    where,
				    local->message);
			return FALSE;
		}
		cfg->has_pref64 = TRUE;
	}
	if (portal != NULL && portal[0] != '\0') {
		if (!nfd_ra_captive_portal_check(portal, &local)) {
			g_autofree gchar *where =
			    nfd_config_section_describe_key(s, "captive-portal");
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_CONFIG,
				    "%s: %s",
				    where,
				    local->message);
			return FALSE;
		}
		g_strlcpy(cfg->captive_portal, portal, sizeof(cfg->captive_portal));
	}
	return TRUE;
}

gboolean
nfd_ra_config_load(NfdRaConfig *cfg, const NfdConfigSection *s, GError **error)
{
	guint32 v = 0;
	const gchar *mode = nfd_config_section_get_string(s, "mode", "slaac");
	const gchar *pref = nfd_config_section_get_string(s, "preference", "medium");
	guint max3;

	nfd_ra_config_init_defaults(cfg);
	if (!nfd_ra_mode_parse(mode, &cfg->mode) ||
	    !nfd_ra_preference_parse(pref, &cfg->preference)) {
		g_autofree gchar *where = nfd_config_section_describe_key(
		    s,
		    nfd_ra_mode_parse(mode, &cfg->mode) ? "preference" : "mode");
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "%s: expected slaac|slaac+dhcpv6|dhcpv6 for mode, low|medium|high for "
			    "preference",
			    where);
		return FALSE;
	}
	if (!get_u32(s, "max-interval", 4, 65535, 600, &cfg->max_interval, error))
		return FALSE;
	max3 = cfg->max_interval * 3;
	/* RFC 4861 §6.2.1: MinRtrAdvInterval defaults to 0.33 * MaxRtrAdvInterval */
	if (!get_u32(s,
		     "min-interval",
		     3,
		     65535,
		     MAX(3, cfg->max_interval / 3),
		     &cfg->min_interval,
		     error))
		return FALSE;
	/* RFC 8319 §4: up to 65535 s; the cross check with max-interval is in validate() */
	if (!get_u32(s,
		     "router-lifetime",
		     0,
		     NFD_RA_MAX_LIFETIME,
		     MIN(NFD_RA_MAX_LIFETIME, max3),
		     &cfg->router_lifetime,
		     error))
		return FALSE;
	if (!get_u32(s, "valid-lifetime", 0, G_MAXUINT32, 86400, &cfg->valid_lifetime, error) ||
	    !get_u32(s,
		     "preferred-lifetime",
		     0,
		     G_MAXUINT32,
		     14400,
		     &cfg->preferred_lifetime,
		     error))
		return FALSE;
	/* RFC 8106 §5.1-5.2: at least 3 * MaxRtrAdvInterval by default */
	if (!get_u32(s, "rdnss-lifetime", 0, G_MAXUINT32, max3, &cfg->rdnss_lifetime, error) ||
	    !get_u32(s, "dnssl-lifetime", 0, G_MAXUINT32, max3, &cfg->dnssl_lifetime, error) ||
	    !get_u32(s, "route-lifetime", 0, G_MAXUINT32, max3, &cfg->route_lifetime, error))
		return FALSE;
	if (!get_u32(s, "mtu", 0, 65535, 0, &v, error))
		return FALSE;
	/* RFC 8200 §5: no link MTU below 1280 */
	if (v != 0 && v < 1280) {
		g_autofree gchar *where = nfd_config_section_describe_key(s, "mtu");
		g_set_error(error, NFD_ERROR, NFD_ERROR_CONFIG, "%s: 0 or 1280..65535", where);
		return FALSE;
	}
	cfg->mtu = v;
	if (!get_u32(s, "initial-ras", 1, 10, 3, &cfg->initial_ras, error))
		return FALSE;
	if (!load_lists(cfg, s, error) || !load_pref64_portal(cfg, s, error))
		return FALSE;
	return nfd_ra_config_validate(cfg, error);
}
