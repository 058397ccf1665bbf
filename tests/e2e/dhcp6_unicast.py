#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A guest that sends DHCPv6 messages to the server's unicast address (RFC 8415 §16, §18.4).

    dhcp6_unicast.py IFACE ROUTER_MAC SERVER_DUID_HEX

Run in the guest's namespace. It sends, from IFACE's EUI-64 link-local address and MAC:
  1. a Request for IA_NA 1 to ff02::1:2, the control: it must get a Reply;
  2. the same Request to the router's link-local address (fe80:: + modified EUI-64 of
     ROUTER_MAC), where no client sends one unless the server gave it a Server Unicast option;
  3. a Solicit to that unicast address.
It prints one line per message, "NAME " and the reply as dhcp6_pcap.describe() prints it, or
"NAME NONE" when none came within 3 seconds. Real clients do not unicast to a server that sent
no Server Unicast option, so this is the client here; Debian's scapy, hence /usr/bin/python3.
"""
import logging
import os
import struct
import sys
import threading

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import UDP, AsyncSniffer, Ether, IPv6, Raw, get_if_hwaddr, sendp  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dhcp6_pcap import describe  # noqa: E402


def link_local(mac):
    """fe80:: + modified EUI-64 (RFC 4291 appendix A)"""
    b = bytes.fromhex(mac.replace(":", ""))
    iid = bytes([b[0] ^ 2]) + b[1:3] + b"\xff\xfe" + b[3:6]
    return "fe80::%x:%x:%x:%x" % struct.unpack(">4H", iid)


def option(code, data):
    return struct.pack(">HH", code, len(data)) + data


def message(msg_type, xid, client_mac, server_duid):
    """RFC 8415 §8 header, Client Identifier (DUID-LL, §11.4), Server Identifier if given,
    IA_NA 1 with T1 and T2 0 (§21.4), Elapsed Time 0 (§21.9)"""
    out = bytes([msg_type]) + xid.to_bytes(3, "big")
    out += option(1, b"\x00\x03\x00\x01" + bytes.fromhex(client_mac.replace(":", "")))
    if server_duid:
        out += option(2, server_duid)
    out += option(3, struct.pack(">III", 1, 0, 0))
    out += option(8, b"\x00\x00")
    return out


def exchange(iface, mac, dst_mac, dst, payload, xid):
    ready = threading.Event()
    sniffer = AsyncSniffer(iface=iface, filter="udp and dst port 546",
                           lfilter=lambda p: UDP in p and bytes(p[UDP].payload)[1:4] ==
                           xid.to_bytes(3, "big"), count=1, timeout=3,
                           started_callback=ready.set)
    sniffer.start()
    ready.wait(3)
    frame = (Ether(src=mac, dst=dst_mac) / IPv6(src=link_local(mac), dst=dst, hlim=1) /
             UDP(sport=546, dport=547) / Raw(payload))
    sendp(frame, iface=iface, verbose=False)
    sniffer.join()
    got = sniffer.results or []
    return describe(got[0]) if got else "NONE"


def main(iface, router_mac, server_duid_hex):
    mac = get_if_hwaddr(iface)
    duid = bytes.fromhex(server_duid_hex)
    router_ll = link_local(router_mac)
    tests = [
        ("MULTICAST-REQUEST", "33:33:00:01:00:02", "ff02::1:2", message(3, 0x6a0001, mac, duid),
         0x6a0001),
        ("UNICAST-REQUEST", router_mac, router_ll, message(3, 0x6a0002, mac, duid), 0x6a0002),
        ("UNICAST-SOLICIT", router_mac, router_ll, message(1, 0x6a0003, mac, None), 0x6a0003),
    ]
    for name, dst_mac, dst, payload, xid in tests:
        print(name, exchange(iface, mac, dst_mac, dst, payload, xid), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
