/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdBinding: one tap's binding, with the full GRNET key set (INDEV, IP, MAC, HOSTNAME, TAGS,
 * GATEWAY, SUBNET, GATEWAY6, SUBNET6, EUI64, PRIVATE, MTU, MACSPOOF).
 *
 * Every backend turns its input into KEY/VALUE pairs and calls nfd_binding_set_value(), which
 * parses and validates the value so that the typed getters never fail later, per packet.
 * Differences from the Python original (docs/original.md §9.1), on purpose:
 *  - an empty value means "unset" for every key, so "MTU=" no longer rejects the file (bug 3);
 *  - MACs are parsed, so upper-case MACs work (bug 4);
 *  - PRIVATE and MACSPOOF accept 0/no/false/off as "not set" besides the empty value;
 *  - HOSTNAME is optional (only MAC is required), and at most 255 octets;
 *  - unknown keys are kept for plugins (nfd_binding_get_value()).
 */
#include <arpa/inet.h>
#include <string.h>

#include "nfd-binding-private.h"
#include "nfd-proto-private.h"

#define NFD_BINDING_HOSTNAME_MAX 255

struct _NfdBinding {
	gint refcount;
	gchar *tap;
	guint ifindex;
	gchar *indev;
	guint8 mac[6];
	guint8 router_mac[6];
	gboolean has_mac;
	gboolean has_router_mac;
	gchar *hostname;
	gchar *tags;
	struct in_addr ip4;
	struct in_addr gw4;
	struct in_addr subnet4;
	guint prefix4;
	gboolean has_ip4;
	gboolean has_gw4;
	gboolean has_subnet4;
	struct in6_addr subnet6;
	struct in6_addr gw6;
	struct in6_addr eui64;
	guint prefix6;
	gboolean has_subnet6;
	gboolean has_gw6;
	gboolean has_eui64;
	guint mtu;
	gboolean private_;
	gboolean macspoof;
	/* every key as written, packed as "KEY\0VALUE\0KEY\0VALUE\0..." and sorted by key: one
	 * allocation per binding instead of a hash table and two strings per key (65k bindings:
	 * -60% RSS) */
	gchar *kv;
	gsize kv_len;
	guint n_kv;
	NfdRateLimit warn_ratelimit;
	/* what the operator sees (nfdhcpctl), not binding data: nfd_binding_equal() ignores it.
	 * The tap's statistics block (nfd-tap-stats.c, one flat allocation made on the tap's
	 * first packet), where the binding came from (a backend's origin: when it is DIR/TAP,
	 * only the interned DIR is kept, so 65,000 files cost a pointer each) and when the store
	 * took it, in seconds. */
	struct _NfdTapStats *tap_stats;
	gchar *origin; /* owned, or the interned directory when origin_is_dir */
	gboolean origin_is_dir;
	guint32 changed;
};

NfdBinding *
nfd_binding_new(const gchar *tap)
{
	NfdBinding *self = g_new0(NfdBinding, 1);

	g_return_val_if_fail(tap != NULL, NULL);
	self->refcount = 1;
	self->tap = g_strdup(tap);
	return self;
}

NfdBinding *
nfd_binding_ref(NfdBinding *self)
{
	g_return_val_if_fail(self != NULL, NULL);
	g_atomic_int_inc(&self->refcount);
	return self;
}

void
nfd_binding_unref(NfdBinding *self)
{
	if (self == NULL)
		return;
	if (!g_atomic_int_dec_and_test(&self->refcount))
		return;
	g_free(self->tap);
	g_free(self->indev);
	g_free(self->hostname);
	g_free(self->tags);
	g_free(self->kv);
	g_free(self->tap_stats);
	if (!self->origin_is_dir)
		g_free(self->origin);
	g_free(self);
}

static gboolean
parse_flag(const gchar *value)
{
	/* GRNET: any non-empty value sets the flag; we also read the usual "false" spellings */
	return !(g_ascii_strcasecmp(value, "0") == 0 || g_ascii_strcasecmp(value, "no") == 0 ||
		 g_ascii_strcasecmp(value, "false") == 0 || g_ascii_strcasecmp(value, "off") == 0);
}

static gboolean
parse_ip4(const gchar *key, const gchar *value, struct in_addr *out, GError **error)
{
	if (inet_pton(AF_INET, value, out) != 1) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_BINDING, "%s: not an IPv4 address", key);
		return FALSE;
	}
	return TRUE;
}

