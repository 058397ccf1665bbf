#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Helper of bench-bindings.sh (the binding backend benchmark); standard library only.
#   gen DIR N HOSTSFILE      N binding files in gnt-networking's shape (tap0..tapN-1) and the
#                            same hosts as a dnsmasq dhcp-hostsfile
#   logtime FILE REGEX [N]   epoch time (s) of the N-th (1) line matching REGEX in an nfdhcpd
#                            log, from the line's own millisecond timestamp
#   waitlog FILE REGEX N T0 TIMEOUT
#                            poll FILE every 0.5 ms until REGEX matched N lines; print the time
#                            since epoch time T0 in seconds (for logs without sub-second stamps)
#   updates DIR TAP MAC COUNT   (inside the guest of TAP) COUNT times: write DIR/.TAP.tmp with a
#                            new IPv4 address, rename it to DIR/TAP, then send DHCPDISCOVERs
#                            until an OFFER carries the new address; print one latency (s) per
#                            line, rename to first reply using it
#   etcd-gen URL PREFIX N    N bindings (tap0..tapN-1, as gen) put under PREFIX through etcd's
#                            JSON gateway, in transactions of 1,000 puts
#   etcd-updates URL PREFIX TAP MAC COUNT NETNS
#                            the same as updates, but each new value is put into etcd (POST
#                            /v3/kv/put on one kept-alive connection opened here) and the
#                            DHCP client runs in network namespace NETNS (a /run/netns file,
#                            entered with setns(2) after the connection is open); prints
#                            "put->reply commit->reply" in seconds per line
#
# Addresses: documentation ranges only (RFC 5737, RFC 3849).  198.51.100.0/24 + 203.0.113.0/24
# hold 508 host addresses, far fewer than 65k VMs, so IPv4 addresses repeat across bindings;
# every binding gets a distinct MAC, hostname and IPv6 /64 (SUBNET6, GATEWAY6, EUI64) under
# 2001:db8::/32, which is what makes each one unique.
import base64
import ctypes
import datetime
import http.client
import json
import os
import re
import socket
import struct
import sys
import time


def ipv4_of(i):
    k = i % 508
    return "198.51.100.%d" % (k + 2) if k < 254 else "203.0.113.%d" % (k - 254 + 2)


def mac_of(i):
    return "52:54:00:%02x:%02x:%02x" % ((i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF)


def prefix6_of(i):
    # a unique /64 under 2001:db8::/32 for up to 2^32 bindings
    return "2001:db8:%x:%x" % (i >> 16, i & 0xFFFF)


def eui64_of(prefix, mac):
    b = [int(x, 16) for x in mac.split(":")]
    b[0] ^= 0x02
    return "%s:%02x%02x:%02xff:fe%02x:%02x%02x" % (prefix, b[0], b[1], b[2], b[3], b[4], b[5])


def binding_text(tap, i, ip=None):
    mac = mac_of(i)
    ip = ip or ipv4_of(i)
    net4 = "198.51.100" if ip.startswith("198.51.100.") else "203.0.113"
    p6 = prefix6_of(i)
    # gnt-networking common.sh setup_nfdhcpd(), empty NFDHCPD_STATE_EXTRA first
    return (
        "\nINDEV=%s\nIP=%s\nMAC=%s\nHOSTNAME=snf-%d.vm.example.org\nTAGS=\"nfdhcpd\"\n"
        "GATEWAY=%s.1\nSUBNET=%s.0/24\nGATEWAY6=%s::1\nSUBNET6=%s::/64\n"
        "EUI64=%s\n" % (tap, ip, mac, i, net4, net4, p6, p6, eui64_of(p6, mac))
    )


def cmd_gen(d, n, hostsfile):
    n = int(n)
    with open(hostsfile, "w") as hosts:
        for i in range(n):
            tap = "tap%d" % i
            with open(os.path.join(d, tap), "w") as f:
                f.write(binding_text(tap, i))
            mac = mac_of(i)
            # dnsmasq: one unique address per host; IPv4 repeats (see above), so the IPv6
            # address (dhcp-host=MAC,[v6],name) and the name are what is unique
            hosts.write("%s,[%s],snf-%d\n" % (mac, eui64_of(prefix6_of(i), mac), i))


STAMP = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})")


def cmd_logtime(fn, regex, n="1"):
    rx = re.compile(regex)
    seen = 0
    with open(fn, errors="replace") as f:
        for line in f:
            if rx.search(line):
                seen += 1
                if seen == int(n):
                    m = STAMP.match(line)
                    t = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f")
                    print("%.3f" % t.timestamp())
                    return 0
    return 1


def cmd_waitlog(fn, regex, n, t0, timeout):
    rx = re.compile(regex)
    n, t0, deadline = int(n), float(t0), time.time() + float(timeout)
    seen, buf, pos = 0, "", 0
    while time.time() < deadline:
        try:
            with open(fn, errors="replace") as f:
                f.seek(pos)
                chunk = f.read()
                pos = f.tell()
        except FileNotFoundError:
            chunk = ""
        now = time.time()
        buf += chunk
        lines = buf.split("\n")
        buf = lines.pop()
        for line in lines:
            if rx.search(line):
                seen += 1
                if seen >= n:
                    print("%.4f" % (now - t0))
                    return 0
        time.sleep(0.0005)
    return 1


