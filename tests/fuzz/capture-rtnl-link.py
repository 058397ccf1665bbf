#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Captures real rtnetlink datagrams, as NfdLinkMonitor receives them, for the unit tests of
# core/nfd-link-msg.c (tests/data/rtnl/) and the seed corpus of fuzz-rtnl-link
# (tests/fuzz/corpus/rtnl-link/): the RTM_GETLINK dump of a private network namespace, the
# RTM_NEWLINK/RTM_DELLINK events of a tap and a veth pair created, brought up, given a MAC,
# brought down and deleted there, an acknowledgement and an NLMSG_ERROR.
# Hand-made edge cases derived from the captures go to the corpus too (hand-*.bin).
# Run as root from the source root: tests/fuzz/capture-rtnl-link.py (it re-runs itself under
# unshare --net, so the host's links are neither seen nor touched); with --edge-cases, only
# the edge cases are written again, from the captures in tests/data/rtnl/.
import os
import select
import socket
import struct
import subprocess
import sys

SRC = os.path.dirname(os.path.abspath(__file__)) + "/../.."
DATA = SRC + "/tests/data/rtnl"
CORPUS = SRC + "/tests/fuzz/corpus/rtnl-link"

RTM_NEWLINK, RTM_GETLINK, RTM_SETLINK = 16, 18, 19
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 0x1, 0x4, 0x300
RTMGRP_LINK = 1
NLMSG_DONE = 3
SEQ = 0x4E464421
IFF_UP = 1


def request(sock, msg_type, flags, seq, payload):
    hdr = struct.pack("=IHHII", 16 + len(payload), msg_type, flags, seq, 0)
    sock.send(hdr + payload)


def ifinfomsg(index=0, flags=0, change=0):
    return struct.pack("=BxHiII", socket.AF_UNSPEC, 0, index, flags, change)


def save(name, data):
    for d in (DATA, CORPUS):
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    print("%s: %d octets" % (name, len(data)))


def drain(sock, prefix, first):
    """every datagram queued on the event socket, until it is quiet for 0.3 s"""
    n = first
    while select.select([sock], [], [], 0.3)[0]:
        save("%s-%02d.bin" % (prefix, n), sock.recv(65536))
        n += 1
    return n


def ip(*args):
    subprocess.run(["ip", *args], check=True)


def nlmsg(msg_type, payload, flags=0, seq=0, pid=0, length=None):
    n = 16 + len(payload) if length is None else length
    data = struct.pack("=IHHII", n, msg_type, flags, seq, pid) + payload
    return data + b"\0" * (-len(data) % 4)


def nlattr(attr_type, payload, length=None):
    n = 4 + len(payload) if length is None else length
    data = struct.pack("=HH", n, attr_type) + payload
    return data + b"\0" * (-len(data) % 4)


def corpus(name, data):
    with open(os.path.join(CORPUS, name), "wb") as f:
        f.write(data)
    print("%s: %d octets" % (name, len(data)))


