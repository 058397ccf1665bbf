/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the DHCPv6 unit tests share: the pieces of expected replies (RFC 8415 §21 option layouts,
 * as hex), the fixture server and binding, and helpers that run one message through
 * nfd_dhcp6_handle_message() and keep the reply as hex.
 *
 * The fixture server is DUID-LL 02:00:00:00:00:01 with DNS 2001:db8::53 and default lifetimes
 * (preferred 3600, valid 7200, T1 1800, T2 2880, preference 0 so no Preference option, rapid
 * commit on, no captive portal); the fixture binding is the lab guest: MAC 52:54:00:00:01:01,
 * HOSTNAME vm1.example.org, SUBNET6 2001:db8:1::/64, EUI64 2001:db8:1::5054:ff:fe00:101 (which is
 * also what SUBNET6 and the MAC give without it), PREFIX6 2001:db8:ff00::/56.
 */
#pragma once

#include "nfd-dhcp6-proto.h"

/* pieces of expected replies, RFC 8415 §21 option layouts */
#define SID        \
	"0002000a" \
	"00030001020000000001"
#define DNS        \
	"00170010" \
	"20010db8000000000000000000000053"
#define DOM                \
	"0018000d"         \
	"076578616d706c65" \
	"036f7267"         \
	"00"
#define IRT        \
	"00200004" \
	"00015180"
#define PREF       \
	"00070001" \
	"ff"
#define RAPID "000e0000"
#define EUI "20010db800010000505400fffe000101"
#define PFX "20010db8ff0000000000000000000000"
#define IAADDR_OK                 \
	"00050018" EUI "00000e10" \
	"00001c20"
#define IA_NA_OK   \
	"00030028" \
	"00000101" \
	"00000708" \
	"00000b40" IAADDR_OK
#define IA_PD_OK   \
	"00190029" \
	"00000101" \
	"00000708" \
	"00000b40" \
	"001a0019" \
	"00000e10" \
	"00001c20" \
	"38" PFX
#define ST_SUCCESS \
	"000d0009" \
	"0000"     \
	"73756363657373"
/* "no address for this VM", "no prefix for this VM", "not on link", "use multicast" */
#define ST_NOADDRS \
	"000d0018" \
	"0002"     \
	"6e6f206164647265737320666f72207468697320564d"
#define ST_NOPREFIX \
	"000d0017"  \
	"0006"      \
	"6e6f2070726566697820666f72207468697320564d"
#define ST_NOTONLINK \
	"000d000d"   \
	"0004"       \
	"6e6f74206f6e206c696e6b"
#define ST_USEMULTICAST \
	"000d000f"      \
	"0005"          \
	"757365206d756c746963617374"
/* an off-link address a client names (2001:db8:99::5), and it returned with lifetimes 0 */
#define HINT "20010db8009900000000000000000005"
#define IAADDR_HINT0               \
	"00050018" HINT "00000000" \
	"00000000"
/* IA_NA with IAID 1 (dhcpcd's) and the binding's address */
#define IA_NA1_OK  \
	"00030028" \
	"00000001" \
	"00000708" \
	"00000b40" IAADDR_OK
/* the captive-portal URI configured in the tests, as option 103 (RFC 8910 §2.2) */
#define PORTAL "https://portal.example.org/capport"
#define OPT_PORTAL                                                       \
	"00670022"                                                       \
	"68747470733a2f2f706f7274616c2e6578616d706c652e6f72672f63617070" \
	"6f7274"
/* the DUID-LLT client ids of the dhcpcd captures (tests/data/README.md) */
#define CID_HINT   \
	"0001000e" \
	"00010001329dfe14525400000101"
#define CID_RAPID  \
	"0001000e" \
	"00010001329dfe16525400000101"
#define CID_REBIND \
	"0001000e" \
	"00010001329dfe17525400000101"
/* a DUID-LL client id for hand-built messages */
#define CID        \
	"0001000a" \
	"00030001525400000101"

extern const guint8 guest_mac[6];
extern const guint8 other_mac[6];

typedef struct {
	NfdVerdict verdict;
	NfdDhcp6Result res;
	gchar *hex;
} Run;

void
run_clear(Run *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Run, run_clear)

void
fixture_config(NfdDhcp6Config *cfg);
void
portal_config(NfdDhcp6Config *cfg);
NfdBinding *
fixture_binding(const gchar *without, const gchar *const *extra);
GBytes *
load_data(const gchar *name);
GBytes *
from_hex(const gchar *hex);
void
run_dst(Run *r,
	const NfdDhcp6Config *cfg,
	const NfdBinding *b,
	const guint8 *mac,
	gboolean unicast,
	GBytes *msg,
	gsize cap);
void
run_full(Run *r,
	 const NfdDhcp6Config *cfg,
	 const NfdBinding *b,
	 const guint8 *mac,
	 GBytes *msg,
	 gsize cap);
void
run_std(Run *r, const gchar *file_or_hex);
void
run_binding(Run *r, const gchar *without, const gchar *const *extra, const gchar *file_or_hex);
void
run_with(Run *r,
	 const NfdDhcp6Config *cfg,
	 const gchar *without,
	 const gchar *const *extra,
	 gboolean unicast,
	 const gchar *file_or_hex);

#define assert_reply(r, expected)                                     \
	G_STMT_START                                                  \
	{                                                             \
		g_assert_cmpint((r)->verdict, ==, NFD_VERDICT_REPLY); \
		g_assert_cmpstr((r)->hex, ==, expected);              \
	}                                                             \
	G_STMT_END

#define assert_drop(r, why)                                          \
	G_STMT_START                                                 \
	{                                                            \
		g_assert_cmpint((r)->verdict, ==, NFD_VERDICT_DROP); \
		g_assert_cmpint((r)->res.drop, ==, why);             \
		g_assert_cmpstr((r)->hex, ==, "");                   \
	}                                                            \
	G_STMT_END
