/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pure DHCPv6 server core of the dhcp6 plugin (RFC 8415): parse one client message,
 * validate it (RFC 8415 §16), decide from the tap's binding what to hand out, and write the
 * Advertise or Reply into a caller-owned buffer.
 *
 * Nothing here opens a socket, touches the main loop or allocates per packet, so the whole
 * protocol is unit-tested over captured frames and fuzzed on its own.  The server holds no
 * lease state: the binding is the lease (the address comes from IP6, EUI64 or SUBNET6 plus the
 * modified EUI-64 of MAC, the delegated prefix from PREFIX6), so Renew, Rebind and Confirm are
 * answered from it directly and a VM keeps its address and prefix across hosts and restarts.
 *
 * NfdDhcp6Config is built once by nfd_dhcp6_config_load() (nfd-dhcp6-config.c, cold path)
 * and only read per packet.
 */
#pragma once

#include <netinet/in.h>

#include "nfd-binding.h"
#include "nfd-common.h"
#include "nfd-config.h"

G_BEGIN_DECLS

/* RFC 8415 §7.2 */
#define NFD_DHCP6_CLIENT_PORT 546
#define NFD_DHCP6_SERVER_PORT 547

/* RFC 8415 §11.1: a DUID is a 2-octet type code plus at most 128 octets */
#define NFD_DHCP6_DUID_MAX 130
#define NFD_DHCP6_SERVERS_MAX 8
#define NFD_DHCP6_DOMAINS_WIRE_MAX 256
/* the captive-portal URI (RFC 8910): the DHCPv4 option 114 limit, so that one value fits the
 * [dhcp4], [dhcp6] and [ra] keys and the CAPTIVE_PORTAL binding key alike */
#define NFD_DHCP6_CAPTIVE_PORTAL_MAX 255

/* RFC 8415 §7.3 message types */
typedef enum {
	NFD_DHCP6_MSG_SOLICIT = 1,
	NFD_DHCP6_MSG_ADVERTISE = 2,
	NFD_DHCP6_MSG_REQUEST = 3,
	NFD_DHCP6_MSG_CONFIRM = 4,
	NFD_DHCP6_MSG_RENEW = 5,
	NFD_DHCP6_MSG_REBIND = 6,
	NFD_DHCP6_MSG_REPLY = 7,
	NFD_DHCP6_MSG_RELEASE = 8,
	NFD_DHCP6_MSG_DECLINE = 9,
	NFD_DHCP6_MSG_RECONFIGURE = 10,
	NFD_DHCP6_MSG_INFORMATION_REQUEST = 11,
	NFD_DHCP6_MSG_RELAY_FORW = 12,
	NFD_DHCP6_MSG_RELAY_REPL = 13,
} NfdDhcp6MsgType;

/* RFC 8415 §21, RFC 3646, RFC 4075, RFC 5908, RFC 8910 option codes */
typedef enum {
	NFD_DHCP6_OPT_CLIENTID = 1,
	NFD_DHCP6_OPT_SERVERID = 2,
	NFD_DHCP6_OPT_IA_NA = 3,
	NFD_DHCP6_OPT_IA_TA = 4,
	NFD_DHCP6_OPT_IAADDR = 5,
	NFD_DHCP6_OPT_ORO = 6,
	NFD_DHCP6_OPT_PREFERENCE = 7,
	NFD_DHCP6_OPT_ELAPSED_TIME = 8,
	NFD_DHCP6_OPT_STATUS_CODE = 13,
	NFD_DHCP6_OPT_RAPID_COMMIT = 14,
	NFD_DHCP6_OPT_DNS_SERVERS = 23,
	NFD_DHCP6_OPT_DOMAIN_LIST = 24,
	NFD_DHCP6_OPT_IA_PD = 25,
	NFD_DHCP6_OPT_IAPREFIX = 26,
	NFD_DHCP6_OPT_SNTP_SERVERS = 31,
	NFD_DHCP6_OPT_INFORMATION_REFRESH_TIME = 32,
	NFD_DHCP6_OPT_NTP_SERVER = 56,
	NFD_DHCP6_OPT_CAPTIVE_PORTAL = 103,
} NfdDhcp6Option;

