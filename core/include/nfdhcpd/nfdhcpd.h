/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Umbrella header of the nfdhcpd plugin SDK, 1.x: include <nfdhcpd/nfdhcpd.h> and compile
 * with `pkg-config --cflags nfdhcpd-plugin`.  The plugin writer's guide is installed as
 * $(pkg-config --variable=docdir nfdhcpd-plugin)/plugin-guide.md.
 *
 *   nfd-plugin.h          the responder plugin ABI: descriptor, life cycle, queue claims
 *   nfd-binding-backend.h the binding backend ABI: descriptor, the sink
 *   nfd-packet.h          the queued packet a handler reads
 *   nfd-reply.h           the reply frame a handler fills
 *   nfd-binding.h         a tap's binding
 *   nfd-config.h          the plugin's configuration group
 *   nfd-fields.h          named values for the operator (explain, backend status)
 *   nfd-proto.h           pure helpers: EUI-64, DNS names, bounds-checked reader and writer
 *   nfd-common.h          errors, verdicts, object types, threading
 *   nfd-version.h         the SDK version
 */
#pragma once

#include "nfd-binding-backend.h"
#include "nfd-binding.h"
#include "nfd-common.h"
#include "nfd-config.h"
#include "nfd-fields.h"
#include "nfd-packet.h"
#include "nfd-plugin.h"
#include "nfd-proto.h"
#include "nfd-reply.h"
#include "nfd-version.h"
