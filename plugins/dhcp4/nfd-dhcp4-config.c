/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The [dhcp4] group: reads and validates every key into an NfdDhcp4Config (cold path, at init
 * and on SIGHUP), and the NfdDhcp4Config setters the unit tests use directly.  The core reads
 * `queue`; GRNET's [dhcp] keys reach here already mapped by the core, as the plugin declares
 * them (nfd_dhcp4_legacy_keys: lease_lifetime -> lease-time, lease_renewal -> renewal-time,
 * server_ip -> server-ip, ...).  nfd_dhcp4_route_parse() also runs per packet on the binding's
 * ROUTES key, so it does not allocate.
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-dhcp4-proto.h"
#include "nfd-proto.h"

const gchar *const nfd_dhcp4_config_keys[] = {"server-ip",
					      "server-on-link",
					      "lease-time",
					      "renewal-time",
					      "rebinding-time",
					      "nameservers",
					      "domain",
					      "domain-search",
					      "ntp-servers",
					      "mtu",
					      "routes",
					      "next-server",
					      "boot-file",
					      "tftp-server",
					      "broadcast-replies",
					      "ipv6-only-preferred",
					      "captive-portal",
					      NULL};

/* GRNET's [dhcp] group (original.md §2.2) onto [dhcp4] */
const NfdConfigAlias nfd_dhcp4_legacy_keys[] = {
    {"dhcp", "dhcp_queue", "queue"},
    {"dhcp", "lease_lifetime", "lease-time"},
    {"dhcp", "lease_renewal", "renewal-time"},
    {"dhcp", "server_ip", "server-ip"},
    {"dhcp", "server_on_link", "server-on-link"},
    {"dhcp", "nameservers", "nameservers"},
    {"dhcp", "domain", "domain"},
    {NULL, NULL, NULL},
};

void
nfd_dhcp4_config_init(NfdDhcp4Config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	/* GRNET's sample nfdhcpd.conf: lease_lifetime = 604800 */
	cfg->lease_time = 604800;
}

void
nfd_dhcp4_config_clear(NfdDhcp4Config *cfg)
{
	g_clear_pointer(&cfg->domain, g_free);
	g_clear_pointer(&cfg->boot_file, g_free);
	g_clear_pointer(&cfg->tftp_server, g_free);
	g_clear_pointer(&cfg->captive_portal, g_free);
}

/*
 * A captive-portal URI we can put in option 114 (RFC 8910 §2.1): 1 to 255 octets of printable
 * ASCII without spaces (RFC 3986 §2: a URI has no others), with a scheme.  Cheap and without
 * allocation: it also runs per packet on the binding's CAPTIVE_PORTAL key.
 */
gboolean
nfd_dhcp4_uri_usable(const gchar *uri)
{
	gsize n = uri != NULL ? strlen(uri) : 0;
	const gchar *colon = uri != NULL ? strchr(uri, ':') : NULL;

	if (n == 0 || n > NFD_DHCP4_MAX_URI || colon == NULL || colon == uri)
		return FALSE;
	for (gsize i = 0; i < n; i++) {
		if (uri[i] <= 0x20 || uri[i] >= 0x7f)
			return FALSE;
	}
	return TRUE;
}

static gboolean
parse_ip4_token(const gchar *p, gsize n, struct in_addr *out)
{
	gchar buf[INET_ADDRSTRLEN];

	if (n == 0 || n >= sizeof(buf))
		return FALSE;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return inet_pton(AF_INET, buf, out) == 1;
}

/*
 * "A.B.C.D/len via G.H.I.J", without allocating (it also runs per packet on the binding's
 * ROUTES key).  Host bits beyond the prefix are refused: RFC 3442 §2 sends only the
 * significant octets, so they would silently become a different route.
 */
