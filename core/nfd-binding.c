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
 * Only what was parsed is kept, not the text: nfd_binding_get_value() gives the core's keys
 * back in canonical form (see nfd-binding.h).
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <string.h>

#include "nfd-binding-private.h"
#include "nfd-proto-private.h"
#include "nfd-string-pool.h"

#define NFD_BINDING_HOSTNAME_MAX 255

enum {
	HAS_MAC = 1 << 0,
	HAS_IP4 = 1 << 1,
	HAS_GW4 = 1 << 2,
	HAS_SUBNET4 = 1 << 3,
	HAS_SUBNET6 = 1 << 4,
	HAS_GW6 = 1 << 5,
	HAS_EUI64 = 1 << 6,
	IS_PRIVATE = 1 << 7,
	IS_MACSPOOF = 1 << 8,
	/* INDEV is set and names the tap itself (gnt-networking's routed setup): no string */
	INDEV_IS_TAP = 1 << 9,
};

/* what the VM manager said, in binary: compared with one memcmp(), so no padding (every
 * field is written whole and an unset one is zero) */
typedef struct {
	struct in6_addr subnet6;
	struct in6_addr gw6;
	struct in6_addr eui64;
	struct in_addr ip4;
	struct in_addr gw4;
	struct in_addr subnet4;
	guint16 flags;
	guint16 mtu;
	guint8 prefix4;
	guint8 prefix6;
	guint8 mac[6];
} NfdBindingData;
G_STATIC_ASSERT(sizeof(NfdBindingData) == 3 * 16 + 3 * 4 + 2 + 2 + 1 + 1 + 6);

/* what only some bindings need: the tap's warning limiter (warnings are rare) and the core keys
 * formatted back to text, made on the first nfd_binding_get_value() of one:
 * "KEY\0VALUE\0...\0" */
typedef struct {
	NfdRateLimit warn_ratelimit;
	gchar *formatted;
	/* the other keys (plugins'), pooled: key, value, key, value, ..., NULL, sorted by key so
	 * that equal bindings have equal arrays; NULL when there are none */
	const gchar **extra;
	/* where the binding came from, when that is not DIR/TAP (see origin_dir) */
	gchar *origin;
} NfdBindingSide;

/* The compact binding (issue 16): typed fields in binary, strings from the process's pool
 * (nfd-string-pool.h: a bridge INDEV, TAGS or a ROUTES list shared by many bindings is stored
 * once), the tap name inline, and no copy of the text: 168 bytes plus the hostname, where
 * keeping the text cost about 800 (issue 16's measure: 65,000 bindings in 24 MiB). */
struct _NfdBinding {
	/* first, so that a binding is also its tap name: the store's by-tap set is keyed by the
	 * binding itself and looked up with a plain name */
	gchar tap[IFNAMSIZ];
	gint refcount;
	guint ifindex;
	/* the store's full listing that last named this tap (nfd-binding-store.c) */
	guint listing;
	/* when the store took it, in seconds (for the operator, not binding data) */
	guint32 changed;
	guint8 router_mac[6];
	guint8 has_router_mac : 1;
	guint8 has_tail : 1;	    /* tail[] exists: tail[0] is its room for a hostname */
	guint8 hostname_inline : 1; /* hostname points into tail[] */
	/* where the binding came from when it is DIR/TAP (a file, an etcd key): DIR's index in
	 * origin_dirs + 1, so 65,000 files cost a byte each; 0 otherwise */
	guint8 origin_dir;
	NfdBindingData d;
	/* pooled strings (shared by many bindings), NULL when not set */
	const gchar *indev;
	const gchar *tags;
	/* a copy: a VM's name is its own, and pooling a string no other binding has costs a pool
	 * slot and a count on top of the copy (40 bytes a binding at 65,000) */
	gchar *hostname;
	/* what only some bindings ever need, made when first needed: plugin keys, the warning
	 * limiter, a cache */
	NfdBindingSide *side;
	/* what the operator sees (nfdhcpctl), not binding data: nfd_binding_equal() ignores it.
	 * The tap's statistics block (nfd-tap-stats.c, one flat allocation made on the tap's
	 * first packet). */
	struct _NfdTapStats *tap_stats;
	/* a parsed text's hostname, in the binding's own allocation (nfd_binding_new_with_room()):
	 * a 24-character name costs no chunk of its own */
	gchar tail[];
};
/* 152 bytes (and the hostname), which malloc() serves from 16-byte steps: every field added
 * costs 16 bytes a binding (1 MiB at 65,000) */