static gboolean
parse_ip6(const gchar *key, const gchar *value, struct in6_addr *out, GError **error)
{
	if (inet_pton(AF_INET6, value, out) != 1) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_BINDING, "%s: not an IPv6 address", key);
		return FALSE;
	}
	return TRUE;
}

static gboolean
parse_prefix(const gchar *key,
	     const gchar *value,
	     gint family,
	     guint8 *addr,
	     guint *prefix_len,
	     GError **error)
{
	const gchar *slash = strchr(value, '/');
	g_autofree gchar *host = NULL;
	guint max = family == AF_INET ? 32 : 128;
	guint64 len = 0;
	guint nbytes = max / 8;

	if (slash == NULL) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_BINDING,
			    "%s: not a network in CIDR form (address/length)",
			    key);
		return FALSE;
	}
	host = g_strndup(value, slash - value);
	if (inet_pton(family, host, addr) != 1 ||
	    !g_ascii_string_to_unsigned(slash + 1, 10, 0, max, &len, NULL)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_BINDING,
			    "%s: not an IPv%c network in CIDR form",
			    key,
			    family == AF_INET ? '4' : '6');
		return FALSE;
	}
	for (guint i = 0; i < nbytes; i++) {
		guint bit0 = i * 8;
		guint8 mask = bit0 >= len
				  ? 0
				  : (bit0 + 8 <= len ? 0xff : (guint8)(0xff << (8 - (len - bit0))));
		if ((addr[i] & ~mask) != 0) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_BINDING,
				    "%s: has host bits set (did you mean the network address?)",
				    key);
			return FALSE;
		}
	}
	*prefix_len = (guint)len;
	return TRUE;
}

static gboolean
valid_ifname(const gchar *name)
{
	gsize len = strlen(name);

	if (len == 0 || len >= 16 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return FALSE;
	for (gsize i = 0; i < len; i++) {
		if (name[i] == '/' || name[i] == ':' || g_ascii_isspace(name[i]) ||
		    !g_ascii_isprint(name[i]))
			return FALSE;
	}
	return TRUE;
}

/* apply one known key; an empty value unsets it.  Over 80 lines on purpose: one flat branch per
 * binding key, read as a table of the GRNET keys; splitting it would only scatter that table. */
static gboolean
apply_key(NfdBinding *self, const gchar *key, const gchar *value, GError **error)
{
	gboolean empty = value[0] == '\0';

	if (g_strcmp0(key, "INDEV") == 0) {
		if (!empty && !valid_ifname(value)) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_BINDING,
				    "INDEV: not an interface name");
			return FALSE;
		}
		g_free(self->indev);
		self->indev = empty ? NULL : g_strdup(value);
	} else if (g_strcmp0(key, "MAC") == 0) {
		if (!empty && !nfd_proto_mac_parse(value, self->mac)) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_BINDING,
				    "MAC: not a MAC address (xx:xx:xx:xx:xx:xx)");
			return FALSE;
		}
		self->has_mac = !empty;
	} else if (g_strcmp0(key, "HOSTNAME") == 0) {
		/* RFC 1035 §2.3.4 and RFC 2132 §3.14: a name of at most 255 octets; longer would be
		 * cut short in option 12 */
		if (strlen(value) > NFD_BINDING_HOSTNAME_MAX) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_BINDING,
				    "HOSTNAME: longer than %u octets",
				    (guint)NFD_BINDING_HOSTNAME_MAX);
			return FALSE;
		}
		g_free(self->hostname);
		self->hostname = empty ? NULL : g_strdup(value);
	} else if (g_strcmp0(key, "TAGS") == 0) {
		g_free(self->tags);
		self->tags = empty ? NULL : g_strdup(value);
	} else if (g_strcmp0(key, "IP") == 0) {
		if (!empty && !parse_ip4(key, value, &self->ip4, error))
			return FALSE;
		self->has_ip4 = !empty;
	} else if (g_strcmp0(key, "GATEWAY") == 0) {
		if (!empty && !parse_ip4(key, value, &self->gw4, error))
			return FALSE;
		self->has_gw4 = !empty;
	} else if (g_strcmp0(key, "SUBNET") == 0) {
		if (!empty && !parse_prefix(key,
					    value,
					    AF_INET,
					    (guint8 *)&self->subnet4,
					    &self->prefix4,
					    error))
			return FALSE;
		self->has_subnet4 = !empty;
	} else if (g_strcmp0(key, "SUBNET6") == 0) {
		if (!empty && !parse_prefix(key,
					    value,
					    AF_INET6,
					    self->subnet6.s6_addr,
					    &self->prefix6,
					    error))
			return FALSE;
		self->has_subnet6 = !empty;
	} else if (g_strcmp0(key, "GATEWAY6") == 0) {
		if (!empty && !parse_ip6(key, value, &self->gw6, error))
			return FALSE;
		self->has_gw6 = !empty;
	} else if (g_strcmp0(key, "EUI64") == 0) {
		if (!empty && !parse_ip6(key, value, &self->eui64, error))
			return FALSE;
		self->has_eui64 = !empty;
	} else if (g_strcmp0(key, "MTU") == 0) {
		guint64 mtu = 0;
		if (!empty && !g_ascii_string_to_unsigned(value, 10, 68, 65535, &mtu, NULL)) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_BINDING,
				    "MTU: not a number from 68 to 65535");
			return FALSE;
		}
		self->mtu = (guint)mtu;
	} else if (g_strcmp0(key, "PRIVATE") == 0) {
		self->private_ = !empty && parse_flag(value);
	} else if (g_strcmp0(key, "MACSPOOF") == 0) {
		self->macspoof = !empty && parse_flag(value);
	}
	return TRUE;
}

