/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Core-only parts of NfdBinding: the store resolves the tap's ifindex and the router MAC
 * (the MAC replies come from) from rtnetlink and writes them here; and the tap's own warning
 * rate limiter, so that one noisy tap spends only its own warning budget.
 */
#pragma once

#include "nfd-binding.h"
#include "nfd-log.h"

void
nfd_binding_set_ifindex(NfdBinding *self, guint ifindex);
void
nfd_binding_set_router_mac(NfdBinding *self, const guint8 *mac);
/* the tap's warning limiter: log state, not binding data, so it is reached through a const
 * binding (plugins hold const ones) and ignored by nfd_binding_equal() */
NfdRateLimit *
nfd_binding_get_warn_ratelimit(const NfdBinding *self);
