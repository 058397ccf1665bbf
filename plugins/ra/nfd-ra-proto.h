/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pure Router Solicitation / Router Advertisement code of the ra plugin: RS validation
 * (RFC 4861 §6.1.1), the MAC check and reply addressing of a solicited RA (RFC 7772), and the
 * byte-exact RA builder (RFC 4861 §4.2, §4.6; RFC 4191 §2.2-2.3; RFC 8106 §5; RFC 8781 §4;
 * RFC 8910 §2.3), and the checks of the binding keys it reads.  Nothing here
 * allocates, opens a socket or touches the main loop, so it is unit-tested and fuzzed alone.
 */
#pragma once

#include <netinet/in.h>

#include "nfd-binding.h"
#include "nfd-common.h"

G_BEGIN_DECLS

/* RFC 4861 §10 and §6.2.1 */
#define NFD_RA_MIN_DELAY_BETWEEN_RAS 3
#define NFD_RA_MAX_INITIAL_RTR_ADVERT_INT 16
#define NFD_RA_MAX_RDNSS 16
#define NFD_RA_MAX_ROUTES 16
#define NFD_RA_DNSSL_MAX 256
/* RFC 6980 §5 / RFC 8200 §5: an RA must fit the IPv6 minimum MTU, 1280 - 40 octets */
#define NFD_RA_MAX_LEN 1240
/* RFC 8200 §5: the smallest link MTU IPv6 allows; a smaller MTU option is never sent */
#define NFD_RA_MIN_MTU 1280
/* RFC 4861 §10: MAX_FINAL_RTR_ADVERTISEMENTS, the RAs sent when a tap stops advertising */
#define NFD_RA_MAX_FINAL_RTR_ADVERTISEMENTS 3
/* RFC 8319 §4: the upper bound of MaxRtrAdvInterval and AdvDefaultLifetime (was 1800 / 9000) */
#define NFD_RA_MAX_LIFETIME 65535
/* our bound on a captive-portal URI (RFC 8910 §2.3 has none but the RA's own size): the most
 * one DHCPv4 option 114 can carry, so one URI fits every protocol */
#define NFD_RA_CAPTIVE_PORTAL_MAX 255

typedef enum {
	NFD_RA_MODE_SLAAC,	  /* M0 O0, A1 */
	NFD_RA_MODE_SLAAC_DHCPV6, /* M0 O1, A1: stateless DHCPv6 for DNS etc. */
	NFD_RA_MODE_DHCPV6,	  /* M1 O1, A0: the address comes from DHCPv6 only */
} NfdRaMode;

/* RFC 4191 §2.1: the 2-bit Prf values */
#define NFD_RA_PREF_MEDIUM 0x0
#define NFD_RA_PREF_HIGH 0x1
#define NFD_RA_PREF_LOW 0x3

typedef struct {
	struct in6_addr prefix;
	guint8 len;
	guint8 pref;
} NfdRaRoute;

typedef struct {
	NfdRaMode mode;
	guint min_interval; /* seconds */
	guint max_interval;
	guint router_lifetime;
	guint8 preference;
	guint32 valid_lifetime;
	guint32 preferred_lifetime;
	struct in6_addr rdnss[NFD_RA_MAX_RDNSS];
	guint n_rdnss;
	guint32 rdnss_lifetime;
	guint8 dnssl[NFD_RA_DNSSL_MAX]; /* encoded names (RFC 1035 §3.1), not padded */
	gsize dnssl_len;
	guint32 dnssl_lifetime;
	guint mtu; /* when the binding has none; 0 = no MTU option */
	NfdRaRoute routes[NFD_RA_MAX_ROUTES];
	guint n_routes;
	guint32 route_lifetime;
	guint initial_ras;
	gboolean has_pref64; /* RFC 8781 NAT64 prefix, when the binding has no PREF64 */
	struct in6_addr pref64;
	guint8 pref64_len;
	gchar captive_portal[NFD_RA_CAPTIVE_PORTAL_MAX + 1]; /* RFC 8910, "" = none */
} NfdRaConfig;

typedef enum {
	NFD_RA_FAREWELL_NONE,
	NFD_RA_FAREWELL_STOP,	 /* daemon stops: router lifetime 0 (RFC 4861 §6.2.5) */
	NFD_RA_FAREWELL_REMOVED, /* binding gone: every lifetime 0 */
} NfdRaFarewell;