G_STATIC_ASSERT(sizeof(gpointer) != 8 || sizeof(struct _NfdBinding) == 152);
G_STATIC_ASSERT(G_STRUCT_OFFSET(NfdBinding, tap) == 0);

static NfdBindingSide *
get_side(const NfdBinding *self)
{
	NfdBinding *mutable_self = (NfdBinding *)self;

	/* log state and a cache, not binding data: reached through const bindings */
	if (self->side == NULL)
		mutable_self->side = g_new0(NfdBindingSide, 1);
	return self->side;
}

static const gchar **
extra_of(const NfdBinding *self)
{
	return self->side != NULL ? self->side->extra : NULL;
}

static void
extra_free(const gchar **extra)
{
	for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
		nfd_string_pool_unref(extra[i]);
	g_free(extra);
}

NfdBinding *
nfd_binding_new(const gchar *tap)
{
	return nfd_binding_new_with_room(tap, 0);
}

NfdBinding *
nfd_binding_new_with_room(const gchar *tap, gsize hostname_len)
{
	NfdBinding *self;

	g_return_val_if_fail(tap != NULL, NULL);
	if (hostname_len > NFD_BINDING_HOSTNAME_MAX)
		hostname_len = 0;
	self = g_malloc0(sizeof(NfdBinding) + (hostname_len > 0 ? hostname_len + 2 : 0));
	self->refcount = 1;
	if (hostname_len > 0) {
		self->has_tail = TRUE;
		self->tail[0] = (gchar)(guint8)hostname_len;
	}
	/* a longer name fails nfd_binding_validate(): keep a marker that cannot be a name */
	if (strlen(tap) < sizeof(self->tap))
		memcpy(self->tap, tap, strlen(tap) + 1);
	else
		g_snprintf(self->tap, sizeof(self->tap), "/%.11s...", tap);
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
	nfd_string_pool_unref(self->indev);
	if (!self->hostname_inline)
		g_free(self->hostname);
	nfd_string_pool_unref(self->tags);
	if (self->side != NULL) {
		extra_free(self->side->extra);
		g_free(self->side->formatted);
		g_free(self->side->origin);
		g_free(self->side);
	}
	g_free(self->tap_stats);
	g_free(self);
}

/* replaces a pooled string field; "" unsets */
static void
set_pooled(const gchar **field, const gchar *value)
{
	const gchar *old = *field;

	*field = value[0] != '\0' ? nfd_string_pool_ref(value) : NULL;
	nfd_string_pool_unref(old);
}

/* in the tail when it has room, else a copy */
static void
set_hostname(NfdBinding *self, const gchar *value)
{
	gsize len = value != NULL ? strlen(value) : 0;

	if (!self->hostname_inline)
		g_free(self->hostname);
	self->hostname = NULL;
	self->hostname_inline = FALSE;
	if (value == NULL)
		return;
	if (self->has_tail && len <= (guint8)self->tail[0]) {
		memcpy(self->tail + 1, value, len + 1);
		self->hostname = self->tail + 1;
		self->hostname_inline = TRUE;
		return;
	}
	self->hostname = g_strdup(value);
}

static void
set_flag(NfdBinding *self, guint flag, gboolean on)
{
	self->d.flags = on ? (self->d.flags | flag) : (self->d.flags & ~flag);
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
	gchar host[INET6_ADDRSTRLEN];
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
	if ((gsize)(slash - value) >= sizeof(host)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_BINDING,
			    "%s: not an IPv%c network in CIDR form",
			    key,
			    family == AF_INET ? '4' : '6');
		return FALSE;
	}
	memcpy(host, value, (gsize)(slash - value));
	host[slash - value] = '\0';
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

