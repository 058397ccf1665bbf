/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target for the DHCPv4 parser and handler: the input is one client DHCP message (UDP
 * payload), run through nfd_dhcp4_handle() exactly as the plugin does, against a plain
 * binding, a MACSPOOF+PRIVATE /32 binding with extra ROUTES, a dot-less HOSTNAME and unusable
 * IPV6_ONLY_PREFERRED and CAPTIVE_PORTAL keys, and through a relay source MAC; the config
 * turns on IPv6-only preferred and a captive portal.
 * Every reply must fit its buffer and be a well-formed DHCP message whose option areas parse
 * to their end option; anything else traps.  The explain decoder (nfd-dhcp4-explain.c) reads
 * the input and every reply too, and must decode a reply without finding it malformed.
 */
#include <stdint.h>
#include <arpa/inet.h>
#include <string.h>

#include "nfd-dhcp4-proto.h"
#include "nfd-fields-private.h"
#include "nfd-reply.h"

static NfdDhcp4Config cfg;
static NfdBinding *plain;
static NfdBinding *spoof;

static void
setup(void)
{
	const gchar *search[] = {"example.org", "eng.example.org", NULL};
	const gchar *routes[] = {"169.254.169.254/32 via 198.51.100.1", NULL};

	nfd_dhcp4_config_init(&cfg);
	cfg.server_on_link = TRUE;
	cfg.n_nameservers = 2;
	inet_pton(AF_INET, "203.0.113.53", &cfg.nameservers[0]);
	inet_pton(AF_INET, "203.0.113.54", &cfg.nameservers[1]);
	cfg.n_ntp_servers = 1;
	inet_pton(AF_INET, "203.0.113.123", &cfg.ntp_servers[0]);
	cfg.tftp_server = g_strdup("tftp.example.org");
	cfg.boot_file = g_strdup("pxelinux.0");
	cfg.v6only_wait = 1800;
	cfg.captive_portal = g_strdup("https://portal.example.org/api");
	nfd_dhcp4_config_set_domain_search(&cfg, search, NULL);
	nfd_dhcp4_config_set_routes(&cfg, routes, NULL);
	nfd_dhcp4_config_finish(&cfg, FALSE, FALSE, NULL);

	plain = nfd_binding_new("tap1");
	nfd_binding_set_value(plain, "MAC", "52:54:00:00:00:01", NULL);
	nfd_binding_set_value(plain, "IP", "198.51.100.10", NULL);
	nfd_binding_set_value(plain, "SUBNET", "198.51.100.0/24", NULL);
	nfd_binding_set_value(plain, "GATEWAY", "198.51.100.1", NULL);
	nfd_binding_set_value(plain, "HOSTNAME", "vm1.example.org", NULL);
	nfd_binding_set_value(plain, "MTU", "1450", NULL);

	spoof = nfd_binding_new("tap2");
	nfd_binding_set_value(spoof, "MAC", "52:54:00:00:00:02", NULL);
	nfd_binding_set_value(spoof, "IP", "198.51.100.20", NULL);
	nfd_binding_set_value(spoof, "SUBNET", "198.51.100.20/32", NULL);
	nfd_binding_set_value(spoof, "GATEWAY", "198.51.100.1", NULL);
	nfd_binding_set_value(spoof, "HOSTNAME", "vm2", NULL);
	nfd_binding_set_value(spoof, "IPV6_ONLY_PREFERRED", "later", NULL);
	nfd_binding_set_value(spoof, "CAPTIVE_PORTAL", "no uri", NULL);
	nfd_binding_set_value(spoof, "MACSPOOF", "1", NULL);
	nfd_binding_set_value(spoof, "PRIVATE", "1", NULL);
	nfd_binding_set_value(spoof, "ROUTES", "10.0.0.0/8 via 198.51.100.1, bogus", NULL);
}

static gboolean
area_ok(const guint8 *p, gsize n, gboolean need_end)
{
	gsize i = 0;

	while (i < n) {
		if (p[i] == 0) {
			i++;
			continue;
		}
		if (p[i] == 255)
			return TRUE;
		if (i + 2 > n || i + 2 + p[i + 1] > n)
			return FALSE;
		i += 2 + p[i + 1];
	}
	return !need_end;
}

static void
check(const NfdDhcp4Config *c,
      NfdBinding *b,
      const guint8 *src_mac,
      const uint8_t *data,
      size_t size)
{
	guint8 buf[NFD_REPLY_PAYLOAD_MAX + 64];
	NfdDhcp4Reply out = {.buf = buf, .cap = NFD_REPLY_PAYLOAD_MAX};

	memset(buf + NFD_REPLY_PAYLOAD_MAX, 0xa5, 64);
	if (nfd_dhcp4_handle(c, b, src_mac, data, size, &out) != NFD_VERDICT_REPLY) {
		if (out.len != 0 || out.reason == NFD_DHCP4_REASON_REPLY)
			__builtin_trap();
		return;
	}
	if (out.len < NFD_DHCP4_HEADER_LEN + 4 || out.len > out.cap || buf[0] != 2 ||
	    buf[NFD_REPLY_PAYLOAD_MAX] != 0xa5)
		__builtin_trap();
	if (!area_ok(buf + NFD_DHCP4_HEADER_LEN, out.len - NFD_DHCP4_HEADER_LEN, TRUE))
		__builtin_trap();
	if (buf[240] == 52) {
		if ((buf[242] & 1) && !area_ok(buf + 108, 128, TRUE))
			__builtin_trap();
		if ((buf[242] & 2) && !area_ok(buf + 44, 64, TRUE))
			__builtin_trap();
	}
	/* our own replies decode cleanly */
	{
		g_autoptr(NfdFields) fields = nfd_fields_new();
		g_autoptr(GString) text = g_string_new(NULL);
		nfd_dhcp4_explain_decode(buf, out.len, fields);
		nfd_fields_to_text(fields, "", text);
		if (strstr(text->str, "malformed") != NULL ||
		    strstr(text->str, "truncated") != NULL)
			__builtin_trap();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const guint8 relay_mac[6] = {0x02, 0, 0, 0, 0, 0x99};

	g_autoptr(NfdFields) fields = nfd_fields_new();

	if (plain == NULL)
		setup();
	nfd_dhcp4_explain_decode(data, size, fields);
	check(&cfg, plain, NULL, data, size);
	check(&cfg, spoof, relay_mac, data, size);
	return 0;
}
