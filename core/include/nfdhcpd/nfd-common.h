/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Types shared by every part of the plugin SDK: the error domain, the verdict a handler
 * returns, and the opaque object types.  Everything a plugin or binding backend may use of
 * the core is declared under <nfdhcpd/> and exported by the daemon as nfd_* (the list is
 * core/nfdhcpd.ver); plugins link against nothing, the symbols resolve against the daemon.
 *
 * Threading, for the whole SDK: the daemon runs one GLib main loop in one thread, and calls
 * every plugin and backend function from it.  SDK functions are not thread-safe and must be
 * called from that thread, unless their documentation says "Thread-safe" (the pure helpers
 * of nfd-proto.h are).  A plugin that starts its own threads hands results back to the main
 * context (g_main_context_invoke()) before it calls the SDK.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * NFD_ERROR:
 *
 * The #GError domain of the SDK's errors; the codes are #NfdError.  Plugins and backends use
 * it for the errors they return from init(), start(), open() and rescan() too.
 *
 * Since: 1.0
 */
#define NFD_ERROR nfd_error_quark()

/**
 * NfdError:
 * @NFD_ERROR_FAILED: anything else
 * @NFD_ERROR_CONFIG: a configuration value is wrong (the message names file, line, group
 *   and key)
 * @NFD_ERROR_PLUGIN: a plugin or backend misbehaved or could not be loaded
 * @NFD_ERROR_BINDING: a binding (file, group or record) is wrong (the message names the key)
 * @NFD_ERROR_IO: a system call failed (the message carries strerror())
 * @NFD_ERROR_NOT_SUPPORTED: the request cannot be served here (e.g. a missing directory)
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

/**
 * nfd_error_quark:
 *
 * The quark of the %NFD_ERROR domain; use the %NFD_ERROR macro instead.
 *
 * Thread-safe.
 *
 * Returns: the quark
 *
 * Since: 1.0
 */
GQuark
nfd_error_quark(void);

/**
 * NfdVerdict:
 * @NFD_VERDICT_ACCEPT: not for us after all: the packet goes back to the kernel (NF_ACCEPT),
 *   which delivers it as if nfdhcpd were not there
 * @NFD_VERDICT_DROP: swallow the packet without replying (NF_DROP)
 * @NFD_VERDICT_REPLY: drop the packet and inject the reply the handler built in its #NfdReply
 *   (NF_DROP plus one frame on the tap); a reply that is incomplete (see
 *   nfd_reply_set_payload_length()) is not sent, the packet is still dropped and a warning
 *   is logged
 *
 * What a queue handler (#NfdHandleFunc) decides for one packet.  The core turns it into
 * exactly one NFQUEUE verdict.  Any other value is a plugin bug: the core counts it, logs a
 * rate-limited warning and ACCEPTs the packet, so a broken plugin degrades to "as if nfdhcpd
 * were not there" rather than black-holing a VM.
 *
 * Since: 1.0
 */
typedef enum {
	NFD_VERDICT_ACCEPT = 0,
	NFD_VERDICT_DROP = 1,
	NFD_VERDICT_REPLY = 2,
} NfdVerdict;

/**
 * NfdPlugin:
 *
 * The core's object for one running instance of a plugin (opaque).  Handed to every plugin
 * vfunc; owned by the core; valid from init() to the end of finalize().  A SIGHUP makes a new
 * instance (see #NfdPluginDescriptor).
 *
 * Since: 1.0
 */
typedef struct _NfdPlugin NfdPlugin;

/**
 * NfdPacket:
 *
 * One queued packet, read-only (opaque, see nfd-packet.h).  Valid only during the
 * #NfdClassifyFunc or #NfdHandleFunc call it is handed to.
 *
 * Since: 1.0
 */
typedef struct _NfdPacket NfdPacket;

/**
 * NfdReply:
 *
 * A core-owned reply frame buffer (opaque, see nfd-reply.h).  Valid only during the
 * #NfdHandleFunc call it is handed to, or from nfd_plugin_begin_unsolicited() to
 * nfd_plugin_send_unsolicited().
 *
 * Since: 1.0
 */
typedef struct _NfdReply NfdReply;

/**
 * NfdBinding:
 *
 * What the VM manager says about one tap (opaque, reference counted, see nfd-binding.h).
 *
 * Since: 1.0
 */
typedef struct _NfdBinding NfdBinding;

/**
 * NfdConfigSection:
 *
 * One [group] of the configuration (opaque, read-only, see nfd-config.h).
 *
 * Since: 1.0
 */
typedef struct _NfdConfigSection NfdConfigSection;

/**
 * NfdBindingSink:
 *
 * Where a binding backend reports bindings: the core's binding store (opaque, see
 * nfd-binding-backend.h).  Owned by the core; valid from the backend's open() to the end of
 * its close().
 *
 * Since: 1.0
 */
typedef struct _NfdBindingSink NfdBindingSink;

/**
 * NfdBindingBackend:
 *
 * The core's object for the open binding backend (opaque, see nfd-binding-backend.h).
 *
 * Since: 1.0
 */
typedef struct _NfdBindingBackend NfdBindingBackend;

/* the SDK's struct layouts are ABI: the headers assert their offsets for LP64 and ILP32 */
#if GLIB_SIZEOF_VOID_P == 8
#define NFD_ABI_LAYOUT_(lp64, ilp32) (lp64)
#else
#define NFD_ABI_LAYOUT_(lp64, ilp32) (ilp32)
#endif

G_END_DECLS