typedef enum {
	KEY_OTHER,
	KEY_INDEV,
	KEY_IP,
	KEY_MAC,
	KEY_HOSTNAME,
	KEY_TAGS,
	KEY_GATEWAY,
	KEY_SUBNET,
	KEY_GATEWAY6,
	KEY_SUBNET6,
	KEY_EUI64,
	KEY_PRIVATE,
	KEY_MTU,
	KEY_MACSPOOF,
} NfdBindingKey;

/* which core key @key is: by its first letter, then one strcmp() (parsing 65,000 files spent a
 * fifth of its time comparing keys one after the other) */
static NfdBindingKey
core_key_of(const gchar *key)
{
	static const struct {
		const gchar *name;
		NfdBindingKey key;
	} keys[] = {
	    {"EUI64", KEY_EUI64},
	    {"GATEWAY", KEY_GATEWAY},
	    {"GATEWAY6", KEY_GATEWAY6},
	    {"HOSTNAME", KEY_HOSTNAME},
	    {"INDEV", KEY_INDEV},
	    {"IP", KEY_IP},
	    {"MAC", KEY_MAC},
	    {"MACSPOOF", KEY_MACSPOOF},
	    {"MTU", KEY_MTU},
	    {"PRIVATE", KEY_PRIVATE},
	    {"SUBNET", KEY_SUBNET},
	    {"SUBNET6", KEY_SUBNET6},
	    {"TAGS", KEY_TAGS},
	};

	for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
		if (keys[i].name[0] == key[0] && strcmp(keys[i].name, key) == 0)
			return keys[i].key;
	}
	return KEY_OTHER;
}

/* apply one known key; an empty value unsets it; TRUE and nothing done for other keys.  Over
 * 80 lines on purpose: one flat branch per binding key, read as a table of the GRNET keys;
 * splitting it would only scatter that table.  Values are parsed into locals first, so a bad
 * one leaves the binding unchanged. */
