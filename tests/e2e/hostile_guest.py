#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""hostile_guest.py: what a hostile or broken guest sends, for the hardening e2e tests.

Run inside a guest namespace with Debian's /usr/bin/python3 (scapy). Every frame leaves eth0
with the guest's own MAC. Subcommands (one frame unless -n says more):

  ns-frag TARGET             NS for TARGET inside an atomic fragment header (RFC 6980 forbids it)
  echo-frag                  an ICMPv6 echo request to ff02::1 in an atomic fragment (not queued:
                             proves that fragments cross the bridge)
  dhcp4 release|decline|both IP SERVER   DHCPRELEASE (ciaddr IP), DHCPDECLINE (requested IP),
                             or -n of each in one burst
  dhcp6 release|decline|both ADDR DUID   DHCPv6 Release/Decline of IA_NA ADDR to server DUID
                             (hex), or -n of each
  rogue-dhcp4 [DST]          a DHCPOFFER, UDP 67 -> 68, broadcast or to IP DST
  rogue-dhcp6 [DST]          a DHCPv6 Advertise, UDP 547 -> 546, to ff02::1 or DST
  rogue-ra [DST]             a Router Advertisement for 2001:db8:bad::/64, to ff02::1 or DST
  rogue-redirect DST         an ICMPv6 Redirect to DST
  echo DST                   an ICMP or ICMPv6 echo request with "nfd-marker" to DST: sent after
                             the frames under test, it shows a capture has seen all before it

