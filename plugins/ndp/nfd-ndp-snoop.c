/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The per-tap table of addresses a VM defends (see nfd-ndp-snoop.h).
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-ndp-snoop.h"

gboolean
nfd_ndp_snoop_contains(const NfdNdpSnoop *self, const struct in6_addr *addr)
{
	for (guint i = 0; i < self->n; i++) {
		if (memcmp(&self->addrs[i], addr, sizeof(*addr)) == 0)
			return TRUE;
	}
	return FALSE;
}

void
nfd_ndp_snoop_record(NfdNdpSnoop *self, const struct in6_addr *addr)
{
	if (nfd_ndp_snoop_contains(self, addr))
		return;
	if (self->n < NFD_NDP_SNOOP_MAX) {
		self->addrs[self->n++] = *addr;
		return;
	}
	self->addrs[self->next] = *addr;
	self->next = (self->next + 1) % NFD_NDP_SNOOP_MAX;
}

void
nfd_ndp_snoop_dump(const NfdNdpSnoop *self, GString *out)
{
	gchar buf[INET6_ADDRSTRLEN];

	for (guint i = 0; i < self->n; i++) {
		inet_ntop(AF_INET6, &self->addrs[i], buf, sizeof(buf));
		g_string_append_printf(out, "%s%s", i > 0 ? " " : "", buf);
	}
}
