/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the DHCPv6 server code: the input is one UDP payload, answered for
 * four bindings (full: address, subnet, prefix and captive portal; SUBNET6 only, whose address
 * is derived from the MAC; PREFIX6 only, with no address; IPv6-less), sent to the multicast
 * and to a unicast address, and with the reply buffer both full size and too small, so every
 * parse path and every build path sees hostile bytes.  A reply must always fit the buffer it
 * was given.  The explain decoder reads the input and every reply; a reply of ours decodes
 * without a truncated option or an option it cannot show.
 */
#include <stdint.h>
#include <stdlib.h>

#include <string.h>

#include "nfd-dhcp6-explain.h"
#include "nfd-fields-private.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const guint8 fuzz_mac[6] = {0x52, 0x54, 0x00, 0x00, 0x01, 0x01};

static NfdBinding *
fuzz_binding(const gchar *const *kv)
{
	NfdBinding *b = nfd_binding_new("tap1");
	for (guint i = 0; kv[i] != NULL; i += 2) {
		if (!nfd_binding_set_value(b, kv[i], kv[i + 1], NULL))
			abort();
	}
	return b;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static NfdDhcp6Config cfg;
	static NfdBinding *bindings[4];
	static const gsize caps[] = {1452, 64};
	guint8 out[1452];

	if (bindings[0] == NULL) {
		static const gchar *const full[] = {"MAC",
						    "52:54:00:00:01:01",
						    "HOSTNAME",
						    "vm1.example.org",
						    "SUBNET6",
						    "2001:db8:1::/64",
						    "EUI64",
						    "2001:db8:1::5054:ff:fe00:101",
						    "PREFIX6",
						    "2001:db8:ff00::/56",
						    "CAPTIVE_PORTAL",
						    "https://portal.example.org/api",
						    NULL};
		static const gchar *const subnet[] = {"MAC",
						      "52:54:00:00:01:01",
						      "SUBNET6",
						      "2001:db8:1::/64",
						      NULL};
		static const gchar *const prefix[] = {"MAC",
						      "52:54:00:00:01:01",
						      "PREFIX6",
						      "2001:db8:ff00::/56",
						      NULL};
		static const gchar *const none[] = {"MAC", "52:54:00:00:01:01", NULL};
		static const guint8 server_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

		nfd_dhcp6_config_init(&cfg);
		nfd_dhcp6_config_set_duid_ll(&cfg, server_mac);
		cfg.n_dns = 1;
		cfg.dns[0].s6_addr[0] = 0x20;
		cfg.n_ntp = 1;
		cfg.ntp[0].s6_addr[0] = 0x20;
		cfg.duid_mac_check = TRUE;
		cfg.preference = 7;
		if (!nfd_dhcp6_config_set_captive_portal(&cfg,
							 "urn:ietf:params:capport:unrestricted",
							 NULL))
			abort();
		bindings[0] = fuzz_binding(full);
		bindings[1] = fuzz_binding(subnet);
		bindings[2] = fuzz_binding(prefix);
		bindings[3] = fuzz_binding(none);
	}
	for (guint i = 0; i < G_N_ELEMENTS(bindings) * 2; i++) {
		for (guint j = 0; j < G_N_ELEMENTS(caps); j++) {
			NfdDhcp6Result res;
			gsize out_len = 0;
			NfdVerdict v = nfd_dhcp6_handle_message(&cfg,
								bindings[i / 2],
								fuzz_mac,
								i % 2 == 1,
								data,
								size,
								out,
								caps[j],
								&out_len,
								&res);
			if (out_len > caps[j] || (v != NFD_VERDICT_REPLY && out_len != 0))
				abort();
			if (v == NFD_VERDICT_REPLY) {
				g_autoptr(NfdFields) f = nfd_fields_new();
				g_autoptr(GString) t = g_string_new(NULL);
				nfd_dhcp6_explain_decode(out, out_len, f);
				nfd_fields_to_text(f, "", t);
				if (strstr(t->str, "truncated") != NULL)
					abort();
			}
		}
	}
	{
		g_autoptr(NfdFields) f = nfd_fields_new();
		nfd_dhcp6_explain_decode(data, size, f);
	}
	return 0;
}