--src ADDR replaces the source address of the rogue IPv6 messages (a routed host forwards
nothing from a link-local source), --dst-mac the Ethernet destination (the host's tap MAC for
a routed unicast), --iface the interface (eth0).
"""
import argparse
import sys

from scapy.all import (ICMP, BOOTP, DHCP, DHCP6_Advertise, DHCP6_Decline, DHCP6_Release,
                       DHCP6OptClientId, DHCP6OptIA_NA, DHCP6OptIAAddress, DHCP6OptServerId,
                       DUID_LL, ICMPv6EchoRequest, ICMPv6ND_NS, ICMPv6ND_RA, ICMPv6ND_Redirect,
                       ICMPv6NDOptPrefixInfo, ICMPv6NDOptSrcLLAddr, IP, IPv6, IPv6ExtHdrFragment,
                       UDP, Ether, conf, get_if_hwaddr, in6_getnsma, in6_getnsmac, inet_pton,
                       inet_ntop, sendp, socket)

conf.verb = 0
IFACE = "eth0"


def mac():
    return get_if_hwaddr(IFACE)


def link_local(m):
    b = bytes.fromhex(m.replace(":", ""))
    eui = bytes([b[0] ^ 2]) + b[1:3] + b"\xff\xfe" + b[3:]
    return inet_ntop(socket.AF_INET6, b"\xfe\x80" + b"\x00" * 6 + eui)


def l2_multicast(dst):
    if dst == "ff02::1":
        return "33:33:00:00:00:01"
    return "33:33:" + ":".join("%02x" % x for x in inet_pton(socket.AF_INET6, dst)[12:])


def ns_frag(args):
    m = mac()
    snm = inet_ntop(socket.AF_INET6, in6_getnsma(inet_pton(socket.AF_INET6, args.target)))
    return (Ether(src=m, dst=in6_getnsmac(inet_pton(socket.AF_INET6, snm))) /
            IPv6(src=link_local(m), dst=snm, hlim=255) /
            IPv6ExtHdrFragment(id=0x1234, offset=0, m=0) /
            ICMPv6ND_NS(tgt=args.target) / ICMPv6NDOptSrcLLAddr(lladdr=m))


def echo_frag(args):
    m = mac()
    return (Ether(src=m, dst="33:33:00:00:00:01") / IPv6(src=link_local(m), dst="ff02::1") /
            IPv6ExtHdrFragment(id=0x4321, offset=0, m=0) / ICMPv6EchoRequest(data=b"nfd-frag"))


def both(build, args):
    if args.kind != "both":
        return [build(args, args.kind)] * args.n
    return [build(args, "release")] * args.n + [build(args, "decline")] * args.n


def dhcp4(args, kind):
    m = mac()
    chaddr = bytes.fromhex(m.replace(":", "")) + b"\x00" * 10
    if kind == "release":
        opts = [("message-type", "release"), ("server_id", args.server), "end"]
        boot = BOOTP(op=1, chaddr=chaddr, ciaddr=args.ip, xid=0x5eed)
        ip = IP(src=args.ip, dst=args.server)
    else:
        opts = [("message-type", "decline"), ("server_id", args.server),
                ("requested_addr", args.ip), "end"]
        boot = BOOTP(op=1, chaddr=chaddr, xid=0x5eed)
        ip = IP(src="0.0.0.0", dst="255.255.255.255")
    return (Ether(src=m, dst="ff:ff:ff:ff:ff:ff") / ip / UDP(sport=68, dport=67) / boot /
            DHCP(options=opts))


def dhcp6(args, kind):
    m = mac()
    msg = DHCP6_Release if kind == "release" else DHCP6_Decline
    return (Ether(src=m, dst="33:33:00:01:00:02") / IPv6(src=link_local(m), dst="ff02::1:2") /
            UDP(sport=546, dport=547) / msg(trid=0x5eed) /
            DHCP6OptClientId(duid=DUID_LL(lladdr=m)) /
            DHCP6OptServerId(duid=bytes.fromhex(args.duid)) /
            DHCP6OptIA_NA(iaid=1, ianaopts=[DHCP6OptIAAddress(addr=args.addr)]))


def rogue_dhcp4(args):
    m = mac()
    dst = args.dst or "255.255.255.255"
    return (Ether(src=m, dst=args.dst_mac or "ff:ff:ff:ff:ff:ff") /
            IP(src="203.0.113.66", dst=dst) / UDP(sport=67, dport=68) /
            BOOTP(op=2, yiaddr="203.0.113.99", siaddr="203.0.113.66", xid=0x66,
                  chaddr=b"\x52\x54\x00" + b"\x00" * 13) /
            DHCP(options=[("message-type", "offer"), ("server_id", "203.0.113.66"),
                          ("router", "203.0.113.66"), ("lease_time", 60), "end"]))


def rogue_dhcp6(args):
    m = mac()
    dst = args.dst or "ff02::1"
    return (Ether(src=m, dst=args.dst_mac or l2_multicast(dst)) /
            IPv6(src=args.src or link_local(m), dst=dst) / UDP(sport=547, dport=546) /
            DHCP6_Advertise(trid=0x66) / DHCP6OptServerId(duid=DUID_LL(lladdr=m)))


def rogue_ra(args):
    m = mac()
    dst = args.dst or "ff02::1"
    return (Ether(src=m, dst=args.dst_mac or l2_multicast(dst)) /
            IPv6(src=args.src or link_local(m), dst=dst, hlim=255) /
            ICMPv6ND_RA(routerlifetime=1800) /
            ICMPv6NDOptSrcLLAddr(lladdr=m) /
            ICMPv6NDOptPrefixInfo(prefix="2001:db8:bad::", prefixlen=64, L=1, A=1))


def rogue_redirect(args):
    m = mac()
    return (Ether(src=m, dst=args.dst_mac or l2_multicast("ff02::1")) /
            IPv6(src=args.src or link_local(m), dst=args.dst, hlim=255) /
            ICMPv6ND_Redirect(tgt=link_local(m), dst="2001:db8:bad::1"))


def echo(args):
    m = mac()
    if ":" in args.dst:
        return (Ether(src=m, dst=args.dst_mac or l2_multicast(args.dst)) /
                IPv6(src=args.src or link_local(m), dst=args.dst) /
                ICMPv6EchoRequest(data=b"nfd-marker"))
    return (Ether(src=m, dst=args.dst_mac or "ff:ff:ff:ff:ff:ff") /
            IP(src=args.src or "203.0.113.66", dst=args.dst) / ICMP() / b"nfd-marker")


def main():
    global IFACE
    p = argparse.ArgumentParser()
    p.add_argument("-n", type=int, default=1, help="frames to send")
    p.add_argument("--dst-mac", help="Ethernet destination instead of the multicast one")
    p.add_argument("--src", help="source address of the rogue IPv6 messages")
    p.add_argument("--iface", default=IFACE, help="the interface to send on")
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("ns-frag")
    s.add_argument("target")
    s.set_defaults(build=ns_frag)
    sub.add_parser("echo-frag").set_defaults(build=echo_frag)
    s = sub.add_parser("dhcp4")
    s.add_argument("kind", choices=["release", "decline", "both"])
    s.add_argument("ip")
    s.add_argument("server")
    s.set_defaults(frames=lambda a: both(dhcp4, a))
    s = sub.add_parser("dhcp6")
    s.add_argument("kind", choices=["release", "decline", "both"])
    s.add_argument("addr")
    s.add_argument("duid")
    s.set_defaults(frames=lambda a: both(dhcp6, a))
    for name, fn in (("rogue-dhcp4", rogue_dhcp4), ("rogue-dhcp6", rogue_dhcp6),
                     ("rogue-ra", rogue_ra)):
        s = sub.add_parser(name)
        s.add_argument("dst", nargs="?")
        s.set_defaults(build=fn)
    s = sub.add_parser("rogue-redirect")
    s.add_argument("dst")
    s.set_defaults(build=rogue_redirect)
    s = sub.add_parser("echo")
    s.add_argument("dst")
    s.set_defaults(build=echo)
    args = p.parse_args()
    IFACE = args.iface
    if hasattr(args, "frames"):
        frames = args.frames(args)
    else:
        frames = [args.build(args)] * args.n
    # one sendp: the whole burst leaves within milliseconds
    sendp(frames, iface=IFACE)
    print("sent %d %s" % (len(frames), args.cmd))
    return 0


if __name__ == "__main__":
    sys.exit(main())
