#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Print the DHCPv6 messages of a pcap file, one line each, for e2e-dhcp6.sh to grep.

    TIME TYPE XID [PREF=N] [STATUS=N] [IA_NA=IAID,ADDR,PREFERRED,VALID] [IA_NA=IAID,STATUS=N]
    [IA_PD=IAID,PREFIX/LEN,PREFERRED,VALID] [IA_PD=IAID,STATUS=N] OPTS=code,code,...

TIME is the capture time in seconds, TYPE the RFC 8415 §7.3 name (SOLICIT, ADVERTISE, ...),
XID the transaction id in hex, OPTS the top-level option codes in order. Addresses are printed
in compressed form. Scapy from Debian's python3-scapy, hence /usr/bin/python3.
"""
import ipaddress
import logging
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import UDP, rdpcap  # noqa: E402
from scapy.layers.dhcp6 import (  # noqa: E402
    DHCP6OptIA_NA,
    DHCP6OptIA_PD,
    DHCP6OptIAAddress,
    DHCP6OptIAPrefix,
    DHCP6OptPref,
    DHCP6OptStatusCode,
)

NAMES = {1: "SOLICIT", 2: "ADVERTISE", 3: "REQUEST", 4: "CONFIRM", 5: "RENEW", 6: "REBIND",
         7: "REPLY", 8: "RELEASE", 9: "DECLINE", 11: "INFORMATION-REQUEST"}


def top_level(msg):
    """the top-level options of a DHCPv6 message, in order"""
    opt = msg.payload
    while opt is not None and len(opt) > 0 and hasattr(opt, "optcode"):
        yield opt
        opt = opt.payload


def ia_fields(opt):
    out = []
    if isinstance(opt, DHCP6OptIA_NA):
        for sub in opt.ianaopts:
            if isinstance(sub, DHCP6OptIAAddress):
                out.append("IA_NA=%d,%s,%d,%d" % (opt.iaid, ipaddress.ip_address(sub.addr),
                                                  sub.preflft, sub.validlft))
            elif isinstance(sub, DHCP6OptStatusCode):
                out.append("IA_NA=%d,STATUS=%d" % (opt.iaid, sub.statuscode))
    elif isinstance(opt, DHCP6OptIA_PD):
        for sub in opt.iapdopt:
            if isinstance(sub, DHCP6OptIAPrefix):
                out.append("IA_PD=%d,%s/%d,%d,%d" % (opt.iaid, ipaddress.ip_address(sub.prefix),
                                                     sub.plen, sub.preflft, sub.validlft))
            elif isinstance(sub, DHCP6OptStatusCode):
                out.append("IA_PD=%d,STATUS=%d" % (opt.iaid, sub.statuscode))
    return out


def describe(pkt):
    """one line for a captured DHCPv6 packet, or None for anything else"""
    if UDP not in pkt or 546 not in (pkt[UDP].sport, pkt[UDP].dport):
        return None
    msg = pkt[UDP].payload
    fields = ["%.6f" % float(pkt.time), NAMES.get(msg.msgtype, str(msg.msgtype)),
              "%06x" % msg.trid]
    codes = []
    for opt in top_level(msg):
        codes.append(str(opt.optcode))
        if isinstance(opt, DHCP6OptPref):
            fields.append("PREF=%d" % opt.prefval)
        elif isinstance(opt, DHCP6OptStatusCode):
            fields.append("STATUS=%d" % opt.statuscode)
        fields += ia_fields(opt)
    fields.append("OPTS=" + ",".join(codes))
    return " ".join(fields)


def main(path):
    for pkt in rdpcap(path):
        line = describe(pkt)
        if line is not None:
            print(line)


if __name__ == "__main__":
    main(sys.argv[1])
