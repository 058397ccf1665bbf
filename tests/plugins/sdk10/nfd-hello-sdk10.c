/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The example plugin (examples/hello) as the SDK 1.0 headers build it: the same source, with
 * the descriptor stamped api_minor 0.  SDK 1.1 took its descriptor fields from reserved[]
 * without changing a size or an offset (the static assertions of nfd-plugin.h and the abidiff
 * baseline hold that), so this module is byte for byte what a 1.0 build of the example is:
 * its 1.1 slots are zero.  The end-to-end test e2e-ops.sh loads it next to the 1.1 plugins.
 */
#include "nfd-version.h"

#undef NFD_PLUGIN_API_MINOR
#define NFD_PLUGIN_API_MINOR 0

#include "../../../examples/hello/nfd-hello-plugin.c"
