/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdPlugin: the runtime object for one plugin, and the SDK functions plugins call on it
 * (queue claims, private data, logging, unsolicited sends, binding iteration).
 *
 * A plugin's vfuncs are called only through here, so that a NULL (optional, or past an older
 * plugin's struct_size) vfunc is simply skipped and finalize() runs exactly once, also for a
 * plugin whose init() failed half-way.
 *
 * What every plugin would otherwise repeat is done here once: the `queue` key is read and
 * checked before init(), every existing binding is announced (ADDED) right after start(), and
 * the plugin's named counters live here, bumped by index and printed in the dump.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>

#include "nfd-binding-private.h"
#include "nfd-module-loader.h"
#include "nfd-plugin-private.h"
#include "nfd-proto.h"
#include "nfd-reply-private.h"

static void
replay_end(NfdPlugin *self);

/* a sliced start tells this many bindings or fewer before it returns */
#define NFD_PLUGIN_REPLAY_AT_ONCE 256

NfdPlugin *
nfd_plugin_new(const NfdPluginDescriptor *desc, const gchar *filename, gboolean builtin)
{
	NfdPlugin *self = g_new0(NfdPlugin, 1);

	/* read only what the plugin's own struct had; newer fields stay NULL */
	memcpy(&self->desc, desc, MIN((gsize)desc->struct_size, sizeof(self->desc)));
	self->desc.struct_size = sizeof(self->desc);
	/* SDK 1.1 took its fields from reserved[], so the size is the same: a 1.0 plugin's slots
	 * there are zero, and are treated as such whatever it put in them */
	if (desc->api_minor < 1) {
		self->desc.message_types = NULL;
		self->desc.reasons = NULL;
		self->desc.explain_request = NULL;
		self->desc.explain_decode = NULL;
	}
	for (const gchar *const *t = self->desc.message_types; t != NULL && *t != NULL; t++)
		self->n_message_types++;
	for (const gchar *const *r = self->desc.reasons; r != NULL && *r != NULL; r++)
		self->n_reasons++;
	self->filename = g_strdup(filename);
	self->builtin = builtin;
	self->claims = g_array_new(FALSE, TRUE, sizeof(NfdQueueClaim));
	for (const gchar *const *c = self->desc.counters; c != NULL && *c != NULL; c++)
		self->n_counters++;
	self->counters = g_new0(guint64, MAX(self->n_counters, 1));
	return self;
}

void
nfd_plugin_free(NfdPlugin *self)
{
	if (self == NULL)
		return;
	if (self->started)
		nfd_plugin_stop(self, NFD_STOP_REASON_SHUTDOWN);
	replay_end(self);
	if (self->initialized && self->desc.finalize != NULL)
		self->desc.finalize(self);
	if (self->destroy != NULL && self->data != NULL)
		self->destroy(self->data);
	g_array_unref(self->claims);
	g_free(self->counters);
	g_free(self->filename);
	g_free(self);
}

void
nfd_plugin_set_context(NfdPlugin *self, NfdCoreContext *ctx)
{
	self->ctx = ctx;
	if (ctx != NULL && ctx->stats != NULL)
		self->stats_id = nfd_stats_hub_plugin_id(ctx->stats, self->desc.name);
}

/* "plugin NAME: " before every line: a plugin may list several problems, one per line */
static void
set_prefixed_error(GError **error, const gchar *name, const gchar *message)
{
	g_auto(GStrv) lines = g_strsplit(message, "\n", -1);
	g_autoptr(GString) out = g_string_new(NULL);

	for (guint i = 0; lines[i] != NULL; i++)
		g_string_append_printf(out, "%splugin %s: %s", i > 0 ? "\n" : "", name, lines[i]);
	g_set_error_literal(error, NFD_ERROR, NFD_ERROR_PLUGIN, out->str);
}

