#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Writes the seed corpus of fuzz-packet (tests/fuzz/corpus/packet/) from the frames the
# plugins' unit tests captured from real clients: DHCPv4 payloads wrapped in IPv4/UDP, DHCPv6
# payloads in IPv6/UDP, RS and NS frames without their Ethernet header, plus malformed shapes
# (truncations, bad lengths, fragments, extension headers) and raw NFQUEUE netlink datagrams.
# Run from the source root: tests/fuzz/make-packet-corpus.py
import os
import struct

SRC = os.path.dirname(os.path.abspath(__file__)) + "/../.."
OUT = SRC + "/tests/fuzz/corpus/packet"


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip4_udp(payload, src=b"\0\0\0\0", dst=b"\xff\xff\xff\xff", sport=68, dport=67, frag=0):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, frag, 64, 17, 0, src, dst)
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + udp


def ip6(next_header, payload, src, dst, hop=255):
    return struct.pack("!IHBB16s16s", 0x60000000, len(payload), next_header, hop, src, dst) + payload


LL = bytes.fromhex("fe800000000000005054fffe000001")
LL = bytes.fromhex("fe80000000000000") + bytes.fromhex("5054 00ff fe00 0001".replace(" ", ""))
ALL_DHCP = bytes.fromhex("ff020000000000000000000000010002")


def nlattr(t, data):
    a = struct.pack("=HH", 4 + len(data), t) + data
    return a + b"\0" * ((4 - len(a) % 4) % 4)


def nfq_msg(pid, payload, indev=1):
    attrs = nlattr(1, struct.pack("!IHB", pid, 0x0800, 0) + b"\0")  # NFQA_PACKET_HDR
    attrs += nlattr(3, struct.pack("!I", indev))  # NFQA_IFINDEX_INDEV
    attrs += nlattr(9, struct.pack("!H", 6) + struct.pack("!H", 0) + bytes.fromhex("525400000001") + b"\0\0")
    attrs += nlattr(10, payload)  # NFQA_PAYLOAD
    body = struct.pack("!BBH", 0, 0, 42) + attrs
    return struct.pack("=IHHII", 16 + len(body), (3 << 8) | 0, 0, 0, 0) + body


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def main():
    os.makedirs(OUT, exist_ok=True)
    seeds = []
    d4 = SRC + "/plugins/dhcp4/tests/data"
    for fn in sorted(os.listdir(d4)):
        p = ip4_udp(open(os.path.join(d4, fn), "rb").read())
        seeds.append(("v4-" + fn, p))
    d6 = SRC + "/plugins/dhcp6/tests/data"
    for fn in sorted(os.listdir(d6)):
        if fn.endswith(".bin"):
            pl = open(os.path.join(d6, fn), "rb").read()
            udp = struct.pack("!HHHH", 546, 547, 8 + len(pl), 0) + pl
            seeds.append(("v6-" + fn, ip6(17, udp, LL, ALL_DHCP, 1)))
    for d in ("ra", "ndp"):
        dd = SRC + "/plugins/%s/tests/data" % d
        for fn in sorted(os.listdir(dd)):
            if fn.endswith(".bin"):
                seeds.append(("icmp6-" + fn, open(os.path.join(dd, fn), "rb").read()[14:]))
    for name, pkt in seeds:
        for flags in (0x0A, 0x00, 0x06):
            write("%02x-%s" % (flags, name), bytes([flags]) + pkt)
    v4 = seeds[0][1]
    write("0a-v4-truncated-udp", b"\x0a" + v4[:24])
    write("0a-v4-bad-ihl", b"\x0a" + b"\x4f" + v4[1:])
    write("0a-v4-total-too-long", b"\x0a" + v4[:2] + b"\xff\xff" + v4[4:])
    write("0a-v4-fragment", b"\x0a" + ip4_udp(b"x" * 40, frag=0x2000))
    write("0a-v4-udp-len-short", b"\x0a" + v4[:24] + b"\x00\x04" + v4[26:])
    rs = [p for n, p in seeds if n.startswith("icmp6-rs")][0]
    hbh = bytes([58, 0, 5, 2, 0, 0, 1, 0])  # hop-by-hop with a router alert, then ICMPv6
    write("0a-v6-hop-by-hop", b"\x0a" + ip6(0, hbh + rs[40:], rs[8:24], rs[24:40]))
    write("0a-v6-fragment-header", b"\x0a" + ip6(44, bytes([58, 0, 0, 1, 0, 0, 0, 1]) + rs[40:], rs[8:24], rs[24:40]))
    write("0a-v6-payload-len-long", b"\x0a" + rs[:4] + b"\xff\xff" + rs[6:])
    write("0a-v6-icmp-short", b"\x0a" + ip6(58, b"\x85\x00", rs[8:24], rs[24:40]))
    write("0a-empty", b"\x0a")
    write("0a-not-ip", b"\x0a\x25" + b"\0" * 40)
    write("01-raw-netlink-one", b"\x01" + nfq_msg(1, v4))
    write("01-raw-netlink-two", b"\x01" + nfq_msg(1, v4) + nfq_msg(2, rs, 99))
    write("01-raw-netlink-truncated", b"\x01" + nfq_msg(1, v4)[:30])
    write("01-raw-netlink-len-lies", b"\x01" + struct.pack("=I", 0xFFFF) + nfq_msg(1, v4)[4:])


main()