gboolean
nfd_dhcp4_route_parse(const gchar *text, gsize len, NfdDhcp4Route *route)
{
	gsize i = 0;
	gsize start;
	guint plen = 0;
	guint32 mask;

	while (i < len && g_ascii_isspace(text[i]))
		i++;
	start = i;
	while (i < len && text[i] != '/')
		i++;
	if (i >= len || !parse_ip4_token(text + start, i - start, &route->dest))
		return FALSE;
	i++;
	start = i;
	while (i < len && g_ascii_isdigit(text[i]) && i - start < 3)
		plen = plen * 10 + (guint)(text[i++] - '0');
	if (i == start || plen > 32)
		return FALSE;
	if (i >= len || !g_ascii_isspace(text[i]))
		return FALSE;
	while (i < len && g_ascii_isspace(text[i]))
		i++;
	if (len - i < 4 || strncmp(text + i, "via", 3) != 0 || !g_ascii_isspace(text[i + 3]))
		return FALSE;
	i += 3;
	while (i < len && g_ascii_isspace(text[i]))
		i++;
	start = i;
	while (i < len && !g_ascii_isspace(text[i]))
		i++;
	if (!parse_ip4_token(text + start, i - start, &route->gateway))
		return FALSE;
	while (i < len && g_ascii_isspace(text[i]))
		i++;
	if (i != len)
		return FALSE;
	mask = plen == 0 ? 0 : htonl(0xffffffffu << (32 - plen));
	if ((route->dest.s_addr & ~mask) != 0)
		return FALSE;
	route->prefix_len = (guint8)plen;
	return TRUE;
}

gboolean
nfd_dhcp4_config_set_routes(NfdDhcp4Config *cfg, const gchar *const *items, GError **error)
{
	cfg->n_routes = 0;
	for (guint i = 0; items != NULL && items[i] != NULL; i++) {
		if (cfg->n_routes >= NFD_DHCP4_MAX_ROUTES) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_CONFIG,
				    "routes: more than %u routes",
				    (guint)NFD_DHCP4_MAX_ROUTES);
			return FALSE;
		}
		if (!nfd_dhcp4_route_parse(items[i],
					   strlen(items[i]),
					   &cfg->routes[cfg->n_routes])) {
			g_set_error(
			    error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "routes: '%s' is not 'A.B.C.D/len via G.H.I.J' (without host bits)",
			    items[i]);
			return FALSE;
		}
		cfg->n_routes++;
	}
	return TRUE;
}

gboolean
nfd_dhcp4_config_set_domain_search(NfdDhcp4Config *cfg, const gchar *const *names, GError **error)
{
	gssize n;

	cfg->search_len = 0;
	if (names == NULL || names[0] == NULL)
		return TRUE;
	/* RFC 3397 §2: RFC 1035 names, compressed, pointers relative to the option data */
	n = nfd_proto_dns_encode_list(names, TRUE, cfg->search, sizeof(cfg->search));
	if (n < 0) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "domain-search: invalid domain name or list longer than %u octets",
			    (guint)NFD_DHCP4_MAX_SEARCH);
		return FALSE;
	}
	cfg->search_len = (gsize)n;
	return TRUE;
}

gboolean
nfd_dhcp4_config_finish(NfdDhcp4Config *cfg,
			gboolean has_renewal,
			gboolean has_rebinding,
			GError **error)
{
	/* RFC 2131 §4.4.5: T1 defaults to 0.5 and T2 to 0.875 of the lease */
	if (!has_renewal)
		cfg->renewal_time = cfg->lease_time / 2;
	if (!has_rebinding)
		cfg->rebinding_time = (guint32)((guint64)cfg->lease_time * 7 / 8);
	if (cfg->renewal_time > cfg->rebinding_time || cfg->rebinding_time > cfg->lease_time) {
		g_set_error(
		    error,
		    NFD_ERROR,
		    NFD_ERROR_CONFIG,
		    "renewal-time (%u) <= rebinding-time (%u) <= lease-time (%u) is required",
		    cfg->renewal_time,
		    cfg->rebinding_time,
		    cfg->lease_time);
		return FALSE;
	}
	if (cfg->mtu != 0 && cfg->mtu < 68) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_CONFIG, "mtu: %u is below 68", cfg->mtu);
		return FALSE;
	}
	if (cfg->domain != NULL && (cfg->domain[0] == '\0' || strlen(cfg->domain) > 255)) {
		g_set_error_literal(error,
				    NFD_ERROR,
				    NFD_ERROR_CONFIG,
				    "domain: empty or too long");
		return FALSE;
	}
	return TRUE;
}

static gboolean
read_ip4_list(const NfdConfigSection *config,
	      const gchar *key,
	      struct in_addr *out,
	      guint *n_out,
	      GError **error)
{
	g_autoptr(GArray) list = NULL;

	if (!nfd_config_section_get_ip4_list(config, key, &list, error))
		return FALSE;
	if (list->len > NFD_DHCP4_MAX_ADDRS) {
		g_autofree gchar *where = nfd_config_section_describe_key(config, key);
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "%s: more than %u addresses",
			    where,
			    (guint)NFD_DHCP4_MAX_ADDRS);
		return FALSE;
	}
	if (list->len > 0)
		memcpy(out, list->data, list->len * sizeof(struct in_addr));
	*n_out = list->len;
	return TRUE;
}