def dhcp_discover(xid, mac):
    chaddr = bytes(int(x, 16) for x in mac.split(":"))
    # RFC 2131 §2: op, htype, hlen, hops, xid, secs, flags (broadcast), ciaddr..giaddr, chaddr
    pkt = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0x8000, b"\0" * 4,
                      b"\0" * 4, b"\0" * 4, b"\0" * 4, chaddr, b"", b"")
    # RFC 2132 §9.6 message type DISCOVER, §3 end
    return pkt + b"\x63\x82\x53\x63" + b"\x35\x01\x01" + b"\xff"


def cmd_updates(d, tap, mac, count):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b"eth0")
    s.bind(("0.0.0.0", 68))
    s.settimeout(0.002)
    final = os.path.join(d, tap)
    tmp = os.path.join(d, "." + tap + ".tmp")
    for k in range(int(count)):
        ip = "198.51.100.%d" % (10 + k % 2)
        with open(tmp, "w") as f:
            f.write(binding_text(tap, 0, ip).replace(mac_of(0), mac))
        os.chmod(tmp, 0o644)
        t0 = time.time()
        os.rename(tmp, final)
        want = socket.inet_aton(ip)
        xid = 0x4E460000 + k
        deadline = t0 + 2.0
        got = None
        while got is None and time.time() < deadline:
            s.sendto(dhcp_discover(xid, mac), ("255.255.255.255", 67))
            try:
                while True:
                    data = s.recv(2048)
                    if len(data) < 20 or struct.unpack("!I", data[4:8])[0] != xid:
                        continue
                    if data[16:20] == want:
                        got = time.time()
                    # an OFFER of the old address: ask again at once
                    break
            except socket.timeout:
                pass
        if got is None:
            print("timeout")
        else:
            print("%.6f" % (got - t0))
        sys.stdout.flush()
    return 0


def etcd_conn(url):
    host, port = url.split("://", 1)[1].rstrip("/").rsplit(":", 1)
    return http.client.HTTPConnection(host, int(port), timeout=30)


def etcd_post(conn, path, body):
    conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
    r = conn.getresponse()
    data = r.read()
    if r.status != 200:
        raise RuntimeError("etcd %s: HTTP %d %s" % (path, r.status, data[:200]))
    return json.loads(data)


def b64(text):
    return base64.b64encode(text.encode()).decode()


def cmd_etcd_gen(url, prefix, n):
    conn = etcd_conn(url)
    n = int(n)
    for start in range(0, n, 1000):
        ops = [{"request_put": {"key": b64("%stap%d" % (prefix, i)),
                                "value": b64(binding_text("tap%d" % i, i))}}
               for i in range(start, min(n, start + 1000))]
        etcd_post(conn, "/v3/kv/txn", {"success": ops})
    return 0


def cmd_etcd_updates(url, prefix, tap, mac, count, netns):
    conn = etcd_conn(url)
    conn.connect()
    # into the guest's network namespace: the connection to etcd stays in the lab's
    libc = ctypes.CDLL(None, use_errno=True)
    with open(netns) as f:
        if libc.setns(f.fileno(), 0x40000000) != 0:  # CLONE_NEWNET
            raise OSError(ctypes.get_errno(), "setns")
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b"eth0")
    s.bind(("0.0.0.0", 68))
    s.settimeout(0.002)
    key = b64(prefix + tap)
    for k in range(int(count)):
        ip = "198.51.100.%d" % (10 + k % 2)
        value = b64(binding_text(tap, 0, ip).replace(mac_of(0), mac))
        want = socket.inet_aton(ip)
        xid = 0x4E450000 + k
        t0 = time.time()
        etcd_post(conn, "/v3/kv/put", {"key": key, "value": value})
        t_commit = time.time()
        deadline = t0 + 2.0
        got = None
        while got is None and time.time() < deadline:
            s.sendto(dhcp_discover(xid, mac), ("255.255.255.255", 67))
            try:
                while True:
                    data = s.recv(2048)
                    if len(data) < 20 or struct.unpack("!I", data[4:8])[0] != xid:
                        continue
                    if data[16:20] == want:
                        got = time.time()
                    break
            except socket.timeout:
                pass
        if got is None:
            print("timeout")
        else:
            print("%.6f %.6f" % (got - t0, got - t_commit))
        sys.stdout.flush()
    return 0


def main():
    cmds = {"gen": cmd_gen, "logtime": cmd_logtime, "waitlog": cmd_waitlog,
            "updates": cmd_updates, "etcd-gen": cmd_etcd_gen, "etcd-updates": cmd_etcd_updates}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.stderr.write(__doc__ if __doc__ else "usage: see the header\n")
        return 2
    return cmds[sys.argv[1]](*sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