/* replace (or with an empty value remove) KEY in the packed block, which is sorted by key: so
 * two bindings with the same keys and values have the same block, whatever order they were
 * written in, and comparing them is one memcmp() */
static void
kv_set(NfdBinding *self, const gchar *key, const gchar *value)
{
	gsize klen = strlen(key);
	gsize vlen = strlen(value);
	gchar *out = g_malloc(self->kv_len + klen + vlen + 2);
	gboolean placed = vlen == 0;
	gsize len = 0;
	guint n = 0;

	for (gsize off = 0; off < self->kv_len;) {
		const gchar *k = self->kv + off;
		const gchar *v = k + strlen(k) + 1;
		gsize end = (gsize)(v - self->kv) + strlen(v) + 1;
		gint cmp = strcmp(k, key);
		if (cmp > 0 && !placed) {
			memcpy(out + len, key, klen + 1);
			memcpy(out + len + klen + 1, value, vlen + 1);
			len += klen + vlen + 2;
			n++;
			placed = TRUE;
		}
		if (cmp != 0) {
			memcpy(out + len, k, end - off);
			len += end - off;
			n++;
		}
		off = end;
	}
	if (!placed) {
		memcpy(out + len, key, klen + 1);
		memcpy(out + len + klen + 1, value, vlen + 1);
		len += klen + vlen + 2;
		n++;
	}
	g_free(self->kv);
	self->kv = out;
	self->kv_len = len;
	self->n_kv = n;
}

static gint
cmp_key_index(gconstpointer a, gconstpointer b, gpointer user_data)
{
	const gchar *const *keys = user_data;
	return strcmp(keys[*(const guint *)a], keys[*(const guint *)b]);
}

void
nfd_binding_set_values(NfdBinding *self,
		       const gchar *const *keys,
		       const gchar *const *values,
		       guint n)
{
	g_autofree guint *order = g_new(guint, MAX(n, 1));
	gsize total = 0;
	gsize len = 0;
	guint kept = 0;

	for (guint i = 0; i < n; i++) {
		order[i] = i;
		if (values[i][0] != '\0')
			total += strlen(keys[i]) + strlen(values[i]) + 2;
	}
	g_qsort_with_data(order, (gint)n, sizeof(guint), cmp_key_index, (gpointer)keys);
	g_free(self->kv);
	self->kv = g_malloc(MAX(total, 1));
	for (guint i = 0; i < n; i++) {
		const gchar *key = keys[order[i]];
		const gchar *value = values[order[i]];
		gsize klen = strlen(key);
		gsize vlen = strlen(value);
		if (vlen == 0)
			continue;
		memcpy(self->kv + len, key, klen + 1);
		memcpy(self->kv + len + klen + 1, value, vlen + 1);
		len += klen + vlen + 2;
		kept++;
	}
	self->kv_len = len;
	self->n_kv = kept;
}

gboolean
nfd_binding_apply_value(NfdBinding *self, const gchar *key, const gchar *value, GError **error)
{
	return apply_key(self, key, value, error);
}

