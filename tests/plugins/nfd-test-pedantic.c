/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SDK's macros as a third party uses them, built the strict way (tests/plugins/meson.build):
 * -std=c11 -Wpedantic -Werror, with the semicolon after NFD_PLUGIN_DEFINE(...) and
 * NFD_BINDING_BACKEND_DEFINE(...) that a declaration has, as a module WITHOUT
 * -fvisibility=hidden and without a version script (check-exports then says it exports only its
 * descriptor), and again with -DNFD_PLUGIN_BUILTIN.  -DPEDANTIC_BACKEND makes the backend.
 */
#include <sys/socket.h>

#include <nfdhcpd/nfdhcpd.h>

#ifdef PEDANTIC_BACKEND

static gboolean
pedantic_open(NfdBindingBackend *backend,
	      const NfdConfigSection *config,
	      NfdBindingSink *sink,
	      GError **error)
{
	nfd_binding_sink_begin_resync(sink);
	nfd_binding_sink_end_resync(sink);
	return TRUE;
}

NFD_BINDING_BACKEND_DEFINE(pedantic,
			   .description = "a backend built with -Wpedantic",
			   .version = "1.0",
			   .origin = "nfdhcpd tests",
			   .open = pedantic_open);

#else

static NfdVerdict
pedantic_handle(NfdPlugin *plugin,
		const NfdPacket *packet,
		const NfdBinding *binding,
		NfdReply *reply,
		gpointer user_data)
{
	return NFD_VERDICT_ACCEPT;
}

static gboolean
pedantic_init(NfdPlugin *plugin, const NfdConfigSection *config, GError **error)
{
	NfdQueueClaim claim = {.queue_num = 77, .family = AF_INET, .handle = pedantic_handle};

	return nfd_plugin_register_queue(plugin, &claim, error);
}

NFD_PLUGIN_DEFINE(pedantic,
		  .description = "a plugin built with -Wpedantic",
		  .version = "1.0",
		  .origin = "nfdhcpd tests",
		  .flags = NFD_PLUGIN_FLAG_NEEDS_BINDING,
		  .init = pedantic_init);

#endif
