/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdIni: the reader of nfdhcpd.conf's syntax, and of the drop-in directory next to it.
 *
 * It knows nothing of what the groups and keys mean: it hands every [group] header and every
 * key = value, with the file and line it came from, to the caller's functions.  NfdConfig
 * stores them; the legacy mapping and the typed getters come after.
 */
#pragma once

#include <glib.h>

/* a [group] header */
typedef void (*NfdIniGroupFunc)(const gchar *group, gpointer user_data);
/* a key = value line in @group, value already unquoted and stripped of its comment */
typedef void (*NfdIniValueFunc)(const gchar *group,
				const gchar *key,
				const gchar *value,
				const gchar *file,
				guint line,
				gpointer user_data);

/* @len < 0: @data is NUL-terminated; else @len bytes, and a NUL among them is an error */
gboolean
nfd_ini_parse(const gchar *data,
	      gssize len,
	      const gchar *filename,
	      NfdIniGroupFunc group_func,
	      NfdIniValueFunc value_func,
	      gpointer user_data,
	      GError **error);
gboolean
nfd_ini_parse_file(const gchar *path,
		   NfdIniGroupFunc group_func,
		   NfdIniValueFunc value_func,
		   gpointer user_data,
		   GError **error);
GPtrArray *
nfd_ini_list_dropins(const gchar *path);