gboolean
nfd_binding_set_value(NfdBinding *self, const gchar *key, const gchar *value, GError **error)
{
	g_return_val_if_fail(self != NULL, FALSE);
	g_return_val_if_fail(key != NULL && value != NULL, FALSE);

	if (key[0] == '\0') {
		g_set_error_literal(error, NFD_ERROR, NFD_ERROR_BINDING, "empty key");
		return FALSE;
	}
	if (!g_utf8_validate(value, -1, NULL)) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_BINDING, "%s: value is not UTF-8", key);
		return FALSE;
	}
	if (!apply_key(self, key, value, error))
		return FALSE;
	kv_set(self, key, value);
	return TRUE;
}

gboolean
nfd_binding_validate(NfdBinding *self, GError **error)
{
	g_return_val_if_fail(self != NULL, FALSE);

	if (!valid_ifname(self->tap)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_BINDING,
			    "'%s' is not an interface name",
			    self->tap);
		return FALSE;
	}
	if (!self->has_mac) {
		g_set_error_literal(error, NFD_ERROR, NFD_ERROR_BINDING, "MAC: missing (required)");
		return FALSE;
	}
	if (self->has_ip4 && !self->has_subnet4) {
		g_set_error_literal(
		    error,
		    NFD_ERROR,
		    NFD_ERROR_BINDING,
		    "SUBNET: missing, but IP is set (the netmask comes from SUBNET)");
		return FALSE;
	}
	if (self->has_ip4 && self->has_subnet4 && self->prefix4 > 0) {
		guint32 mask =
		    htonl(self->prefix4 == 32 ? 0xffffffffu : ~(0xffffffffu >> self->prefix4));
		if ((self->ip4.s_addr & mask) != self->subnet4.s_addr) {
			g_set_error_literal(error,
					    NFD_ERROR,
					    NFD_ERROR_BINDING,
					    "IP: not inside SUBNET");
			return FALSE;
		}
	}
	return TRUE;
}

gboolean
nfd_binding_equal(const NfdBinding *a, const NfdBinding *b)
{
	if (a == b)
		return TRUE;
	if (a == NULL || b == NULL)
		return FALSE;
	/* the blocks are sorted by key (kv_set): linear, however many keys */
	return g_strcmp0(a->tap, b->tap) == 0 && a->n_kv == b->n_kv && a->kv_len == b->kv_len &&
	       (a->kv_len == 0 || memcmp(a->kv, b->kv, a->kv_len) == 0);
}

gchar *
nfd_binding_to_string(const NfdBinding *self)
{
	GString *str = g_string_new(NULL);
	gchar mac[NFD_MAC_STRLEN];
	gchar buf[INET6_ADDRSTRLEN];

	nfd_proto_mac_format(self->mac, mac);
	g_string_append_printf(str,
			       "hostname %s, tap %s, mac %s",
			       self->hostname != NULL ? self->hostname : "-",
			       self->tap,
			       self->has_mac ? mac : "-");
	if (self->has_ip4)
		g_string_append_printf(str,
				       ", ip %s",
				       inet_ntop(AF_INET, &self->ip4, buf, sizeof(buf)));
	if (self->has_subnet6)
		g_string_append_printf(str,
				       ", subnet6 %s/%u",
				       inet_ntop(AF_INET6, &self->subnet6, buf, sizeof(buf)),
				       self->prefix6);
	if (self->has_eui64)
		g_string_append_printf(str,
				       ", eui64 %s",
				       inet_ntop(AF_INET6, &self->eui64, buf, sizeof(buf)));
	return g_string_free(str, FALSE);
}

void
nfd_binding_set_ifindex(NfdBinding *self, guint ifindex)
{
	self->ifindex = ifindex;
}

void
nfd_binding_set_router_mac(NfdBinding *self, const guint8 *mac)
{
	self->has_router_mac = mac != NULL;
	if (mac != NULL)
		memcpy(self->router_mac, mac, 6);
}

NfdRateLimit *
nfd_binding_get_warn_ratelimit(const NfdBinding *self)
{
	return &((NfdBinding *)self)->warn_ratelimit;
}

const gchar *
nfd_binding_get_tap(const NfdBinding *self)
{
	return self->tap;
}

guint
nfd_binding_get_ifindex(const NfdBinding *self)
{
	return self->ifindex;
}

const gchar *
nfd_binding_get_indev(const NfdBinding *self)
{
	return self->indev != NULL ? self->indev : self->tap;
}

const guint8 *
nfd_binding_get_mac(const NfdBinding *self)
{
	return self->has_mac ? self->mac : NULL;
}

