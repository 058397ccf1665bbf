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
 * A captive-portal URI we can put in option 114 (RFC 8910 §2.1): the SDK's rule, shared with
 * the dhcp6 and ra plugins (an https URI of the Captive Portal API, RFC 8908 §2, or the
 * "unrestricted" URN; at most 255 printable octets).  Without allocation: it also runs per
 * packet on the binding's CAPTIVE_PORTAL key.
 */
gboolean
nfd_dhcp4_uri_usable(const gchar *uri)
{
	return uri != NULL && nfd_proto_captive_portal_valid(uri, strlen(uri));
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
				    "more than %u routes",
				    (guint)NFD_DHCP4_MAX_ROUTES);
			return FALSE;
		}
		if (!nfd_dhcp4_route_parse(items[i],
					   strlen(items[i]),
					   &cfg->routes[cfg->n_routes])) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_CONFIG,
				    "'%s' is not 'A.B.C.D/len via G.H.I.J' (without host bits)",
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
			    "invalid domain name or list longer than %u octets",
			    (guint)NFD_DHCP4_MAX_SEARCH);
		return FALSE;
	}
	cfg->search_len = (gsize)n;
	return TRUE;
}

/* RFC 2131 §4.4.5: T1 defaults to 0.5 and T2 to 0.875 of the lease */
gboolean
nfd_dhcp4_config_set_times(NfdDhcp4Config *cfg,
			   gboolean has_renewal,
			   gboolean has_rebinding,
			   GError **error)
{
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
	return TRUE;
}

/* RFC 2132 §5.1: the interface MTU option's minimum is 68 */
gboolean
nfd_dhcp4_config_check_mtu(const NfdDhcp4Config *cfg, GError **error)
{
	if (cfg->mtu != 0 && cfg->mtu < 68) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_CONFIG, "%u is below 68", cfg->mtu);
		return FALSE;
	}
	return TRUE;
}

/* RFC 2132 §3.17: option 15 holds the name, at most 255 octets */
gboolean
nfd_dhcp4_config_check_domain(const NfdDhcp4Config *cfg, GError **error)
{
	if (cfg->domain != NULL && (cfg->domain[0] == '\0' || strlen(cfg->domain) > 255)) {
		g_set_error_literal(error,
				    NFD_ERROR,
				    NFD_ERROR_CONFIG,
				    "empty or longer than 255 octets");
		return FALSE;
	}
	return TRUE;
}

gboolean
nfd_dhcp4_config_finish(NfdDhcp4Config *cfg,
			gboolean has_renewal,
			gboolean has_rebinding,
			GError **error)
{
	return nfd_dhcp4_config_set_times(cfg, has_renewal, has_rebinding, error) &&
	       nfd_dhcp4_config_check_mtu(cfg, error) && nfd_dhcp4_config_check_domain(cfg, error);
}

/* a problem with one key: its message goes to @problems, located at the key as written */
static void
note(GString *problems, const NfdConfigSection *config, const gchar *key, GError **error)
{
	g_autofree gchar *where = NULL;

	if (*error == NULL)
		return;
	/* the core's getters locate their errors themselves */
	if (key != NULL)
		where = nfd_config_section_describe_key(config, key);
	g_string_append_printf(problems,
			       "%s%s%s%s",
			       problems->len > 0 ? "\n" : "",
			       where != NULL ? where : "",
			       where != NULL ? ": " : "",
			       (*error)->message);
	g_clear_error(error);
}

static void
read_ip4_list(const NfdConfigSection *config,
	      const gchar *key,
	      struct in_addr *out,
	      guint *n_out,
	      GString *problems)
{
	g_autoptr(GArray) list = NULL;
	g_autoptr(GError) error = NULL;

	*n_out = 0;
	if (!nfd_config_section_get_ip4_list(config, key, &list, &error)) {
		note(problems, config, NULL, &error);
		return;
	}
	if (list->len > NFD_DHCP4_MAX_ADDRS) {
		g_set_error(&error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "more than %u addresses",
			    (guint)NFD_DHCP4_MAX_ADDRS);
		note(problems, config, key, &error);
		return;
	}
	if (list->len > 0)
		memcpy(out, list->data, list->len * sizeof(struct in_addr));
	*n_out = list->len;
}