/* a name of @names, 1 to 32 of @allowed (plus alphanumerics); at most 254 of them */
static gboolean
check_names(NfdPlugin *self,
	    const gchar *what,
	    const gchar *const *names,
	    guint n,
	    gboolean upper,
	    const gchar *allowed,
	    GError **error)
{
	if (n > 254) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "plugin %s: more than 254 %s",
			    self->desc.name,
			    what);
		return FALSE;
	}
	for (guint i = 0; i < n; i++) {
		const gchar *name = names[i];
		gboolean ok = strlen(name) >= 1 && strlen(name) <= 32;
		for (const gchar *p = name; ok && *p != '\0'; p++)
			ok = g_ascii_isdigit(*p) || g_ascii_islower(*p) ||
			     (upper && g_ascii_isupper(*p)) || strchr(allowed, *p) != NULL;
		if (!ok) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_PLUGIN,
				    "plugin %s: %s name '%s' is not 1 to 32 of [%s%s]",
				    self->desc.name,
				    what,
				    name,
				    upper ? "A-Za-z0-9" : "a-z0-9",
				    allowed);
			return FALSE;
		}
	}
	return TRUE;
}

/* what the core checks of a descriptor before init(): its counter names, its default queue */
static gboolean
plugin_check_descriptor(NfdPlugin *self, GError **error)
{
	if (!check_names(self,
			 "message type",
			 self->desc.message_types,
			 self->n_message_types,
			 TRUE,
			 "_.-",
			 error) ||
	    !check_names(self, "reason", self->desc.reasons, self->n_reasons, FALSE, "_", error))
		return FALSE;
	for (guint i = 0; i < self->n_counters; i++) {
		if (!nfd_module_name_is_valid(self->desc.counters[i])) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_PLUGIN,
				    "plugin %s: counter name '%s' is not 1 to 64 of [a-z0-9_]",
				    self->desc.name,
				    self->desc.counters[i]);
			return FALSE;
		}
	}
	if (!(self->desc.flags & NFD_PLUGIN_FLAG_NO_QUEUE) &&
	    self->desc.default_queue > G_MAXUINT16) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "plugin %s: default queue %u is above 65535",
			    self->desc.name,
			    self->desc.default_queue);
		return FALSE;
	}
	return TRUE;
}

/* [<name>] queue, which the core reads for the plugin */
static gboolean
plugin_read_queue(NfdPlugin *self, const NfdConfigSection *config, GError **error)
{
	guint64 queue = self->desc.default_queue;

	self->queue = (guint16)self->desc.default_queue;
	if (self->desc.flags & NFD_PLUGIN_FLAG_NO_QUEUE)
		return TRUE;
	if (!nfd_config_section_get_uint(config,
					 "queue",
					 0,
					 G_MAXUINT16,
					 self->desc.default_queue,
					 &queue,
					 error))
		return FALSE;
	self->queue = (guint16)queue;
	return TRUE;
}

/* a bad `queue` does not stop init(): --check-config lists the plugin's own problems too */
gboolean
nfd_plugin_init(NfdPlugin *self, const NfdConfigSection *config, GError **error)
{
	g_autoptr(GError) queue_error = NULL;
	g_autoptr(GError) init_error = NULL;
	g_autoptr(GError) error_local = NULL;

	/* finalize() must run even if init() fails half-way */
	self->initialized = TRUE;
	if (!plugin_check_descriptor(self, error))
		return FALSE;
	plugin_read_queue(self, config, &queue_error);
	if (self->desc.init != NULL && !self->desc.init(self, config, &init_error)) {
		if (init_error == NULL)
			g_set_error(&error_local,
				    NFD_ERROR,
				    NFD_ERROR_PLUGIN,
				    "plugin %s: init failed without saying why",
				    self->desc.name);
		else
			set_prefixed_error(&error_local, self->desc.name, init_error->message);
	}
	if (queue_error != NULL && error_local != NULL) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "%s\n%s",
			    queue_error->message,
			    error_local->message);
		return FALSE;
	}
	if (queue_error != NULL || error_local != NULL) {
		g_propagate_error(error,
				  queue_error != NULL ? g_steal_pointer(&queue_error)
						      : g_steal_pointer(&error_local));
		return FALSE;
	}
	return TRUE;
}

static void
plugin_add_existing(const NfdBinding *binding, gpointer user_data)
{
	NfdPlugin *self = user_data;

	/* start() may be followed by a stop() from the plugin's own doing: only while started */
	nfd_plugin_binding_changed(self, binding, NFD_BINDING_EVENT_ADDED);
}

static gboolean
plugin_start(NfdPlugin *self, gboolean tell_existing, GError **error);
static void
plugin_add_existing(const NfdBinding *binding, gpointer user_data);

