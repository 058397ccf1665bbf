/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Types shared by every part of the plugin SDK: the error domain, the verdict a handler
 * returns, and the opaque object types.  Everything a plugin or binding backend may use of
 * the core is declared under core/include/nfdhcpd/ and exported by the daemon as nfd_*.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define NFD_ERROR nfd_error_quark()

/**
 * NfdError:
 *
 * Error codes of the %NFD_ERROR domain.
 *
 * Since: 1.0
 */
typedef enum {
	NFD_ERROR_FAILED,
	NFD_ERROR_CONFIG,
	NFD_ERROR_PLUGIN,
	NFD_ERROR_BINDING,
	NFD_ERROR_IO,
	NFD_ERROR_NOT_SUPPORTED,
} NfdError;

GQuark
nfd_error_quark(void);

/**
 * NfdVerdict:
 * @NFD_VERDICT_ACCEPT: not for us after all: hand the packet back to the kernel
 * @NFD_VERDICT_DROP: swallow the packet without replying
 * @NFD_VERDICT_REPLY: drop the packet and inject the reply that the handler built
 *
 * What a queue handler decides for one packet.  The core turns it into exactly one
 * NFQUEUE verdict.  Any other value is treated as the queue's default verdict.
 *
 * Since: 1.0
 */
typedef enum {
	NFD_VERDICT_ACCEPT = 0,
	NFD_VERDICT_DROP = 1,
	NFD_VERDICT_REPLY = 2,
} NfdVerdict;

typedef struct _NfdPlugin NfdPlugin;
typedef struct _NfdPacket NfdPacket;
typedef struct _NfdReply NfdReply;
typedef struct _NfdBinding NfdBinding;
typedef struct _NfdConfigSection NfdConfigSection;
typedef struct _NfdBindingSink NfdBindingSink;
typedef struct _NfdBindingBackend NfdBindingBackend;

G_END_DECLS