/* RFC 8415 §21.13 status codes */
typedef enum {
	NFD_DHCP6_STATUS_SUCCESS = 0,
	NFD_DHCP6_STATUS_UNSPEC_FAIL = 1,
	NFD_DHCP6_STATUS_NO_ADDRS_AVAIL = 2,
	NFD_DHCP6_STATUS_NO_BINDING = 3,
	NFD_DHCP6_STATUS_NOT_ON_LINK = 4,
	NFD_DHCP6_STATUS_USE_MULTICAST = 5,
	NFD_DHCP6_STATUS_NO_PREFIX_AVAIL = 6,
} NfdDhcp6Status;

/* DUID types (RFC 8415 §11.2 - §11.5, RFC 6355) */
typedef enum {
	NFD_DHCP6_DUID_LLT = 1,
	NFD_DHCP6_DUID_EN = 2,
	NFD_DHCP6_DUID_LL = 3,
	NFD_DHCP6_DUID_UUID = 4,
} NfdDhcp6DuidType;

/* why a message got no reply, for the plugin's log */
typedef enum {
	NFD_DHCP6_DROP_NONE,
	NFD_DHCP6_DROP_MALFORMED,
	NFD_DHCP6_DROP_NOT_CLIENT_MESSAGE,
	NFD_DHCP6_DROP_MAC_MISMATCH,
	NFD_DHCP6_DROP_NO_CLIENT_ID,
	NFD_DHCP6_DROP_UNEXPECTED_SERVER_ID,
	NFD_DHCP6_DROP_NO_SERVER_ID,
	NFD_DHCP6_DROP_OTHER_SERVER,
	NFD_DHCP6_DROP_IA_IN_INFORMATION_REQUEST,
	NFD_DHCP6_DROP_NOTHING_TO_CONFIRM,
	NFD_DHCP6_DROP_REPLY_TOO_BIG,
	NFD_DHCP6_DROP_UNICAST,
} NfdDhcp6Drop;

/**
 * NfdDhcp6Config:
 *
 * What the server says, identical for every tap.  Lifetimes are in seconds; 0xffffffff is
 * infinity (RFC 8415 §7.7).  @domains_wire holds the configured search list already in RFC
 * 1035 wire form; when @domains_set is FALSE the list is derived per binding from HOSTNAME.
 * @preference 0 sends no Preference option (RFC 8415 §21.8: absent means 0).
 * @captive_portal is the configured RFC 8910 URI (not NUL-terminated on the wire), empty for
 * none; a binding's CAPTIVE_PORTAL key overrides it.
 */
typedef struct {
	guint8 duid[NFD_DHCP6_DUID_MAX];
	gsize duid_len;
	struct in6_addr dns[NFD_DHCP6_SERVERS_MAX];
	guint n_dns;
	struct in6_addr ntp[NFD_DHCP6_SERVERS_MAX];
	guint n_ntp;
	guint8 domains_wire[NFD_DHCP6_DOMAINS_WIRE_MAX];
	gsize domains_wire_len;
	gboolean domains_set;
	guint32 info_refresh_time;
	guint32 preferred_lifetime;
	guint32 valid_lifetime;
	guint32 t1;
	guint32 t2;
	guint8 preference;
	gboolean rapid_commit;
	gboolean duid_mac_check;
	gchar captive_portal[NFD_DHCP6_CAPTIVE_PORTAL_MAX + 1];
	gsize captive_portal_len;
} NfdDhcp6Config;

/**
 * NfdDhcp6Lease:
 *
 * What one binding offers, parsed from its keys without allocating.  @captive_portal points
 * into the binding (CAPTIVE_PORTAL) or the config, @captive_portal_len 0 for none.
 */
