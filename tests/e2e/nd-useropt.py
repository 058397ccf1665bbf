#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Prints the Router Advertisement options the Linux kernel of this network namespace hands to
# user space (RTM_NEWNDUSEROPT on RTNLGRP_ND_USEROPT): the kernel validates each RA it accepts
# and forwards the options it knows as user options, among them PREF64 (RFC 8781, type 38) and
# the captive-portal URI (RFC 8910, type 37), as systemd-networkd and NetworkManager read them.
# One line per option, flushed:
#   PREF64 <prefix>/<len> lifetime <seconds>
#   CAPTIVE_PORTAL <uri>
#   OPTION <type> <hex>          (any other option)
# "listening" is printed once the socket is bound. Stdlib only; exits after $1 seconds (20).
import ipaddress
import socket
import struct
import sys
import time

RTM_NEWNDUSEROPT = 68
RTNLGRP_ND_USEROPT = 20
PLC_LEN = {0: 96, 1: 64, 2: 56, 3: 48, 4: 40, 5: 32}


def describe(opt):
    kind, length = opt[0], opt[1] * 8
    body = opt[:length]
    if kind == 38 and length == 16:
        lt_plc = struct.unpack('!H', body[2:4])[0]
        prefix = ipaddress.IPv6Address(body[4:16] + bytes(4))
        plen = PLC_LEN.get(lt_plc & 7)
        return 'PREF64 %s/%s lifetime %d' % (prefix, plen, (lt_plc >> 3) * 8)
    if kind == 37:
        return 'CAPTIVE_PORTAL ' + body[2:].rstrip(b'\0').decode('ascii', 'replace')
    return 'OPTION %d %s' % (kind, body.hex())


def main():
    timeout = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
    s.bind((0, 1 << (RTNLGRP_ND_USEROPT - 1)))
    print('listening', flush=True)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        s.settimeout(max(0.1, end - time.monotonic()))
        try:
            data = s.recv(65536)
        except socket.timeout:
            break
        off = 0
        while off + 16 <= len(data):
            nl_len, nl_type = struct.unpack_from('=IH', data, off)
            if nl_len < 16:
                break
            if nl_type == RTM_NEWNDUSEROPT and nl_len >= 32:
                opts_len = struct.unpack_from('=H', data, off + 16 + 2)[0]
                opts = data[off + 32:off + 32 + opts_len]
                while len(opts) >= 8 and opts[1] > 0:
                    print(describe(opts), flush=True)
                    opts = opts[opts[1] * 8:]
            off += (nl_len + 3) & ~3


main()