/* the replay is over (done, or the plugin stopped): the store may free what it held for it */
static void
replay_end(NfdPlugin *self)
{
	g_clear_handle_id(&self->replay_source, g_source_remove);
	if (self->replay == NULL)
		return;
	g_clear_pointer(&self->replay, g_ptr_array_unref);
	nfd_binding_store_release(self->ctx->store);
}

/* tells ADDED for the bindings of the replay until it ends (TRUE) or @slice_us passed (0: no
 * limit).  A binding the store no longer holds was changed or removed since the snapshot: the
 * plugin was told that, as it happened, and the snapshot's copy is skipped. */
static gboolean
replay_step(NfdPlugin *self, gint64 slice_us)
{
	gint64 deadline = slice_us > 0 ? g_get_monotonic_time() + slice_us : G_MAXINT64;

	while (self->replay_pos < self->replay->len) {
		const NfdBinding *b = g_ptr_array_index(self->replay, self->replay_pos++);
		/* the store holds what it lists (nfd_binding_store_hold()): @b is alive */
		if (nfd_binding_store_lookup_tap(self->ctx->store, nfd_binding_get_tap(b)) == b)
			plugin_add_existing(b, self);
		if (!self->started)
			break;
		if (self->replay_pos % 64 == 0 && g_get_monotonic_time() >= deadline)
			return FALSE;
	}
	replay_end(self);
	return TRUE;
}

/* The replays of the plugins a reload started share one slice per main-loop iteration: each
 * has its own timeout source and GLib dispatches every one that is due in the same iteration,
 * so slices of their own added up (ra and ndp: 4 ms, before the directory rescan's 2 ms).  The
 * iteration is told by the time GLib caches for it (g_source_get_time()). */
static gint64 replay_iteration = -1;
static gint64 replay_iteration_used;

static gboolean
replay_cb(gpointer user_data)
{
	NfdPlugin *self = user_data;
	gint64 iteration = g_source_get_time(g_main_current_source());
	gint64 t0;
	gboolean done;

	if (iteration != replay_iteration) {
		replay_iteration = iteration;
		replay_iteration_used = 0;
	}
	/* this iteration's slice is spent: the next one (1 ms later) goes on */
	if (replay_iteration_used >= self->replay_slice_us)
		return G_SOURCE_CONTINUE;
	t0 = g_get_monotonic_time();
	done = replay_step(self, self->replay_slice_us - replay_iteration_used);
	replay_iteration_used += g_get_monotonic_time() - t0;
	if (!done)
		return G_SOURCE_CONTINUE;
	self->replay_source = 0;
	return G_SOURCE_REMOVE;
}

gboolean
nfd_plugin_start_sliced(NfdPlugin *self, gint64 slice_us, GError **error)
{
	if (!plugin_start(self, FALSE, error))
		return FALSE;
	if (self->desc.binding_changed == NULL || self->ctx == NULL || self->ctx->store == NULL)
		return TRUE;
	self->replay = nfd_binding_store_hold(self->ctx->store);
	self->replay_pos = 0;
	self->replay_slice_us = slice_us;
	/* a few bindings are told now, as at start-up; many wait for the first slice, so that
	 * the reload itself (every plugin started at once) stays short */
	if (self->replay->len <= NFD_PLUGIN_REPLAY_AT_ONCE) {
		replay_step(self, 0);
		return TRUE;
	}
	/* 1 ms apart, as the directory backend's slices (nfd-binding-directory.c) */
	self->replay_source = g_timeout_add_full(G_PRIORITY_DEFAULT, 1, replay_cb, self, NULL);
	return TRUE;
}

gboolean
nfd_plugin_is_replaying(NfdPlugin *self)
{
	return self->replay != NULL;
}

gboolean
nfd_plugin_start(NfdPlugin *self, GError **error)
{
	return plugin_start(self, TRUE, error);
}

/* start(), then, when @tell_existing, an ADDED event for every binding there is */
static gboolean
plugin_start(NfdPlugin *self, gboolean tell_existing, GError **error)
{
	g_autoptr(GError) error_local = NULL;

	if (self->desc.start != NULL && !self->desc.start(self, &error_local)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "plugin %s: start failed: %s",
			    self->desc.name,
			    error_local != NULL ? error_local->message : "no reason given");
		return FALSE;
	}
	self->started = TRUE;
	/* every binding that exists is news to a new instance: no plugin loops for it itself */
	if (tell_existing && self->desc.binding_changed != NULL && self->ctx != NULL &&
	    self->ctx->store != NULL)
		nfd_binding_store_foreach(self->ctx->store, plugin_add_existing, self);
	return TRUE;
}