/* what one RA says about one tap */
typedef struct {
	const guint8 *router_mac;
	NfdRaMode mode;
	gboolean has_prefix;
	struct in6_addr prefix;
	guint prefix_len;
	gboolean has_router_addr; /* GATEWAY6 inside the prefix: RFC 6275 §7.2 R flag */
	struct in6_addr router_addr;
	guint mtu;		   /* 0 = use the config's; below 1280 = no MTU option */
	gboolean no_default_route; /* PRIVATE: router lifetime 0 */
	gboolean has_old_prefix;   /* a prefix the binding lost: PIO with lifetimes 0 */
	struct in6_addr old_prefix;
	guint old_prefix_len;
	gboolean has_pref64; /* binding PREF64, else the config's */
	struct in6_addr pref64;
	guint8 pref64_len;
	const gchar *captive_portal; /* binding CAPTIVE_PORTAL, else the config's; NULL = none */
	NfdRaFarewell farewell;
} NfdRaParams;

/* what is wrong with a binding's RA keys (nfd_ra_binding_check()), to warn about once */
typedef enum {
	NFD_RA_BINDING_OK = 0,
	NFD_RA_BINDING_MTU_TOO_SMALL = 1 << 0,	     /* MTU < 1280: no MTU option */
	NFD_RA_BINDING_BAD_PREF64 = 1 << 1,	     /* PREF64 unusable: the config's is sent */
	NFD_RA_BINDING_BAD_CAPTIVE_PORTAL = 1 << 2,  /* CAPTIVE_PORTAL unusable: the config's */
	NFD_RA_BINDING_PORTAL_DOES_NOT_FIT = 1 << 3, /* the URI would exceed 1240 octets */
} NfdRaBindingProblem;

typedef enum {
	NFD_RA_RS_OK,
	NFD_RA_RS_BAD_HOP_LIMIT,
	NFD_RA_RS_BAD_CHECKSUM,
	NFD_RA_RS_BAD_TYPE,
	NFD_RA_RS_BAD_CODE,
	NFD_RA_RS_TOO_SHORT,
	NFD_RA_RS_BAD_OPTION,
	NFD_RA_RS_SLLA_FROM_UNSPECIFIED,
	NFD_RA_RS_BAD_SOURCE,
} NfdRaRsStatus;

typedef struct {
	gboolean src_unspecified;
	gboolean has_slla;
	guint8 slla[6];
} NfdRaRs;

void
nfd_ra_config_init_defaults(NfdRaConfig *cfg);
gboolean
nfd_ra_mode_parse(const gchar *str, NfdRaMode *out);
gboolean
nfd_ra_preference_parse(const gchar *str, guint8 *out);
gboolean
nfd_ra_route_parse(const gchar *str, NfdRaRoute *out);
gboolean
nfd_ra_config_set_dnssl(NfdRaConfig *cfg, const gchar *const *domains, GError **error);
gboolean
nfd_ra_config_validate(const NfdRaConfig *cfg, GError **error);
gboolean
nfd_ra_pref64_parse(const gchar *str, struct in6_addr *prefix, guint8 *len, GError **error);
gboolean
nfd_ra_captive_portal_check(const gchar *uri, GError **error);

NfdRaRsStatus
nfd_ra_rs_parse(const guint8 *icmp,
		gsize len,
		guint8 hop_limit,
		gboolean checksum_ok,
		const struct in6_addr *src,
		NfdRaRs *out);
const gchar *
nfd_ra_rs_status_to_string(NfdRaRsStatus status);
gboolean
nfd_ra_rs_mac_ok(const NfdRaRs *rs,
		 const guint8 *packet_mac,
		 const guint8 *binding_mac,
		 gboolean macspoof);
gboolean
nfd_ra_rs_reply_dest(const NfdRaRs *rs,
		     const struct in6_addr *src,
		     const guint8 *packet_mac,
		     struct in6_addr *dst,
		     guint8 *dst_mac);
void
nfd_ra_multicast_dest(struct in6_addr *dst, guint8 *dst_mac);

void
nfd_ra_params_from_binding(NfdRaParams *params,
			   const NfdRaConfig *cfg,
			   const NfdBinding *binding,
			   NfdRaFarewell farewell);
gssize
nfd_ra_build(const NfdRaConfig *cfg, const NfdRaParams *params, guint8 *buf, gsize cap);
NfdRaBindingProblem
nfd_ra_binding_check(const NfdRaConfig *cfg, const NfdBinding *binding);

G_END_DECLS
