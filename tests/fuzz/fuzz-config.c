/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target of the configuration, from bytes to what the daemon reads, without files: the
 * INI reader (core/nfd-ini.c), GRNET's legacy layout mapped onto the new groups
 * (core/nfd-config-legacy.c), every typed getter on every key of every group
 * (core/nfd-config-section.c), the daemon's own [general] keys (core/nfd-general.c), the
 * unknown key and group checks, and the effective configuration --print-config shows.
 *
 * Input: nfdhcpd.conf; a form feed (0x0c) starts the next file, so that up to four inputs
 * are read in order like the main file and its drop-ins.  Checked: the effective
 * configuration printed reads back without a syntax error.
 */
#include <stdint.h>
#include <string.h>

#include "nfd-config-private.h"
#include "nfd-general.h"

#define FUZZ_CONFIG_MAX_FILES 4

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const gchar *const fuzz_known_groups[] =
    {"general", "dhcp4", "dhcp6", "ra", "ndp", "binding-backend:", "binding:", NULL};

/* a getter gives a value or a GError, never both, never neither */
static void
check_result(gboolean ok, GError **error)
{
	g_assert_true(ok == (*error == NULL));
	g_clear_error(error);
}

/* every getter of the SDK on one key */
static void
read_key(const NfdConfigSection *section, const gchar *key)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *where = nfd_config_section_describe_key(section, key);
	const gchar *value = nfd_config_section_get_string(section, key, NULL);
	struct in_addr ip4;
	guint64 u = 0;
	gboolean b = FALSE;
	gboolean present = FALSE;
	guint8 mac[6];
	gboolean ok;

	g_assert_true(nfd_config_section_has_key(section, key));
	g_assert_nonnull(value);
	g_assert_nonnull(where);
	check_result(nfd_config_section_get_bool(section, key, FALSE, &b, &error), &error);
	ok = nfd_config_section_get_uint(section, key, 1, 65535, 7, &u, &error);
	g_assert_true(!ok || (u >= 1 && u <= 65535));
	check_result(ok, &error);
	check_result(nfd_config_section_get_uint(section, key, 0, G_MAXUINT64, 0, &u, &error),
		     &error);
	{
		g_auto(GStrv) list = NULL;
		ok = nfd_config_section_get_string_list(section, key, &list, &error);
		g_assert_true(!ok || list != NULL);
		check_result(ok, &error);
	}
	{
		g_autoptr(GArray) ip4s = NULL;
		ok = nfd_config_section_get_ip4_list(section, key, &ip4s, &error);
		g_assert_true(!ok || ip4s != NULL);
		check_result(ok, &error);
	}
	{
		g_autoptr(GArray) ip6s = NULL;
		ok = nfd_config_section_get_ip6_list(section, key, &ip6s, &error);
		g_assert_true(!ok || ip6s != NULL);
		check_result(ok, &error);
	}
	ok = nfd_config_section_get_ip4(section, key, &ip4, &present, &error);
	/* an empty value is unset */
	g_assert_true(!ok || present == (value[0] != '\0'));
	check_result(ok, &error);
	check_result(nfd_config_section_get_mac(section, key, mac, &present, &error), &error);
}

static void
read_all(NfdConfig *config)
{
	g_autoptr(GPtrArray) sections = nfd_config_get_sections(config, "");
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
	NfdGeneral general;

	nfd_config_check_groups(config, fuzz_known_groups);
	nfd_config_check_keys(config, "general", nfd_general_keys);
	nfd_general_load(&general, nfd_config_get_section(config, "general"), problems);
	nfd_general_clear(&general);
	for (guint i = 0; i < sections->len; i++) {
		const NfdConfigSection *section = g_ptr_array_index(sections, i);
		g_auto(GStrv) keys = nfd_config_section_get_keys(section);

		g_assert_nonnull(nfd_config_section_get_name(section));
		for (guint j = 0; keys != NULL && keys[j] != NULL; j++)
			read_key(section, keys[j]);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(NfdConfig) config = nfd_config_new();
	g_autoptr(NfdConfig) again = nfd_config_new();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *effective = NULL;
	gsize off = 0;

	if (size > 0x10000)
		return 0;
	for (guint n = 0; n < FUZZ_CONFIG_MAX_FILES; n++) {
		const guint8 *ff = memchr(data + off, '\f', size - off);
		gsize len = ff != NULL && n + 1 < FUZZ_CONFIG_MAX_FILES ? (gsize)(ff - (data + off))
									: size - off;
		g_autofree gchar *name = g_strdup_printf("fuzz-%u.conf", n);

		/* like nfd_config_load(): the first bad file ends the load */
		if (!nfd_config_load_bytes(config, data + off, len, name, &error)) {
			g_assert_nonnull(error);
			return 0;
		}
		off += len;
		if (off >= size)
			break;
		off++;
	}
	if (!nfd_config_finish(config, &error)) {
		g_assert_nonnull(error);
		return 0;
	}
	read_all(config);

	/* what --print-config shows reads back */
	effective = nfd_config_to_string(config);
	if (!nfd_config_load_bytes(again,
				   (const guint8 *)effective,
				   strlen(effective),
				   "effective.conf",
				   &error))
		g_error("the effective configuration does not read back: %s\n%s",
			error->message,
			effective);
	return 0;
}