void
nfd_plugin_stop(NfdPlugin *self, NfdStopReason reason)
{
	if (!self->started)
		return;
	self->started = FALSE;
	self->stop_reason = reason;
	/* the ADDED events not told yet are no longer news to anyone */
	replay_end(self);
	if (self->desc.stop != NULL)
		self->desc.stop(self);
}

void
nfd_plugin_binding_changed(NfdPlugin *self, const NfdBinding *binding, NfdBindingEvent event)
{
	if (self->started && self->desc.binding_changed != NULL)
		self->desc.binding_changed(self, binding, event);
}

void
nfd_plugin_dump(NfdPlugin *self, GString *out)
{
	g_string_append_printf(out,
			       "plugin %s: %" G_GUINT64_FORMAT
			       " packets handled, %" G_GUINT64_FORMAT " replies, %" G_GUINT64_FORMAT
			       " unsolicited send failures, %" G_GUINT64_FORMAT
			       " ICMPv6 checksum errors\n",
			       self->desc.name,
			       self->n_handled,
			       self->n_replies,
			       self->n_send_failed,
			       self->n_bad_checksum);
	for (guint i = 0; i < self->n_counters; i++)
		g_string_append_printf(out,
				       "%s: %s: %" G_GUINT64_FORMAT "\n",
				       self->desc.name,
				       self->desc.counters[i],
				       self->counters[i]);
	if (self->desc.dump != NULL)
		self->desc.dump(self, out);
}

GArray *
nfd_plugin_get_claims(NfdPlugin *self)
{
	return self->claims;
}

gboolean
nfd_plugin_has_flag(NfdPlugin *self, NfdPluginFlags flag)
{
	return (self->desc.flags & flag) != 0;
}

/* SDK */

gboolean
nfd_plugin_register_queue(NfdPlugin *self, const NfdQueueClaim *claim, GError **error)
{
	g_return_val_if_fail(self != NULL, FALSE);
	g_return_val_if_fail(claim != NULL, FALSE);

	if (claim->handle == NULL) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "queue %u claim has no handler",
			    claim->queue_num);
		return FALSE;
	}
	if (claim->family != AF_INET && claim->family != AF_INET6) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "queue %u claim: family must be AF_INET or AF_INET6",
			    claim->queue_num);
		return FALSE;
	}
	if (claim->icmp6_type != 0 && claim->l4_proto != IPPROTO_ICMPV6) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_PLUGIN,
			    "queue %u claim: an ICMPv6 type needs l4_proto IPPROTO_ICMPV6",
			    claim->queue_num);
		return FALSE;
	}
	g_array_append_val(self->claims, *claim);
	return TRUE;
}

guint16
nfd_plugin_get_queue(NfdPlugin *self)
{
	return self->queue;
}

void
nfd_plugin_count(NfdPlugin *self, guint counter)
{
	/* a synthetic packet (explain) changes no counter */
	if (self->ctx != NULL && self->ctx->current.active && self->ctx->current.synthetic)
		return;
	if (counter < self->n_counters)
		self->counters[counter]++;
}

guint64
nfd_plugin_get_counter(NfdPlugin *self, guint counter)
{
	return counter < self->n_counters ? self->counters[counter] : 0;
}

const gchar *
nfd_plugin_get_state_dir(NfdPlugin *self)
{
	return self->ctx != NULL ? self->ctx->state_dir : NULL;
}

NfdStopReason
nfd_plugin_get_stop_reason(NfdPlugin *self)
{
	return self->stop_reason;
}

const gchar *
nfd_plugin_get_name(NfdPlugin *self)
{
	return self->desc.name;
}

void
nfd_plugin_set_data(NfdPlugin *self, gpointer data, GDestroyNotify destroy)
{
	if (self->destroy != NULL && self->data != NULL && self->data != data)
		self->destroy(self->data);
	self->data = data;
	self->destroy = destroy;
}

gpointer
nfd_plugin_get_data(NfdPlugin *self)
{
	return self->data;
}

