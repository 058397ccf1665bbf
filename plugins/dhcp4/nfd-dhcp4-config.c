/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The [dhcp4] group: reads and validates every key into an NfdDhcp4Config (cold path, at init
 * and on SIGHUP).  GRNET's [dhcp] keys reach here already mapped by the core (lease_lifetime ->
 * lease-time, lease_renewal -> renewal-time, server_ip -> server-ip, ...).
 */
#include <string.h>

#include "nfd-dhcp4-proto.h"

const gchar *const nfd_dhcp4_config_keys[] = {"queue",
					      "server-ip",
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
					      NULL};

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

gboolean
nfd_dhcp4_config_load(NfdDhcp4Config *cfg,
		      guint16 *queue,
		      const NfdConfigSection *config,
		      GError **error)
{
	g_auto(GStrv) search = NULL;
	g_auto(GStrv) routes = NULL;
	guint64 q = 0, lease = 0, t1 = 0, t2 = 0, mtu = 0;

	nfd_dhcp4_config_init(cfg);
	if (!nfd_config_section_get_uint(config, "queue", 0, 65535, 42, &q, error) ||
	    !nfd_config_section_get_ip4(config,
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
	    !read_ip4_list(config, "nameservers", cfg->nameservers, &cfg->n_nameservers, error) ||
	    !read_ip4_list(config, "ntp-servers", cfg->ntp_servers, &cfg->n_ntp_servers, error) ||
	    !nfd_config_section_get_ip4(config,
					"next-server",
					&cfg->next_server,
					&cfg->has_next_server,
					error) ||
	    !nfd_config_section_get_string_list(config, "domain-search", &search, error) ||
	    !nfd_config_section_get_string_list(config, "routes", &routes, error))
		return FALSE;
	*queue = (guint16)q;
	cfg->lease_time = (guint32)lease;
	cfg->renewal_time = (guint32)t1;
	cfg->rebinding_time = (guint32)t2;
	cfg->mtu = (guint)mtu;
	cfg->domain = g_strdup(nfd_config_section_get_string(config, "domain", NULL));
	cfg->boot_file = g_strdup(nfd_config_section_get_string(config, "boot-file", NULL));
	cfg->tftp_server = g_strdup(nfd_config_section_get_string(config, "tftp-server", NULL));
	return nfd_dhcp4_config_set_domain_search(cfg, (const gchar *const *)search, error) &&
	       nfd_dhcp4_config_set_routes(cfg, (const gchar *const *)routes, error) &&
	       nfd_dhcp4_config_finish(cfg,
				       nfd_config_section_has_key(config, "renewal-time"),
				       nfd_config_section_has_key(config, "rebinding-time"),
				       error);
}