static gboolean
apply_key(NfdBinding *self, const gchar *key, const gchar *value, GError **error)
{
	gboolean empty = value[0] == '\0';
	NfdBindingKey which = core_key_of(key);

	if (which == KEY_INDEV) {
		if (!empty && !valid_ifname(value)) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_BINDING,
				    "INDEV: not an interface name");
			return FALSE;
		}
		set_flag(self, INDEV_IS_TAP, !empty && strcmp(value, self->tap) == 0);
		set_pooled(&self->indev, (self->d.flags & INDEV_IS_TAP) ? "" : value);
	} else if (which == KEY_MAC) {
		guint8 mac[6] = {0};
		if (!empty && !nfd_proto_mac_parse(value, mac)) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_BINDING,
				    "MAC: not a MAC address (xx:xx:xx:xx:xx:xx)");
			return FALSE;
		}
		memcpy(self->d.mac, mac, 6);
		set_flag(self, HAS_MAC, !empty);
	} else if (which == KEY_HOSTNAME) {
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
		set_hostname(self, empty ? NULL : value);
	} else if (which == KEY_TAGS) {
		set_pooled(&self->tags, value);
	} else if (which == KEY_IP || which == KEY_GATEWAY) {
		gboolean ip = which == KEY_IP;
		struct in_addr a = {0};
		if (!empty && !parse_ip4(key, value, &a, error))
			return FALSE;
		*(ip ? &self->d.ip4 : &self->d.gw4) = a;
		set_flag(self, ip ? HAS_IP4 : HAS_GW4, !empty);
	} else if (which == KEY_SUBNET) {
		struct in_addr a = {0};
		guint len = 0;
		if (!empty && !parse_prefix(key, value, AF_INET, (guint8 *)&a, &len, error))
			return FALSE;
		self->d.subnet4 = a;
		self->d.prefix4 = (guint8)len;
		set_flag(self, HAS_SUBNET4, !empty);
	} else if (which == KEY_SUBNET6) {
		struct in6_addr a = IN6ADDR_ANY_INIT;
		guint len = 0;
		if (!empty && !parse_prefix(key, value, AF_INET6, a.s6_addr, &len, error))
			return FALSE;
		self->d.subnet6 = a;
		self->d.prefix6 = (guint8)len;
		set_flag(self, HAS_SUBNET6, !empty);
	} else if (which == KEY_GATEWAY6 || which == KEY_EUI64) {
		gboolean gw = which == KEY_GATEWAY6;
		struct in6_addr a = IN6ADDR_ANY_INIT;
		if (!empty && !parse_ip6(key, value, &a, error))
			return FALSE;
		*(gw ? &self->d.gw6 : &self->d.eui64) = a;
		set_flag(self, gw ? HAS_GW6 : HAS_EUI64, !empty);
	} else if (which == KEY_MTU) {
		guint64 mtu = 0;
		if (!empty && !g_ascii_string_to_unsigned(value, 10, 68, 65535, &mtu, NULL)) {
			g_set_error(error,
				    NFD_ERROR,
				    NFD_ERROR_BINDING,
				    "MTU: not a number from 68 to 65535");
			return FALSE;
		}
		self->d.mtu = (guint16)mtu;
	} else if (which == KEY_PRIVATE) {
		set_flag(self, IS_PRIVATE, !empty && parse_flag(value));
	} else if (which == KEY_MACSPOOF) {
		set_flag(self, IS_MACSPOOF, !empty && parse_flag(value));
	} else {
		return TRUE;
	}
	if (self->side != NULL)
		g_clear_pointer(&self->side->formatted, g_free);
	return TRUE;
}

static gboolean
is_core_key(const gchar *key)
{
	return core_key_of(key) != KEY_OTHER;
}

static guint
extra_len(const gchar *const *extra)
{
	guint n = 0;
	while (extra != NULL && extra[n] != NULL)
		n += 2;
	return n;
}

/* replace (or with an empty value remove) a plugin KEY in the sorted extra array, so that two
 * bindings with the same keys and values have the same array, whatever order they were
 * written in */
static void
extra_set(NfdBinding *self, const gchar *key, const gchar *value)
{
	const gchar **extra = extra_of(self);
	guint n = extra_len(extra);
	const gchar **out = g_new(const gchar *, n + 3);
	gboolean placed = value[0] == '\0';
	guint len = 0;

	for (guint i = 0; i < n; i += 2) {
		gint cmp = strcmp(extra[i], key);
		if (cmp > 0 && !placed) {
			out[len++] = nfd_string_pool_ref(key);
			out[len++] = nfd_string_pool_ref(value);
			placed = TRUE;
		}
		if (cmp == 0) {
			nfd_string_pool_unref(extra[i]);
			nfd_string_pool_unref(extra[i + 1]);
			continue;
		}
		out[len++] = extra[i];
		out[len++] = extra[i + 1];
	}
	if (!placed) {
		out[len++] = nfd_string_pool_ref(key);
		out[len++] = nfd_string_pool_ref(value);
	}
	out[len] = NULL;
	g_free(extra);
	if (len == 0) {
		g_free(out);
		out = NULL;
	}
	if (out != NULL || self->side != NULL)
		get_side(self)->extra = out;
}

static gint
cmp_key_index(gconstpointer a, gconstpointer b, gpointer user_data)
{
	const gchar *const *keys = user_data;
	return strcmp(keys[*(const guint *)a], keys[*(const guint *)b]);
}

/* the parser's second half: the plugin keys of one text, unique, at once (the core keys were
 * applied one by one by nfd_binding_apply_value()) */