static void
plugin_logv(NfdPlugin *self,
	    GLogLevelFlags level,
	    const NfdBinding *binding,
	    const gchar *format,
	    va_list args)
{
	g_autofree gchar *message = g_strdup_vprintf(format, args);
	g_autofree gchar *domain = g_strdup_printf("nfd-%s", self->desc.name);
	gchar mac[NFD_MAC_STRLEN] = "";
	GLogField fields[6];
	gsize n = 0;

	/* explain: what the plugin would have logged about the request goes into the answer */
	if (self->ctx != NULL && self->ctx->current.active && self->ctx->current.synthetic) {
		if (level != G_LOG_LEVEL_DEBUG && self->ctx->current.log != NULL &&
		    self->ctx->current.log->len < 32)
			g_ptr_array_add(self->ctx->current.log, g_steal_pointer(&message));
		return;
	}

	fields[n++] = (GLogField){"GLIB_DOMAIN", domain, -1};
	fields[n++] = (GLogField){"MESSAGE", message, -1};
	fields[n++] = (GLogField){"NFD_PLUGIN", self->desc.name, -1};
	if (binding != NULL) {
		fields[n++] = (GLogField){"NFD_TAP", nfd_binding_get_tap(binding), -1};
		if (nfd_binding_get_mac(binding) != NULL) {
			nfd_proto_mac_format(nfd_binding_get_mac(binding), mac);
			fields[n++] = (GLogField){"NFD_MAC", mac, -1};
		}
	}
	g_log_structured_array(level, fields, n);
}

void
nfd_plugin_log(NfdPlugin *self,
	       GLogLevelFlags level,
	       const NfdBinding *binding,
	       const gchar *format,
	       ...)
{
	va_list args;

	/* per-packet debug lines cost nothing when debug is off */
	if (level == G_LOG_LEVEL_DEBUG && !g_log_get_debug_enabled())
		return;
	va_start(args, format);
	plugin_logv(self, level, binding, format, args);
	va_end(args);
}

void
nfd_plugin_warn_ratelimited(NfdPlugin *self, const NfdBinding *binding, const gchar *format, ...)
{
	/* per tap: a guest that provokes warnings spends its own tap's budget and cannot hide the
	 * other taps' warnings; the state lives in the binding (bounded by the bindings, nothing
	 * allocated per packet); without a binding, the plugin's own limiter */
	NfdRateLimit *rl =
	    binding != NULL ? nfd_binding_get_warn_ratelimit(binding) : &self->ratelimit;
	va_list args;
	guint suppressed = 0;

	/* explain: no limiter spent on a synthetic packet (plugin_logv() captures it) */
	if (self->ctx != NULL && self->ctx->current.active && self->ctx->current.synthetic) {
		va_start(args, format);
		plugin_logv(self, G_LOG_LEVEL_WARNING, binding, format, args);
		va_end(args);
		return;
	}
	if (!nfd_ratelimit_check(rl, NFD_RATELIMIT_BURST, NFD_RATELIMIT_INTERVAL_US, &suppressed))
		return;
	if (suppressed > 0)
		nfd_plugin_log(self,
			       G_LOG_LEVEL_WARNING,
			       binding,
			       "%u similar warnings suppressed",
			       suppressed);
	va_start(args, format);
	plugin_logv(self, G_LOG_LEVEL_WARNING, binding, format, args);
	va_end(args);
}

void
nfd_plugin_foreach_binding(NfdPlugin *self, NfdBindingFunc func, gpointer user_data)
{
	if (self->ctx == NULL || self->ctx->store == NULL)
		return;
	nfd_binding_store_foreach(self->ctx->store, func, user_data);
}

const NfdBinding *
nfd_plugin_lookup_binding(NfdPlugin *self, const gchar *tap)
{
	if (self->ctx == NULL || self->ctx->store == NULL)
		return NULL;
	return nfd_binding_store_lookup_tap(self->ctx->store, tap);
}

NfdReply *
nfd_plugin_begin_unsolicited(NfdPlugin *self, const NfdBinding *binding)
{
	g_return_val_if_fail(self->ctx != NULL && self->ctx->scratch != NULL, NULL);
	self->ctx->unsolicited = binding;
	self->ctx->unsolicited_type = 0;
	nfd_reply_reset(self->ctx->scratch,
			nfd_binding_get_ifindex(binding),
			nfd_binding_get_mac(binding),
			nfd_binding_get_router_mac(binding));
	return self->ctx->scratch;
}