def edge_cases():
    """malformed and unusual datagrams around the captured ones"""
    with open(os.path.join(DATA, "event-tap-00.bin"), "rb") as f:
        tap = f.read()
    with open(os.path.join(DATA, "event-tap-03.bin"), "rb") as f:
        dellink = f.read()
    ifi = ifinfomsg(7, IFF_UP)
    name = nlattr(3, b"tap7\0")
    mac = nlattr(1, bytes.fromhex("525400000007"))
    corpus("hand-minimal-newlink.bin", nlmsg(RTM_NEWLINK, ifi + name))
    corpus("hand-header-only.bin", tap[:16])
    corpus("hand-short-header.bin", tap[:15])
    corpus("hand-cut-in-attrs.bin", tap[:700])
    corpus("hand-len-past-end.bin", struct.pack("=I", len(tap) + 4) + tap[4:])
    corpus("hand-len-huge.bin", struct.pack("=I", 0xFFFFFFF0) + tap[4:])
    corpus("hand-len-below-header.bin", struct.pack("=I", 8) + tap[4:])
    corpus("hand-ifinfomsg-short.bin", nlmsg(RTM_NEWLINK, ifi[:8]))
    corpus("hand-no-name.bin", nlmsg(RTM_NEWLINK, ifi + mac))
    corpus("hand-name-empty.bin", nlmsg(RTM_NEWLINK, ifi + nlattr(3, b"")))
    corpus("hand-name-unterminated.bin", nlmsg(RTM_NEWLINK, ifi + nlattr(3, b"tap7tap7")))
    corpus("hand-name-twice.bin", nlmsg(RTM_NEWLINK, ifi + name + nlattr(3, b"tap8\0")))
    corpus("hand-name-nested-flag.bin", nlmsg(RTM_NEWLINK, ifi + nlattr(0x8003, b"tap7\0")))
    corpus("hand-name-long.bin", nlmsg(RTM_NEWLINK, ifi + nlattr(3, b"t" * 300 + b"\0")))
    corpus("hand-attr-len-zero.bin", nlmsg(RTM_NEWLINK, ifi + nlattr(1, b"", 0) + name))
    corpus("hand-attr-len-past-msg.bin", nlmsg(RTM_NEWLINK, ifi + name + nlattr(1, b"ab", 40)))
    corpus("hand-mac-5.bin", nlmsg(RTM_NEWLINK, ifi + name + nlattr(1, b"\x52" * 5)))
    corpus("hand-mac-20.bin", nlmsg(RTM_NEWLINK, ifi + name + nlattr(1, b"\x80" * 20)))
    corpus("hand-mac-then-bad-mac.bin",
           nlmsg(RTM_NEWLINK, ifi + name + mac + nlattr(1, b"\x52" * 5)))
    corpus("hand-unaligned-last.bin", nlmsg(RTM_NEWLINK, ifi + name, length=16 + 16 + 8 - 3))
    corpus("hand-new-then-del.bin", tap + dellink)
    corpus("hand-noop-overrun-addr.bin", nlmsg(1, b"") + nlmsg(4, b"") +
           nlmsg(20, b"\0" * 8) + nlmsg(RTM_NEWLINK, ifi + name))
    corpus("hand-dump-intr.bin", nlmsg(RTM_NEWLINK, ifi + name, flags=0x10, seq=SEQ, pid=77))
    corpus("hand-seq-changes.bin", nlmsg(RTM_NEWLINK, ifi + name, seq=SEQ, pid=77) +
           nlmsg(RTM_NEWLINK, ifi + name, seq=SEQ + 1, pid=77))
    corpus("hand-port-changes.bin", nlmsg(RTM_NEWLINK, ifi + name, seq=SEQ, pid=77) +
           nlmsg(RTM_NEWLINK, ifi + name, seq=SEQ, pid=78))
    corpus("hand-done-then-link.bin", nlmsg(NLMSG_DONE, b"\0" * 4) + nlmsg(RTM_NEWLINK, ifi + name))
    corpus("hand-error-short.bin", nlmsg(2, b"\0" * 8))
    corpus("hand-error-intmin.bin", nlmsg(2, struct.pack("=i", -(2 ** 31)) + b"\0" * 16))
    corpus("hand-error-positive.bin", nlmsg(2, struct.pack("=i", 5) + b"\0" * 16))


def main():
    if "--edge-cases" in sys.argv:
        edge_cases()
        return
    if os.environ.get("NFD_CAPTURE_NETNS") != "1":
        os.environ["NFD_CAPTURE_NETNS"] = "1"
        os.execvp("unshare", ["unshare", "--net", sys.executable, *sys.argv])
    os.makedirs(DATA, exist_ok=True)
    os.makedirs(CORPUS, exist_ok=True)
    events = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
    events.bind((0, RTMGRP_LINK))
    rq = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
    rq.bind((0, 0))

    ip("link", "set", "lo", "up")
    ip("tuntap", "add", "dev", "tap7", "mode", "tap")
    ip("link", "add", "veth0", "type", "veth", "peer", "name", "veth1")
    drain(events, "event-setup", 0)

    # the dump NfdLinkMonitor makes at start-up (rtgenmsg AF_PACKET), up to NLMSG_DONE
    request(rq, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, SEQ, struct.pack("=B3x", 17))
    n = 0
    while True:
        data = rq.recv(65536)
        save("dump-%02d.bin" % n, data)
        n += 1
        if struct.unpack_from("=H", data, 4)[0] == NLMSG_DONE:
            break

    # a tap's life as the VM manager leads it: up, new MAC, down, deleted, recreated
    ip("link", "set", "tap7", "address", "52:54:00:12:34:56")
    n = drain(events, "event-tap", 0)
    ip("link", "set", "tap7", "up")
    n = drain(events, "event-tap", n)
    ip("link", "set", "tap7", "down")
    n = drain(events, "event-tap", n)
    ip("link", "del", "tap7")
    n = drain(events, "event-tap", n)
    ip("tuntap", "add", "dev", "tap7", "mode", "tap")
    n = drain(events, "event-tap", n)
    ip("link", "del", "veth0")
    drain(events, "event-veth-del", 0)

    # an acknowledgement (error 0) and an error (ENODEV) from requests with NLM_F_ACK
    request(rq, RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, SEQ + 1, ifinfomsg(1, IFF_UP, IFF_UP))
    save("ack.bin", rq.recv(65536))
    request(rq, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, SEQ + 2, ifinfomsg(9999))
    save("error-enodev.bin", rq.recv(65536))
    edge_cases()


if __name__ == "__main__":
    main()
