/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Umbrella header of the nfdhcpd plugin SDK (pkg-config nfdhcpd-plugin).
 */
#pragma once

#include "nfd-binding-backend.h"
#include "nfd-binding.h"
#include "nfd-common.h"
#include "nfd-config.h"
#include "nfd-packet.h"
#include "nfd-plugin.h"
#include "nfd-proto.h"
#include "nfd-reply.h"
#include "nfd-version.h"