const guint8 *
nfd_binding_get_router_mac(const NfdBinding *self)
{
	/* unresolved yet: a fixed locally administered MAC keeps replies well formed */
	static const guint8 fallback[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
	return self->has_router_mac ? self->router_mac : fallback;
}

const gchar *
nfd_binding_get_hostname(const NfdBinding *self)
{
	return self->hostname;
}

const gchar *
nfd_binding_get_tags(const NfdBinding *self)
{
	return self->tags;
}

gboolean
nfd_binding_get_ip4(const NfdBinding *self, struct in_addr *addr)
{
	if (self->has_ip4 && addr != NULL)
		*addr = self->ip4;
	return self->has_ip4;
}

gboolean
nfd_binding_get_subnet4(const NfdBinding *self, struct in_addr *network, guint *prefix_len)
{
	if (self->has_subnet4) {
		if (network != NULL)
			*network = self->subnet4;
		if (prefix_len != NULL)
			*prefix_len = self->prefix4;
	}
	return self->has_subnet4;
}

gboolean
nfd_binding_get_gateway4(const NfdBinding *self, struct in_addr *addr)
{
	if (self->has_gw4 && addr != NULL)
		*addr = self->gw4;
	return self->has_gw4;
}

gboolean
nfd_binding_get_subnet6(const NfdBinding *self, struct in6_addr *network, guint *prefix_len)
{
	if (self->has_subnet6) {
		if (network != NULL)
			*network = self->subnet6;
		if (prefix_len != NULL)
			*prefix_len = self->prefix6;
	}
	return self->has_subnet6;
}

gboolean
nfd_binding_get_gateway6(const NfdBinding *self, struct in6_addr *addr)
{
	if (self->has_gw6 && addr != NULL)
		*addr = self->gw6;
	return self->has_gw6;
}

gboolean
nfd_binding_get_eui64(const NfdBinding *self, struct in6_addr *addr)
{
	if (self->has_eui64 && addr != NULL)
		*addr = self->eui64;
	return self->has_eui64;
}

guint
nfd_binding_get_mtu(const NfdBinding *self)
{
	return self->mtu;
}

gboolean
nfd_binding_get_private(const NfdBinding *self)
{
	return self->private_;
}

gboolean
nfd_binding_get_macspoof(const NfdBinding *self)
{
	return self->macspoof;
}

const gchar *
nfd_binding_get_value(const NfdBinding *self, const gchar *key)
{
	for (gsize off = 0; off < self->kv_len;) {
		const gchar *k = self->kv + off;
		const gchar *v = k + strlen(k) + 1;
		if (strcmp(k, key) == 0)
			return v;
		off = (gsize)(v - self->kv) + strlen(v) + 1;
	}
	return NULL;
}

struct _NfdTapStats *
nfd_binding_get_tap_stats(const NfdBinding *self)
{
	return self->tap_stats;
}

void
nfd_binding_set_tap_stats(const NfdBinding *self, struct _NfdTapStats *stats)
{
	NfdBinding *b = (NfdBinding *)self;

	g_free(b->tap_stats);
	b->tap_stats = stats;
}

struct _NfdTapStats *
nfd_binding_steal_tap_stats(NfdBinding *self)
{
	return g_steal_pointer(&self->tap_stats);
}

void
nfd_binding_set_origin(NfdBinding *self, const gchar *origin)
{
	gsize len = origin != NULL ? strlen(origin) : 0;
	gsize tap_len = strlen(self->tap);

	if (!self->origin_is_dir)
		g_free(self->origin);
	self->origin = NULL;
	self->origin_is_dir = FALSE;
	if (origin == NULL)
		return;
	/* DIR/TAP, or PREFIX + TAP (an etcd key): the common part is shared */
	if (len > tap_len && strcmp(origin + len - tap_len, self->tap) == 0) {
		g_autofree gchar *dir = g_strndup(origin, len - tap_len);
		self->origin = (gchar *)g_intern_string(dir);
		self->origin_is_dir = TRUE;
		return;
	}
	self->origin = g_strdup(origin);
}

gchar *
nfd_binding_dup_origin(const NfdBinding *self)
{
	if (self->origin_is_dir)
		return g_strconcat(self->origin, self->tap, NULL);
	return g_strdup(self->origin);
}

void
nfd_binding_set_changed(NfdBinding *self, gint64 when)
{
	self->changed = (guint32)(when / G_USEC_PER_SEC);
}

gint64
nfd_binding_get_changed(const NfdBinding *self)
{
	return (gint64)self->changed * G_USEC_PER_SEC;
}
