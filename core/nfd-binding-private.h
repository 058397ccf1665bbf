/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Core-only parts of NfdBinding: the store resolves the tap's ifindex and the router MAC
 * (the MAC replies come from) from rtnetlink and writes them here.
 */
#pragma once

#include "nfd-binding.h"

void
nfd_binding_set_ifindex(NfdBinding *self, guint ifindex);
void
nfd_binding_set_router_mac(NfdBinding *self, const guint8 *mac);
