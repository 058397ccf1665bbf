/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pure half of the DHCPv4 responder: the parsed [dhcp4] configuration, and one call,
 * nfd_dhcp4_handle(), that parses a client's BOOTREQUEST, decides what to answer for a tap's
 * binding (RFC 2131 §4.3), builds the reply's DHCP payload into a caller-provided buffer and
 * says how the frame must be addressed (RFC 2131 §4.1).  No sockets, no main loop, and no
 * allocation per packet, so the plugin, the unit tests and the fuzz target all run exactly
 * this code.
 */
#pragma once

#include <netinet/in.h>

#include "nfd-binding.h"
#include "nfd-common.h"
#include "nfd-config.h"
#include "nfd-fields.h"

G_BEGIN_DECLS

#define NFD_DHCP4_SERVER_PORT 67
#define NFD_DHCP4_CLIENT_PORT 68

/* RFC 2131 §2: fixed BOOTP header (236 octets) plus the magic cookie */
#define NFD_DHCP4_HEADER_LEN 240
/* RFC 2131 §2: a client must accept at least 576-octet IP datagrams: 548 octets of DHCP */
#define NFD_DHCP4_MIN_MESSAGE 548
/* RFC 1542 §3.2.1: pad replies to the BOOTP minimum, some old clients drop shorter ones */
#define NFD_DHCP4_BOOTP_MIN 300

#define NFD_DHCP4_MAX_ADDRS 16
#define NFD_DHCP4_MAX_ROUTES 32
/* routes taken per packet from the binding's ROUTES key */
#define NFD_DHCP4_MAX_BINDING_ROUTES 16
#define NFD_DHCP4_MAX_SEARCH 1024
/* RFC 8910 §2.1: a captive-portal URI longer than one option is not sent over DHCPv4 */
#define NFD_DHCP4_MAX_URI 255
/* RFC 2131 §2: BOOTP's file field is 128 octets, NUL-terminated */
#define NFD_DHCP4_MAX_BOOT_FILE 127

/* RFC 4702 §2.1: the flags of the Client FQDN option (81) */
#define NFD_DHCP4_FQDN_S 0x01
#define NFD_DHCP4_FQDN_O 0x02
#define NFD_DHCP4_FQDN_E 0x04
#define NFD_DHCP4_FQDN_N 0x08

/* binding keys that were set but unusable for one reply: the entry file logs them */
typedef enum {
	NFD_DHCP4_BAD_ROUTES = 1 << 0,
	NFD_DHCP4_BAD_IPV6_ONLY_PREFERRED = 1 << 1,
	NFD_DHCP4_BAD_CAPTIVE_PORTAL = 1 << 2,
} NfdDhcp4BadKey;

/* RFC 2132 §9.6 message types */
typedef enum {
	NFD_DHCP4_DISCOVER = 1,
	NFD_DHCP4_OFFER = 2,
	NFD_DHCP4_REQUEST = 3,
	NFD_DHCP4_DECLINE = 4,
	NFD_DHCP4_ACK = 5,
	NFD_DHCP4_NAK = 6,
	NFD_DHCP4_RELEASE = 7,
	NFD_DHCP4_INFORM = 8,
} NfdDhcp4MessageType;

/* why nfd_dhcp4_handle() decided what it did, for logs and counters */
typedef enum {
	NFD_DHCP4_REASON_REPLY,
	NFD_DHCP4_REASON_MALFORMED,
	NFD_DHCP4_REASON_NOT_ETHERNET,
	NFD_DHCP4_REASON_BOOTP,
	NFD_DHCP4_REASON_SPOOFED,
	NFD_DHCP4_REASON_NO_IP,
	NFD_DHCP4_REASON_NO_SERVER_ID,
	NFD_DHCP4_REASON_FOREIGN_SERVER,
	NFD_DHCP4_REASON_RELEASE,
	NFD_DHCP4_REASON_DECLINE,
	NFD_DHCP4_REASON_UNSUPPORTED,
	NFD_DHCP4_REASON_NO_ROOM,
	NFD_DHCP4_REASON_LAST,
} NfdDhcp4Reason;

typedef struct {
	struct in_addr dest;
	guint8 prefix_len;
	struct in_addr gateway;
} NfdDhcp4Route;