void
nfd_binding_set_values(NfdBinding *self,
		       const gchar *const *keys,
		       const gchar *const *values,
		       guint n)
{
	guint order[NFD_BINDING_KEYS_MAX];
	const gchar **extra;
	guint kept = 0;

	g_return_if_fail(n <= NFD_BINDING_KEYS_MAX);
	guint len = 0;

	for (guint i = 0; i < n; i++) {
		if (values[i][0] != '\0' && !is_core_key(keys[i]))
			order[kept++] = i;
	}
	if (self->side != NULL)
		g_clear_pointer(&self->side->extra, extra_free);
	if (kept == 0)
		return;
	g_qsort_with_data(order, (gint)kept, sizeof(guint), cmp_key_index, (gpointer)keys);
	extra = g_new(const gchar *, 2 * kept + 1);
	for (guint i = 0; i < kept; i++) {
		extra[len++] = nfd_string_pool_ref(keys[order[i]]);
		extra[len++] = nfd_string_pool_ref(values[order[i]]);
	}
	extra[len] = NULL;
	get_side(self)->extra = extra;
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
	if (!is_core_key(key))
		extra_set(self, key, value);
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
			    self->tap[0] == '/' ? self->tap + 1 : self->tap);
		return FALSE;
	}
	if (!(self->d.flags & HAS_MAC)) {
		g_set_error_literal(error, NFD_ERROR, NFD_ERROR_BINDING, "MAC: missing (required)");
		return FALSE;
	}
	if ((self->d.flags & HAS_IP4) && !(self->d.flags & HAS_SUBNET4)) {
		g_set_error_literal(
		    error,
		    NFD_ERROR,
		    NFD_ERROR_BINDING,
		    "SUBNET: missing, but IP is set (the netmask comes from SUBNET)");
		return FALSE;
	}
	if ((self->d.flags & HAS_IP4) && self->d.prefix4 > 0) {
		guint32 mask =
		    htonl(self->d.prefix4 == 32 ? 0xffffffffu : ~(0xffffffffu >> self->d.prefix4));
		if ((self->d.ip4.s_addr & mask) != self->d.subnet4.s_addr) {
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
	guint n;

	if (a == b)
		return TRUE;
	if (a == NULL || b == NULL)
		return FALSE;
	/* strings are pooled: equal exactly when the pointers are */
	if (strcmp(a->tap, b->tap) != 0 || memcmp(&a->d, &b->d, sizeof(a->d)) != 0 ||
	    a->indev != b->indev || a->tags != b->tags || g_strcmp0(a->hostname, b->hostname) != 0)
		return FALSE;
	n = extra_len(extra_of(a));
	if (n != extra_len(extra_of(b)))
		return FALSE;
	return n == 0 || memcmp(extra_of(a), extra_of(b), n * sizeof(gchar *)) == 0;
}

gchar *
nfd_binding_to_string(const NfdBinding *self)
{
	GString *str = g_string_new(NULL);
	gchar mac[NFD_MAC_STRLEN];
	gchar buf[INET6_ADDRSTRLEN];

	nfd_proto_mac_format(self->d.mac, mac);
	g_string_append_printf(str,
			       "hostname %s, tap %s, mac %s",
			       self->hostname != NULL ? self->hostname : "-",
			       self->tap,
			       (self->d.flags & HAS_MAC) ? mac : "-");
	if (self->d.flags & HAS_IP4)
		g_string_append_printf(str,
				       ", ip %s",
				       inet_ntop(AF_INET, &self->d.ip4, buf, sizeof(buf)));
	if (self->d.flags & HAS_SUBNET6)
		g_string_append_printf(str,
				       ", subnet6 %s/%u",
				       inet_ntop(AF_INET6, &self->d.subnet6, buf, sizeof(buf)),
				       self->d.prefix6);
	if (self->d.flags & HAS_EUI64)
		g_string_append_printf(str,
				       ", eui64 %s",
				       inet_ntop(AF_INET6, &self->d.eui64, buf, sizeof(buf)));
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

guint
nfd_binding_get_listing(const NfdBinding *self)
{
	return self->listing;
}

void
nfd_binding_set_listing(NfdBinding *self, guint listing)
{
	self->listing = listing;
}

NfdRateLimit *
nfd_binding_get_warn_ratelimit(const NfdBinding *self)
{
	return &get_side(self)->warn_ratelimit;
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
	return (self->d.flags & HAS_MAC) ? self->d.mac : NULL;
}

const NfdBinding *
nfd_binding_of_mac(const guint8 *mac)
{
	return (const NfdBinding *)(gconstpointer)((const gchar *)mac -
						   G_STRUCT_OFFSET(NfdBinding, d.mac));
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
	gboolean set = (self->d.flags & HAS_IP4) != 0;
	if (set && addr != NULL)
		*addr = self->d.ip4;
	return set;
}

gboolean
nfd_binding_get_subnet4(const NfdBinding *self, struct in_addr *network, guint *prefix_len)
{
	gboolean set = (self->d.flags & HAS_SUBNET4) != 0;
	if (set) {
		if (network != NULL)
			*network = self->d.subnet4;
		if (prefix_len != NULL)
			*prefix_len = self->d.prefix4;
	}
	return set;
}

gboolean
nfd_binding_get_gateway4(const NfdBinding *self, struct in_addr *addr)
{
	gboolean set = (self->d.flags & HAS_GW4) != 0;
	if (set && addr != NULL)
		*addr = self->d.gw4;
	return set;
}

gboolean
nfd_binding_get_subnet6(const NfdBinding *self, struct in6_addr *network, guint *prefix_len)
{
	gboolean set = (self->d.flags & HAS_SUBNET6) != 0;
	if (set) {
		if (network != NULL)
			*network = self->d.subnet6;
		if (prefix_len != NULL)
			*prefix_len = self->d.prefix6;
	}
	return set;
}

gboolean
nfd_binding_get_gateway6(const NfdBinding *self, struct in6_addr *addr)
{
	gboolean set = (self->d.flags & HAS_GW6) != 0;
	if (set && addr != NULL)
		*addr = self->d.gw6;
	return set;
}

gboolean
nfd_binding_get_eui64(const NfdBinding *self, struct in6_addr *addr)
{
	gboolean set = (self->d.flags & HAS_EUI64) != 0;
	if (set && addr != NULL)
		*addr = self->d.eui64;
	return set;
}

guint
nfd_binding_get_mtu(const NfdBinding *self)
{
	return self->d.mtu;
}

gboolean
nfd_binding_get_private(const NfdBinding *self)
{
	return (self->d.flags & IS_PRIVATE) != 0;
}

gboolean
nfd_binding_get_macspoof(const NfdBinding *self)
{
	return (self->d.flags & IS_MACSPOOF) != 0;
}

static void
append_kv(GString *out, const gchar *key, const gchar *value)
{
	g_string_append(out, key);
	g_string_append_c(out, '\0');
	g_string_append(out, value);
	g_string_append_c(out, '\0');
}

static void
append_prefix(GString *out, const gchar *key, gint family, const void *addr, guint len)
{
	gchar buf[INET6_ADDRSTRLEN];
	g_autofree gchar *v =
	    g_strdup_printf("%s/%u", inet_ntop(family, addr, buf, sizeof(buf)), len);
	append_kv(out, key, v);
}

/* the binary keys back to text, in canonical form (what nfd_binding_get_value() returns) */
static gchar *
format_core_keys(const NfdBinding *self)
{
	GString *out = g_string_new(NULL);
	const NfdBindingData *d = &self->d;
	gchar buf[INET6_ADDRSTRLEN];
	gchar mac[NFD_MAC_STRLEN];

	if (d->flags & HAS_MAC) {
		nfd_proto_mac_format(d->mac, mac);
		append_kv(out, "MAC", mac);
	}
	if (d->flags & HAS_IP4)
		append_kv(out, "IP", inet_ntop(AF_INET, &d->ip4, buf, sizeof(buf)));
	if (d->flags & HAS_GW4)
		append_kv(out, "GATEWAY", inet_ntop(AF_INET, &d->gw4, buf, sizeof(buf)));
	if (d->flags & HAS_SUBNET4)
		append_prefix(out, "SUBNET", AF_INET, &d->subnet4, d->prefix4);
	if (d->flags & HAS_SUBNET6)
		append_prefix(out, "SUBNET6", AF_INET6, &d->subnet6, d->prefix6);
	if (d->flags & HAS_GW6)
		append_kv(out, "GATEWAY6", inet_ntop(AF_INET6, &d->gw6, buf, sizeof(buf)));
	if (d->flags & HAS_EUI64)
		append_kv(out, "EUI64", inet_ntop(AF_INET6, &d->eui64, buf, sizeof(buf)));
	if (d->mtu != 0) {
		g_snprintf(buf, sizeof(buf), "%u", (guint)d->mtu);
		append_kv(out, "MTU", buf);
	}
	if (d->flags & IS_PRIVATE)
		append_kv(out, "PRIVATE", "1");
	if (d->flags & IS_MACSPOOF)
		append_kv(out, "MACSPOOF", "1");
	g_string_append_c(out, '\0');
	return g_string_free(out, FALSE);
}

const gchar *
nfd_binding_get_value(const NfdBinding *self, const gchar *key)
{
	NfdBindingSide *side;

	const gchar **extra = extra_of(self);

	for (guint i = 0; extra != NULL && extra[i] != NULL; i += 2) {
		if (strcmp(extra[i], key) == 0)
			return extra[i + 1];
	}
	if (strcmp(key, "HOSTNAME") == 0)
		return self->hostname;
	if (strcmp(key, "TAGS") == 0)
		return self->tags;
	if (strcmp(key, "INDEV") == 0)
		return (self->d.flags & INDEV_IS_TAP) ? self->tap : self->indev;
	if (!is_core_key(key))
		return NULL;
	/* a cache, not binding data: made once, on the first ask, and kept with the binding */
	side = get_side(self);
	if (side->formatted == NULL)
		side->formatted = format_core_keys(self);
	for (const gchar *k = side->formatted; *k != '\0';) {
		const gchar *v = k + strlen(k) + 1;
		if (strcmp(k, key) == 0)
			return v;
		k = v + strlen(v) + 1;
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

/* the directories bindings came from (DIR of DIR/TAP): a handful in practice */
static GPtrArray *origin_dirs;

void
nfd_binding_set_origin(NfdBinding *self, const gchar *origin)
{
	gsize len = origin != NULL ? strlen(origin) : 0;
	gsize tap_len = strlen(self->tap);

	self->origin_dir = 0;
	if (self->side != NULL)
		g_clear_pointer(&self->side->origin, g_free);
	if (origin == NULL)
		return;
	/* DIR/TAP, or PREFIX + TAP (an etcd key): the common part is shared */
	if (len > tap_len && strcmp(origin + len - tap_len, self->tap) == 0) {
		g_autofree gchar *dir = g_strndup(origin, len - tap_len);
		const gchar *interned = g_intern_string(dir);
		guint i;

		if (origin_dirs == NULL)
			origin_dirs = g_ptr_array_new();
		for (i = 0; i < origin_dirs->len; i++) {
			if (g_ptr_array_index(origin_dirs, i) == interned)
				break;
		}
		if (i == origin_dirs->len && i < G_MAXUINT8)
			g_ptr_array_add(origin_dirs, (gpointer)interned);
		if (i < G_MAXUINT8) {
			self->origin_dir = (guint8)(i + 1);
			return;
		}
	}
	get_side(self)->origin = g_strdup(origin);
}

gchar *
nfd_binding_dup_origin(const NfdBinding *self)
{
	if (self->origin_dir != 0)
		return g_strconcat(g_ptr_array_index(origin_dirs, self->origin_dir - 1),
				   self->tap,
				   NULL);
	return g_strdup(self->side != NULL ? self->side->origin : NULL);
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
