/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Core-only view of NfdPlugin, the runtime object around one loaded plugin descriptor, and
 * NfdCoreContext, what the SDK functions a plugin calls need from the daemon.
 */
#pragma once

#include <gmodule.h>

#include "nfd-binding-store.h"
#include "nfd-inject.h"
#include "nfd-log.h"
#include "nfd-plugin.h"
#include "nfd-proto-private.h"
#include "nfd-tap-stats.h"
#include "nfd-token-bucket.h"

/* what a handler noted about the packet it is handling (nfd_plugin_note_*()) */
typedef struct {
	gboolean active;    /* a handler runs: notes are taken */
	gboolean synthetic; /* for explain: noted, never recorded */
	NfdTapNote note;
	NfdTapStats *tap;	     /* the tap's block, for the fingerprint; NULL for none */
	guint8 prl[NFD_TAP_PRL_MAX]; /* a synthetic packet's fingerprint goes here */
	gsize prl_len;
	GPtrArray *log; /* synthetic: what the plugin logged (not debug), instead of the log */
} NfdCurrentPacket;

typedef struct {
	NfdBindingStore *store;
	NfdInjector *injector;
	NfdReply *scratch;  /* for unsolicited sends */
	gchar *state_dir;   /* [general] state-dir once usable, else NULL */
	NfdStatsHub *stats; /* per-tap statistics; NULL records nothing (the test kit) */
	NfdCurrentPacket current;
	/* between nfd_plugin_begin_unsolicited() and _send_unsolicited(): whose tap, and the
	 * type nfd_plugin_note_reply() gave it outside a handler (0 unknown) */
	const NfdBinding *unsolicited;
	guint8 unsolicited_type;
} NfdCoreContext;

struct _NfdPlugin {
	NfdPluginDescriptor desc; /* a full-size copy: fields past struct_size are NULL */
	gchar *filename;
	gboolean builtin;
	gpointer data;
	GDestroyNotify destroy;
	GArray *claims; /* NfdQueueClaim */
	NfdCoreContext *ctx;
	NfdRateLimit ratelimit;
	gboolean initialized;
	gboolean started;
	NfdStopReason stop_reason;
	guint16 queue;	   /* [<name>] queue or the descriptor's default */
	guint64 *counters; /* one per name of desc.counters */
	guint n_counters;
	guint64 n_bad_checksum; /* ICMPv6 dropped by the core's checksum policy */
	guint64 n_handled;
	guint64 n_replies;
	guint64 n_send_failed; /* unsolicited only: batched replies fail in the dispatch stats */
	guint n_message_types; /* entries of desc.message_types (SDK 1.1) */
	guint n_reasons;       /* entries of desc.reasons */
	guint8 stats_id;       /* the plugin's id in ctx->stats */
	/* [<name>] rate-limit and rate-burst, else [general]'s (set by the generation; off until
	 * then); the shared bucket of packets from taps without a binding that the plugin takes
	 * (plugins without NFD_PLUGIN_FLAG_NEEDS_BINDING) */
	NfdTokenBucket rate_limit;
	gint64 unbound_bucket;
};

NfdPlugin *
nfd_plugin_new(const NfdPluginDescriptor *desc, const gchar *filename, gboolean builtin);
void
nfd_plugin_free(NfdPlugin *self);
void
nfd_plugin_set_context(NfdPlugin *self, NfdCoreContext *ctx);
gboolean
nfd_plugin_init(NfdPlugin *self, const NfdConfigSection *config, GError **error);
gboolean
nfd_plugin_start(NfdPlugin *self, GError **error);
void
nfd_plugin_stop(NfdPlugin *self, NfdStopReason reason);
void
nfd_plugin_binding_changed(NfdPlugin *self, const NfdBinding *binding, NfdBindingEvent event);
void
nfd_plugin_dump(NfdPlugin *self, GString *out);
GArray *
nfd_plugin_get_claims(NfdPlugin *self);
gboolean
nfd_plugin_has_flag(NfdPlugin *self, NfdPluginFlags flag);
const gchar *
nfd_plugin_get_name(NfdPlugin *self);
guint64
nfd_plugin_get_counter(NfdPlugin *self, guint counter);
/* the name of message type or reason code @code (1-based), or NULL */
const gchar *
nfd_plugin_get_message_type_name(NfdPlugin *self, guint code);
const gchar *
nfd_plugin_get_reason_name(NfdPlugin *self, guint code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdPlugin, nfd_plugin_free)