typedef struct {
	struct in_addr server_ip;
	gboolean has_server_ip;
	gboolean server_on_link;
	gboolean broadcast_replies;
	guint32 lease_time;
	guint32 renewal_time;
	guint32 rebinding_time;
	guint mtu;
	struct in_addr nameservers[NFD_DHCP4_MAX_ADDRS];
	guint n_nameservers;
	struct in_addr ntp_servers[NFD_DHCP4_MAX_ADDRS];
	guint n_ntp_servers;
	NfdDhcp4Route routes[NFD_DHCP4_MAX_ROUTES];
	guint n_routes;
	/* RFC 3397 option 119 data, encoded (and compressed) once at configuration time */
	guint8 search[NFD_DHCP4_MAX_SEARCH];
	gsize search_len;
	struct in_addr next_server;
	gboolean has_next_server;
	gchar *domain;
	gchar *boot_file;
	gchar *tftp_server;
	/* RFC 8925 V6ONLY_WAIT in seconds, 0 = off */
	guint32 v6only_wait;
	/* RFC 8910 URI, or NULL */
	gchar *captive_portal;
} NfdDhcp4Config;

/* what the handler decided, besides the payload */
typedef struct {
	/* in: where to build the payload */
	guint8 *buf;
	gsize cap;
	/* out */
	gsize len;
	NfdDhcp4Reason reason;
	guint8 request_type;
	guint8 reply_type;
	guint32 xid;
	struct in_addr requested;
	struct in_addr yiaddr; /* the address the reply gives (0 for a NAK or an INFORM) */
	struct in_addr src_ip;
	struct in_addr dst_ip;
	guint16 dst_port;
	guint8 dst_mac[6];
	/* NfdDhcp4BadKey flags: binding keys set but unusable, the entry file logs them */
	guint bad_binding_keys;
	/* options left out because the client's maximum message size was too small */
	guint n_trimmed;
	/* the client's fingerprint: its option 55 list and option 60 vendor class (the start) */
	guint8 prl[64];
	guint8 prl_len;
	guint8 vendor[64];
	guint8 vendor_len;
} NfdDhcp4Reply;

void
nfd_dhcp4_config_init(NfdDhcp4Config *cfg);
void
nfd_dhcp4_config_clear(NfdDhcp4Config *cfg);
gboolean
nfd_dhcp4_config_set_routes(NfdDhcp4Config *cfg, const gchar *const *items, GError **error);
gboolean
nfd_dhcp4_config_set_domain_search(NfdDhcp4Config *cfg, const gchar *const *names, GError **error);
gboolean
nfd_dhcp4_config_set_times(NfdDhcp4Config *cfg,
			   gboolean has_renewal,
			   gboolean has_rebinding,
			   GError **error);
gboolean
nfd_dhcp4_config_check_mtu(const NfdDhcp4Config *cfg, GError **error);
gboolean
nfd_dhcp4_config_check_domain(const NfdDhcp4Config *cfg, GError **error);
gboolean
nfd_dhcp4_config_finish(NfdDhcp4Config *cfg,
			gboolean has_renewal,
			gboolean has_rebinding,
			GError **error);

/* nfd-dhcp4-config.c: the [dhcp4] group (cold path) */
extern const gchar *const nfd_dhcp4_config_keys[];
extern const NfdConfigAlias nfd_dhcp4_legacy_keys[];
/* the counter names, indexed by NfdDhcp4Reason; also the descriptor's reasons (code reason + 1) */
extern const gchar *const nfd_dhcp4_counter_names[];
/* the descriptor's message types: code N is RFC 2132 §9.6 type N */
extern const gchar *const nfd_dhcp4_message_types[];
gboolean
nfd_dhcp4_config_load(NfdDhcp4Config *cfg, const NfdConfigSection *config, GError **error);

gboolean
nfd_dhcp4_route_parse(const gchar *text, gsize len, NfdDhcp4Route *route);
gboolean
nfd_dhcp4_uri_usable(const gchar *uri);

NfdVerdict
nfd_dhcp4_handle(const NfdDhcp4Config *cfg,
		 const NfdBinding *binding,
		 const guint8 *src_mac,
		 const guint8 *msg,
		 gsize len,
		 NfdDhcp4Reply *out);

const gchar *
nfd_dhcp4_reason_to_string(NfdDhcp4Reason reason);
const gchar *
nfd_dhcp4_message_type_to_string(guint8 type);

/* nfd-dhcp4-explain.c: `nfdhcpctl explain` */
gsize
nfd_dhcp4_explain_discover(guint8 *buf,
			   gsize cap,
			   const guint8 *mac,
			   const guint8 *prl,
			   gsize n_prl,
			   guint32 xid);
void
nfd_dhcp4_explain_decode(const guint8 *msg, gsize len, NfdFields *out);
/* the plugin's explain hooks around them (nfd-dhcp4-plugin-explain.c, in the module only) */
gboolean
nfd_dhcp4_plugin_explain_request(NfdPlugin *plugin,
				 const NfdBinding *binding,
				 const guint8 *mac,
				 const guint8 *request_list,
				 gsize request_list_len,
				 NfdReply *request,
				 GError **error);
void
nfd_dhcp4_plugin_explain_decode(NfdPlugin *plugin, const NfdPacket *packet, NfdFields *out);

G_END_DECLS
