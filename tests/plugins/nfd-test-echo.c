/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A trivial but real responder for the core's tests: it answers UDP datagrams to port 7 (the
 * RFC 862 echo port) on a tap with a binding by sending the payload back from the address it
 * was sent to.  Config group [echo]: queue (default 50), drop-only (answer nothing, DROP),
 * extra-queue (also claim UDP port 9 on this queue: a plugin with two queues).  It logs
 * "echo started" and "echo stopped (reload|shutdown)", which the reload tests look for.
 * Used by the loader and reload tests and by the end-to-end test that proves a guest's packet
 * reaches a plugin, gets its verdict and the injected frame arrives in the guest.
 */
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "nfdhcpd.h"

typedef struct {
	gboolean drop_only;
	guint64 n_seen;
} EchoState;

static NfdVerdict
echo_handle(NfdPlugin *plugin,
	    const NfdPacket *packet,
	    const NfdBinding *binding,
	    NfdReply *reply,
	    gpointer user_data)
{
	EchoState *st = nfd_plugin_get_data(plugin);
	struct in_addr src, dst;
	const guint8 *data;
	gsize len = 0;
	gsize cap = 0;
	guint8 *out;

	st->n_seen++;
	if (st->drop_only)
		return NFD_VERDICT_DROP;
	data = nfd_packet_get_l4_payload(packet, &len);
	if (len == 0 || !nfd_packet_get_ip4_src(packet, &src) ||
	    !nfd_packet_get_ip4_dst(packet, &dst))
		return NFD_VERDICT_DROP;
	out = nfd_reply_get_payload_buffer(reply, &cap);
	len = MIN(len, cap);
	memcpy(out, data, len);
	nfd_reply_set_payload_length(reply, len);
	nfd_reply_set_ip4(reply, &dst, &src, 64);
	nfd_reply_set_udp(reply, nfd_packet_get_dst_port(packet), nfd_packet_get_src_port(packet));
	nfd_plugin_log(plugin, G_LOG_LEVEL_INFO, binding, "echoed %zu bytes", len);
	return NFD_VERDICT_REPLY;
}

static gboolean
echo_init(NfdPlugin *plugin, const NfdConfigSection *config, GError **error)
{
	EchoState *st = g_new0(EchoState, 1);
	guint64 queue = 50;
	NfdQueueClaim claim = {
	    .family = AF_INET,
	    .l4_proto = IPPROTO_UDP,
	    .dst_port = 7,
	    .handle = echo_handle,
	};

	nfd_plugin_set_data(plugin, st, g_free);
	if (!nfd_config_section_get_uint(config, "queue", 0, 65535, 50, &queue, error))
		return FALSE;
	if (!nfd_config_section_get_bool(config, "drop-only", FALSE, &st->drop_only, error))
		return FALSE;
	claim.queue_num = (guint16)queue;
	if (!nfd_plugin_register_queue(plugin, &claim, error))
		return FALSE;
	if (!nfd_config_section_has_key(config, "extra-queue"))
		return TRUE;
	if (!nfd_config_section_get_uint(config, "extra-queue", 0, 65535, 0, &queue, error))
		return FALSE;
	claim.queue_num = (guint16)queue;
	claim.dst_port = 9;
	return nfd_plugin_register_queue(plugin, &claim, error);
}

static gboolean
echo_start(NfdPlugin *plugin, GError **error)
{
	nfd_plugin_log(plugin, G_LOG_LEVEL_MESSAGE, NULL, "echo started");
	return TRUE;
}

static void
echo_stop(NfdPlugin *plugin)
{
	nfd_plugin_log(plugin,
		       G_LOG_LEVEL_MESSAGE,
		       NULL,
		       "echo stopped (%s)",
		       nfd_plugin_get_stop_reason(plugin) == NFD_STOP_REASON_RELOAD ? "reload"
										    : "shutdown");
}

static void
echo_dump(NfdPlugin *plugin, GString *out)
{
	EchoState *st = nfd_plugin_get_data(plugin);
	g_string_append_printf(out, "echo: %" G_GUINT64_FORMAT " packets seen\n", st->n_seen);
}

static const gchar *const echo_keys[] = {"queue", "drop-only", "extra-queue", NULL};

NFD_PLUGIN_DEFINE(echo,
		  .description = "UDP echo responder for tests",
		  .version = "1.0",
		  .origin = "nfdhcpd tests",
		  .flags = NFD_PLUGIN_FLAG_NEEDS_BINDING,
		  .config_keys = echo_keys,
		  .init = echo_init,
		  .start = echo_start,
		  .stop = echo_stop,
		  .dump = echo_dump);
