/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Deliberately broken plugins for the loader tests (Kea's incorrect_version_library idea).
 * One source, compiled once per -DBROKEN_<KIND>:
 *   NOSYM    exports no descriptor at all
 *   BADMAJOR built for another API major
 *   NEWMINOR built for a newer API minor than the daemon's
 *   INITFAIL init() fails with an error
 *   STARTFAIL start() fails with an error (init succeeds)
 *   SHORT    an older, shorter descriptor (no dump, no reserved slots): must still load
 *   MISNAMED file name and descriptor name differ
 */
#include <netinet/in.h>

#include "nfdhcpd.h"

#ifndef BROKEN_NOSYM

static gboolean
broken_init(NfdPlugin *plugin, const NfdConfigSection *config, GError **error)
{
#ifdef BROKEN_INITFAIL
	g_set_error_literal(error, NFD_ERROR, NFD_ERROR_PLUGIN, "deliberate init failure");
	return FALSE;
#else
	return TRUE;
#endif
}

#ifdef BROKEN_STARTFAIL
static gboolean
broken_start(NfdPlugin *plugin, GError **error)
{
	g_set_error_literal(error, NFD_ERROR, NFD_ERROR_PLUGIN, "deliberate start failure");
	return FALSE;
}
#endif

static NfdPluginDescriptor broken_desc = {
    .api_major = NFD_PLUGIN_API_MAJOR,
    .api_minor = NFD_PLUGIN_API_MINOR,
    .struct_size = sizeof(NfdPluginDescriptor),
    .name = BROKEN_NAME,
    .description = "deliberately broken test plugin",
    .version = "0",
    .init = broken_init,
#ifdef BROKEN_STARTFAIL
    .start = broken_start,
#endif
};

__attribute__((visibility("default"))) const NfdPluginDescriptor *
nfd_plugin_descriptor(void);

const NfdPluginDescriptor *
nfd_plugin_descriptor(void)
{
#ifdef BROKEN_BADMAJOR
	broken_desc.api_major = NFD_PLUGIN_API_MAJOR + 1;
#endif
#ifdef BROKEN_NEWMINOR
	broken_desc.api_minor = NFD_PLUGIN_API_MINOR + 1;
#endif
#ifdef BROKEN_SHORT
	/* a 1.0 descriptor cut before dump(): the core must treat the rest as NULL */
	broken_desc.struct_size = G_STRUCT_OFFSET(NfdPluginDescriptor, dump);
	broken_desc.dump = (void (*)(NfdPlugin *, GString *))0x1;
#endif
	return &broken_desc;
}

#else

/* a shared object that is not a plugin */
__attribute__((visibility("default"))) int nfd_not_a_plugin = 1;

#endif