typedef struct {
	const guint8 *mac;
	gboolean macspoof;
	const gchar *hostname;
	gboolean has_addr;
	struct in6_addr addr;
	gboolean has_subnet;
	struct in6_addr subnet;
	guint subnet_len;
	gboolean has_prefix;
	struct in6_addr prefix;
	guint prefix_len;
	const gchar *captive_portal;
	gsize captive_portal_len;
	gboolean bad_ip6;
	gboolean bad_prefix6;
	gboolean bad_captive_portal;
} NfdDhcp6Lease;

/**
 * NfdDhcp6Result:
 *
 * What happened to one message, for logging by the caller.
 */
typedef struct {
	guint8 msg_type;
	guint8 reply_type;
	guint32 xid;
	NfdDhcp6Drop drop;
	gboolean addr_assigned;
	gboolean prefix_assigned;
	/* the top-level status sent, or -1 for none */
	gint status;
	gboolean declined;
	struct in6_addr declined_addr;
	/* what addr_assigned and prefix_assigned gave */
	struct in6_addr addr;
	struct in6_addr prefix;
	gboolean bad_ip6;
	gboolean bad_prefix6;
	gboolean bad_captive_portal;
} NfdDhcp6Result;

void
nfd_dhcp6_config_init(NfdDhcp6Config *cfg);
void
nfd_dhcp6_config_set_duid_ll(NfdDhcp6Config *cfg, const guint8 *mac);
gboolean
nfd_dhcp6_config_set_duid_uuid_from_machine_id(NfdDhcp6Config *cfg,
					       const gchar *machine_id,
					       GError **error);
gboolean
nfd_dhcp6_config_set_domains(NfdDhcp6Config *cfg, const gchar *const *domains, GError **error);
gboolean
nfd_dhcp6_config_set_captive_portal(NfdDhcp6Config *cfg, const gchar *uri, GError **error);
gboolean
nfd_dhcp6_captive_portal_is_valid(const gchar *uri, gsize len);
gboolean
nfd_dhcp6_config_check(const NfdDhcp6Config *cfg, GError **error);
extern const gchar *const nfd_dhcp6_config_keys[];
extern const NfdConfigAlias nfd_dhcp6_legacy_keys[];
/* the plugin's counters (nfd_plugin_count()), by index into nfd_dhcp6_counter_names */
typedef enum {
	NFD_DHCP6_COUNTER_RELEASE,
	NFD_DHCP6_COUNTER_DECLINE,
} NfdDhcp6Counter;
extern const gchar *const nfd_dhcp6_counter_names[];
gboolean
nfd_dhcp6_config_load(NfdDhcp6Config *cfg, const NfdConfigSection *section, GError **error);

/* nfd-dhcp6-duid.c: the server DUID kept in the state directory (start, not init) */
#define NFD_DHCP6_DUID_FILE "dhcp6-duid"
gboolean
nfd_dhcp6_duid_parse(const gchar *text, guint8 *duid, gsize *len);
gchar *
nfd_dhcp6_duid_format(const guint8 *duid, gsize len);
gchar *
nfd_dhcp6_duid_load(NfdDhcp6Config *cfg,
		    const gchar *state_dir,
		    const gchar *machine_id_path,
		    gboolean *saved);

gboolean
nfd_dhcp6_lease_from_binding(const NfdDhcp6Config *cfg,
			     const NfdBinding *binding,
			     NfdDhcp6Lease *lease);

NfdVerdict
nfd_dhcp6_handle_message(const NfdDhcp6Config *cfg,
			 const NfdBinding *binding,
			 const guint8 *src_mac,
			 gboolean unicast,
			 const guint8 *msg,
			 gsize len,
			 guint8 *out,
			 gsize cap,
			 gsize *out_len,
			 NfdDhcp6Result *res);

const gchar *
nfd_dhcp6_msg_type_to_string(guint8 msg_type);
const gchar *
nfd_dhcp6_drop_to_string(NfdDhcp6Drop drop);

G_END_DECLS
