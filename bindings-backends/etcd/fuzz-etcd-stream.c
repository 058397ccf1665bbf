/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target of the etcd backend's parsing of untrusted bytes: the input is a watch stream
 * (as etcd's gateway sends it), fed to NfdEtcdFramer in chunks whose size the first byte
 * chooses; every object it yields goes through each response parser (watch, range,
 * authenticate, error) and every key found through the tap-name and key-description helpers.
 * The framer must never buffer more than its limit.
 */
#include <stdint.h>
#include <string.h>

#include "nfd-etcd-framer.h"
#include "nfd-etcd-proto.h"

#define FUZZ_MAX_MESSAGE 65536

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_keys(GPtrArray *kvs)
{
	g_autoptr(GBytes) prefix = g_bytes_new_static("/nfdhcpd/bindings/host1/", 24);

	for (guint i = 0; i < kvs->len; i++) {
		NfdEtcdKv *kv = g_ptr_array_index(kvs, i);
		g_autofree gchar *tap = nfd_etcd_key_to_tap(prefix, kv->key, NULL);
		g_autofree gchar *desc = nfd_etcd_key_describe(kv->key);
		g_autoptr(GBytes) next = nfd_etcd_key_successor(kv->key);
		g_autoptr(GBytes) end = nfd_etcd_prefix_range_end(kv->key);

		g_assert_nonnull(desc);
		g_assert_cmpuint(g_bytes_get_size(next), ==, g_bytes_get_size(kv->key) + 1);
		g_assert_cmpuint(g_bytes_get_size(end), <=, g_bytes_get_size(kv->key) + 1);
		if (tap != NULL)
			g_assert_cmpuint(strlen(tap), <=, 15);
	}
}

static gboolean
on_object(const gchar *obj, gsize len, gpointer user_data)
{
	g_autoptr(NfdEtcdWatch) watch = nfd_etcd_parse_watch(obj, len, NULL);
	g_autoptr(NfdEtcdRange) range = nfd_etcd_parse_range(obj, len, NULL);
	g_autofree gchar *token = nfd_etcd_parse_auth(obj, len, NULL);
	g_autoptr(GError) error = nfd_etcd_error_from_body(obj, len);

	g_assert_cmpuint(len, <=, FUZZ_MAX_MESSAGE);
	if (watch != NULL)
		check_keys(watch->events);
	if (range != NULL)
		check_keys(range->kvs);
	return TRUE;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(NfdEtcdFramer) framer = nfd_etcd_framer_new(FUZZ_MAX_MESSAGE, 32);
	gsize chunk;

	if (size == 0)
		return 0;
	chunk = data[0] == 0 ? size : data[0];
	data++;
	size--;
	for (gsize off = 0; off < size; off += chunk) {
		if (!nfd_etcd_framer_feed(framer,
					  data + off,
					  MIN(chunk, size - off),
					  on_object,
					  NULL,
					  NULL))
			break;
		g_assert_cmpuint(nfd_etcd_framer_get_buffered(framer), <=, FUZZ_MAX_MESSAGE);
	}
	return 0;
}