/* RFC 8910 §2.1: one URI, at most 255 octets in DHCPv4; empty is unset */
static void
read_captive_portal(NfdDhcp4Config *cfg, const NfdConfigSection *config, GString *problems)
{
	const gchar *uri = nfd_config_section_get_string(config, "captive-portal", NULL);
	g_autoptr(GError) error = NULL;

	if (uri == NULL || uri[0] == '\0')
		return;
	if (nfd_dhcp4_uri_usable(uri) && g_uri_is_valid(uri, G_URI_FLAGS_NONE, NULL)) {
		cfg->captive_portal = g_strdup(uri);
		return;
	}
	g_set_error(
	    &error,
	    NFD_ERROR,
	    NFD_ERROR_CONFIG,
	    "'%s' is not an https:// URI or urn:ietf:params:capport:unrestricted of at most %u "
	    "printable characters (RFC 8910 §2, RFC 8908 §2)",
	    uri,
	    (guint)NFD_DHCP4_MAX_URI);
	note(problems, config, "captive-portal", &error);
}

/* the address in option 54 and the source of every reply: a client must be able to send to
 * it (RFC 2131 §4.3.1: "server identifier"), so no 0.0.0.0, loopback, multicast or broadcast */
static void
check_server_ip(const NfdDhcp4Config *cfg, const NfdConfigSection *config, GString *problems)
{
	guint32 a = ntohl(cfg->server_ip.s_addr);
	const gchar *why = NULL;
	g_autoptr(GError) error = NULL;

	if (!cfg->has_server_ip)
		return;
	if (a == 0)
		why = "is the unspecified address";
	else if (a == 0xffffffffu)
		why = "is the broadcast address";
	else if ((a >> 24) == 127)
		why = "is a loopback address";
	else if (IN_MULTICAST(a))
		why = "is a multicast address";
	else if ((a >> 28) == 0xf)
		why = "is a reserved (class E) address";
	if (why == NULL)
		return;
	g_set_error(&error,
		    NFD_ERROR,
		    NFD_ERROR_CONFIG,
		    "'%s' %s, which clients cannot send to",
		    nfd_config_section_get_string(config, "server-ip", ""),
		    why);
	note(problems, config, "server-ip", &error);
}

/* strings copied into fixed fields or single options must fit, not be cut short */
static void
check_string_lengths(const NfdDhcp4Config *cfg, const NfdConfigSection *config, GString *problems)
{
	g_autoptr(GError) error = NULL;

	/* RFC 2131 §2: "file", 128 octets, NUL-terminated */
	if (cfg->boot_file != NULL && strlen(cfg->boot_file) > NFD_DHCP4_MAX_BOOT_FILE) {
		g_set_error(&error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "is longer than %u octets (BOOTP's file field)",
			    (guint)NFD_DHCP4_MAX_BOOT_FILE);
		note(problems, config, "boot-file", &error);
	}
	/* RFC 2132 §9.4: option 66 is one option of at most 255 octets */
	if (cfg->tftp_server != NULL &&
	    (cfg->tftp_server[0] == '\0' || strlen(cfg->tftp_server) > 255)) {
		g_set_error_literal(&error,
				    NFD_ERROR,
				    NFD_ERROR_CONFIG,
				    "empty or longer than 255 octets");
		note(problems, config, "tftp-server", &error);
	}
}

/* the checks of nfd_dhcp4_config_finish(), each located at its key */
static void
finish_located(NfdDhcp4Config *cfg, const NfdConfigSection *config, GString *problems)
{
	static const gchar *const timers[] = {"renewal-time", "rebinding-time", "lease-time"};
	g_autoptr(GError) error = NULL;
	const gchar *timer_key = "lease-time";

	for (guint i = 0; i < G_N_ELEMENTS(timers); i++) {
		if (nfd_config_section_has_key(config, timers[i])) {
			timer_key = timers[i];
			break;
		}
	}
	if (!nfd_dhcp4_config_set_times(cfg,
					nfd_config_section_has_key(config, "renewal-time"),
					nfd_config_section_has_key(config, "rebinding-time"),
					&error))
		note(problems, config, timer_key, &error);
	if (!nfd_dhcp4_config_check_mtu(cfg, &error))
		note(problems, config, "mtu", &error);
	if (!nfd_dhcp4_config_check_domain(cfg, &error))
		note(problems, config, "domain", &error);
}

