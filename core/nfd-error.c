/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The NFD_ERROR domain used by every cold path of the core, plugins and backends.
 */
#include "nfd-common.h"

GQuark
nfd_error_quark(void)
{
	return g_quark_from_static_string("nfd-error-quark");
}