gboolean
nfd_plugin_send_unsolicited(NfdPlugin *self, NfdReply *reply, GError **error)
{
	const guint8 *frame = NULL;
	gsize len = 0;
	const gchar *why = NULL;
	const NfdBinding *binding;
	gint rc;

	g_return_val_if_fail(self->ctx != NULL && self->ctx->injector != NULL, FALSE);
	binding = g_steal_pointer(&self->ctx->unsolicited);
	if (!nfd_reply_finish(reply, &frame, &len, &why)) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_PLUGIN, "cannot send: %s", why);
		return FALSE;
	}
	rc = nfd_injector_send(self->ctx->injector, nfd_reply_get_ifindex(reply), frame, len);
	if (rc < 0) {
		self->n_send_failed++;
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_IO,
			    "cannot send on ifindex %u: %s",
			    nfd_reply_get_ifindex(reply),
			    g_strerror(-rc));
		return FALSE;
	}
	self->n_replies++;
	/* counted on the tap once it has statistics: a periodic send never allocates them */
	if (binding != NULL && self->ctx->stats != NULL && self->ctx->unsolicited_type != 0 &&
	    nfd_binding_get_tap_stats(binding) != NULL)
		nfd_tap_stats_count_sent(nfd_binding_get_tap_stats(binding),
					 self->stats_id,
					 self->ctx->unsolicited_type);
	return TRUE;
}

const gchar *
nfd_plugin_get_message_type_name(NfdPlugin *self, guint code)
{
	return code >= 1 && code <= self->n_message_types ? self->desc.message_types[code - 1]
							  : NULL;
}

const gchar *
nfd_plugin_get_reason_name(NfdPlugin *self, guint code)
{
	return code >= 1 && code <= self->n_reasons ? self->desc.reasons[code - 1] : NULL;
}

/* SDK 1.1: notes about the packet being handled (the core records them, nfd-dispatch.c) */

static NfdCurrentPacket *
current_packet(NfdPlugin *self)
{
	if (self == NULL || self->ctx == NULL || !self->ctx->current.active)
		return NULL;
	return &self->ctx->current;
}

void
nfd_plugin_note_message(NfdPlugin *self, guint type, guint reason)
{
	NfdCurrentPacket *cur = current_packet(self);

	if (cur == NULL)
		return;
	cur->note.type = type <= self->n_message_types ? (guint8)type : 0;
	cur->note.reason = reason <= self->n_reasons ? (guint8)reason : 0;
}

void
nfd_plugin_note_reply(NfdPlugin *self, guint type)
{
	NfdCurrentPacket *cur = current_packet(self);

	if (cur == NULL && self != NULL && self->ctx != NULL && self->ctx->unsolicited != NULL) {
		self->ctx->unsolicited_type = type <= self->n_message_types ? (guint8)type : 0;
		return;
	}
	if (cur != NULL)
		cur->note.reply = type <= self->n_message_types ? (guint8)type : 0;
}

void
nfd_plugin_note_address(NfdPlugin *self, gint family, gconstpointer address)
{
	NfdCurrentPacket *cur = current_packet(self);

	if (cur == NULL || address == NULL)
		return;
	memset(cur->note.addr, 0, sizeof(cur->note.addr));
	if (family == AF_INET) {
		cur->note.family = 4;
		memcpy(cur->note.addr, address, sizeof(struct in_addr));
	} else if (family == AF_INET6) {
		cur->note.family = 6;
		memcpy(cur->note.addr, address, sizeof(struct in6_addr));
	}
}

void
nfd_plugin_note_client(NfdPlugin *self,
		       const guint8 *request_list,
		       gsize request_list_len,
		       const gchar *vendor_class,
		       gsize vendor_class_len)
{
	NfdCurrentPacket *cur = current_packet(self);

	if (cur == NULL || (request_list == NULL && request_list_len > 0) ||
	    (vendor_class == NULL && vendor_class_len > 0))
		return;
	if (cur->synthetic) {
		cur->prl_len = MIN(request_list_len, sizeof(cur->prl));
		if (cur->prl_len > 0)
			memcpy(cur->prl, request_list, cur->prl_len);
		return;
	}
	if (cur->tap != NULL)
		nfd_tap_stats_set_client(cur->tap,
					 self->stats_id,
					 request_list,
					 request_list_len,
					 vendor_class,
					 vendor_class_len);
}