static void
read_numbers(NfdDhcp4Config *cfg, const NfdConfigSection *config, GString *problems)
{
	g_autoptr(GError) error = NULL;
	guint64 lease = 0, t1 = 0, t2 = 0, mtu = 0, v6only = 0;

	if (!nfd_config_section_get_uint(config,
					 "lease-time",
					 60,
					 G_MAXUINT32,
					 604800,
					 &lease,
					 &error))
		note(problems, config, NULL, &error);
	if (!nfd_config_section_get_uint(config, "renewal-time", 1, G_MAXUINT32, 0, &t1, &error))
		note(problems, config, NULL, &error);
	if (!nfd_config_section_get_uint(config, "rebinding-time", 1, G_MAXUINT32, 0, &t2, &error))
		note(problems, config, NULL, &error);
	if (!nfd_config_section_get_uint(config, "mtu", 0, 65535, 0, &mtu, &error))
		note(problems, config, NULL, &error);
	if (!nfd_config_section_get_uint(config,
					 "ipv6-only-preferred",
					 0,
					 G_MAXUINT32,
					 0,
					 &v6only,
					 &error))
		note(problems, config, NULL, &error);
	cfg->lease_time = (guint32)lease;
	cfg->renewal_time = (guint32)t1;
	cfg->rebinding_time = (guint32)t2;
	cfg->mtu = (guint)mtu;
	cfg->v6only_wait = (guint32)v6only;
}

static void
read_addresses_and_flags(NfdDhcp4Config *cfg, const NfdConfigSection *config, GString *problems)
{
	g_autoptr(GError) error = NULL;

	if (!nfd_config_section_get_ip4(config,
					"server-ip",
					&cfg->server_ip,
					&cfg->has_server_ip,
					&error))
		note(problems, config, NULL, &error);
	check_server_ip(cfg, config, problems);
	if (!nfd_config_section_get_ip4(config,
					"next-server",
					&cfg->next_server,
					&cfg->has_next_server,
					&error))
		note(problems, config, NULL, &error);
	if (!nfd_config_section_get_bool(config,
					 "server-on-link",
					 FALSE,
					 &cfg->server_on_link,
					 &error))
		note(problems, config, NULL, &error);
	if (!nfd_config_section_get_bool(config,
					 "broadcast-replies",
					 FALSE,
					 &cfg->broadcast_replies,
					 &error))
		note(problems, config, NULL, &error);
	read_ip4_list(config, "nameservers", cfg->nameservers, &cfg->n_nameservers, problems);
	read_ip4_list(config, "ntp-servers", cfg->ntp_servers, &cfg->n_ntp_servers, problems);
}

/* every key is read even after a bad one: the error lists all problems, one per line */
gboolean
nfd_dhcp4_config_load(NfdDhcp4Config *cfg, const NfdConfigSection *config, GError **error)
{
	g_auto(GStrv) search = NULL;
	g_auto(GStrv) routes = NULL;
	g_autoptr(GString) problems = g_string_new(NULL);
	g_autoptr(GError) error_local = NULL;

	nfd_dhcp4_config_init(cfg);
	read_numbers(cfg, config, problems);
	read_addresses_and_flags(cfg, config, problems);
	read_captive_portal(cfg, config, problems);
	cfg->domain = g_strdup(nfd_config_section_get_string(config, "domain", NULL));
	cfg->boot_file = g_strdup(nfd_config_section_get_string(config, "boot-file", NULL));
	cfg->tftp_server = g_strdup(nfd_config_section_get_string(config, "tftp-server", NULL));
	check_string_lengths(cfg, config, problems);
	nfd_config_section_get_string_list(config, "domain-search", &search, NULL);
	if (!nfd_dhcp4_config_set_domain_search(cfg, (const gchar *const *)search, &error_local))
		note(problems, config, "domain-search", &error_local);
	nfd_config_section_get_string_list(config, "routes", &routes, NULL);
	if (!nfd_dhcp4_config_set_routes(cfg, (const gchar *const *)routes, &error_local))
		note(problems, config, "routes", &error_local);
	finish_located(cfg, config, problems);
	if (problems->len > 0) {
		g_set_error_literal(error, NFD_ERROR, NFD_ERROR_CONFIG, problems->str);
		return FALSE;
	}
	return TRUE;
}