/* RFC 8910 §2.1: one URI, at most 255 octets in DHCPv4; empty is unset */
static gboolean
read_captive_portal(NfdDhcp4Config *cfg, const NfdConfigSection *config, GError **error)
{
	const gchar *uri = nfd_config_section_get_string(config, "captive-portal", NULL);
	g_autofree gchar *where = NULL;

	if (uri == NULL || uri[0] == '\0')
		return TRUE;
	if (nfd_dhcp4_uri_usable(uri) && g_uri_is_valid(uri, G_URI_FLAGS_NONE, NULL)) {
		cfg->captive_portal = g_strdup(uri);
		return TRUE;
	}
	where = nfd_config_section_describe_key(config, "captive-portal");
	g_set_error(error,
		    NFD_ERROR,
		    NFD_ERROR_CONFIG,
		    "%s: '%s' is not a URI of at most %u octets (RFC 8910 §2.1)",
		    where,
		    uri,
		    (guint)NFD_DHCP4_MAX_URI);
	return FALSE;
}

gboolean
nfd_dhcp4_config_load(NfdDhcp4Config *cfg, const NfdConfigSection *config, GError **error)
{
	g_auto(GStrv) search = NULL;
	g_auto(GStrv) routes = NULL;
	guint64 lease = 0, t1 = 0, t2 = 0, mtu = 0, v6only = 0;

	nfd_dhcp4_config_init(cfg);
	if (!nfd_config_section_get_ip4(config,
					"server-ip",
					&cfg->server_ip,
					&cfg->has_server_ip,
					error) ||
	    !nfd_config_section_get_bool(config,
					 "server-on-link",
					 FALSE,
					 &cfg->server_on_link,
					 error) ||
	    !nfd_config_section_get_bool(config,
					 "broadcast-replies",
					 FALSE,
					 &cfg->broadcast_replies,
					 error) ||
	    !nfd_config_section_get_uint(config,
					 "lease-time",
					 60,
					 G_MAXUINT32,
					 604800,
					 &lease,
					 error) ||
	    !nfd_config_section_get_uint(config, "renewal-time", 1, G_MAXUINT32, 0, &t1, error) ||
	    !nfd_config_section_get_uint(config, "rebinding-time", 1, G_MAXUINT32, 0, &t2, error) ||
	    !nfd_config_section_get_uint(config, "mtu", 0, 65535, 0, &mtu, error) ||
	    !nfd_config_section_get_uint(config,
					 "ipv6-only-preferred",
					 0,
					 G_MAXUINT32,
					 0,
					 &v6only,
					 error) ||
	    !read_ip4_list(config, "nameservers", cfg->nameservers, &cfg->n_nameservers, error) ||
	    !read_ip4_list(config, "ntp-servers", cfg->ntp_servers, &cfg->n_ntp_servers, error) ||
	    !nfd_config_section_get_ip4(config,
					"next-server",
					&cfg->next_server,
					&cfg->has_next_server,
					error) ||
	    !nfd_config_section_get_string_list(config, "domain-search", &search, error) ||
	    !nfd_config_section_get_string_list(config, "routes", &routes, error) ||
	    !read_captive_portal(cfg, config, error))
		return FALSE;
	cfg->lease_time = (guint32)lease;
	cfg->renewal_time = (guint32)t1;
	cfg->rebinding_time = (guint32)t2;
	cfg->mtu = (guint)mtu;
	cfg->domain = g_strdup(nfd_config_section_get_string(config, "domain", NULL));
	cfg->boot_file = g_strdup(nfd_config_section_get_string(config, "boot-file", NULL));
	cfg->tftp_server = g_strdup(nfd_config_section_get_string(config, "tftp-server", NULL));
	cfg->v6only_wait = (guint32)v6only;
	return nfd_dhcp4_config_set_domain_search(cfg, (const gchar *const *)search, error) &&
	       nfd_dhcp4_config_set_routes(cfg, (const gchar *const *)routes, error) &&
	       nfd_dhcp4_config_finish(cfg,
				       nfd_config_section_has_key(config, "renewal-time"),
				       nfd_config_section_has_key(config, "rebinding-time"),
				       error);
}
