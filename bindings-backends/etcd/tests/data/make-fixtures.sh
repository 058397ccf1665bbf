#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# How the fixtures beside this script were captured: a real etcd (Debian's etcd-server 3.4)
# in a private network namespace on 127.0.0.1, and curl POSTing to its JSON gateway.  The
# response bodies are stored as they came (a watch stream as the bytes of the stream).  Run as
# root: tests/data/make-fixtures.sh (it re-executes itself under unshare --net).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${NFD_FIXTURES_INNER:-}" ]; then
	exec env NFD_FIXTURES_INNER=1 unshare --net -- "$BASH" "$0" "$@"
fi
ip link set lo up
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
timeout 120 etcd --name fixtures --data-dir "$work/data" \
	--listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
	--listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
	--initial-cluster fixtures=http://127.0.0.1:2380 \
	--experimental-watch-progress-notify-interval=1s >"$work/etcd.log" 2>&1 &
pid=$!
ctl() { ETCDCTL_API=3 etcdctl --endpoints=http://127.0.0.1:2379 "$@"; }
for _ in $(seq 100); do ctl endpoint health >/dev/null 2>&1 && break; sleep 0.1; done
b64() { printf '%s' "$1" | base64 -w0; }
post() { # PATH BODY [HEADER]
	curl -s -X POST ${3:+-H "$3"} "http://127.0.0.1:2379$1" -d "$2"
}
P=/nfdhcpd/bindings/host1/
K=$(b64 "$P")
E=$(b64 /nfdhcpd/bindings/host10)
binding() { printf 'INDEV=%s\nIP=%s\nMAC=%s\nHOSTNAME=vm.example.org\nSUBNET=192.0.2.0/24\nGATEWAY=192.0.2.1\n' "$1" "$2" "$3"; }

ctl put "${P}tap1" "$(binding tap1 192.0.2.11 52:54:00:00:00:01)" >/dev/null
ctl put "${P}tap2" "$(binding tap2 192.0.2.12 52:54:00:00:00:02)" >/dev/null
ctl put "${P}tap3" "$(binding tap3 192.0.2.13 52:54:00:00:00:03)" >/dev/null
ctl put /nfdhcpd/bindings/host2/tap9 "$(binding tap9 192.0.2.19 52:54:00:00:00:09)" >/dev/null
post /v3/kv/range "{\"key\":\"$K\",\"range_end\":\"$E\",\"limit\":\"2\"}" >"$here/range-page1.json"
# the second page starts after "tap2": the key + NUL, base64
next=$(printf '%s\0' "${P}tap2" | base64 -w0)
post /v3/kv/range "{\"key\":\"$next\",\"range_end\":\"$E\",\"revision\":\"4\",\"limit\":\"2\"}" >"$here/range-page2.json"
post /v3/kv/range "{\"key\":\"$(b64 /nfdhcpd/bindings/none/)\",\"range_end\":\"$(b64 /nfdhcpd/bindings/none0)\"}" >"$here/range-empty.json"
post /v3/kv/range "{\"key\":\"$K\",\"range_end\":\"$E\",\"revision\":\"1000\"}" >"$here/error-future.json"
post /v3/kv/range 'garbage' >"$here/error-bad-request.json"

# a watch stream: created, a put, a change, a deletion, two puts in one transaction, and
# progress notifications (one a second here; etcd's default is ten minutes)
timeout 4 curl -s -N -X POST http://127.0.0.1:2379/v3/watch \
	-d "{\"create_request\":{\"key\":\"$K\",\"range_end\":\"$E\",\"start_revision\":\"5\",\"progress_notify\":true,\"fragment\":true}}" \
	>"$here/watch-stream.json" &
cpid=$!
sleep 1
ctl put "${P}tap4" "$(binding tap4 192.0.2.14 52:54:00:00:00:04)" >/dev/null
ctl put "${P}tap4" "$(binding tap4 192.0.2.24 52:54:00:00:00:04)" >/dev/null
ctl del "${P}tap2" >/dev/null
ctl txn >/dev/null <<TXN

put ${P}tap5 "INDEV=tap5\nIP=192.0.2.15\nMAC=52:54:00:00:00:05\n"
put ${P}tap6 "INDEV=tap6\nIP=192.0.2.16\nMAC=52:54:00:00:00:06\n"


TXN
wait "$cpid" 2>/dev/null || true

# compaction: a range and a watch from before it
ctl compact 8 >/dev/null
post /v3/kv/range "{\"key\":\"$K\",\"range_end\":\"$E\",\"revision\":\"5\"}" >"$here/error-compacted.json"
timeout 2 curl -s -N -X POST http://127.0.0.1:2379/v3/watch \
	-d "{\"create_request\":{\"key\":\"$K\",\"range_end\":\"$E\",\"start_revision\":\"5\"}}" \
	>"$here/watch-compacted.json" || true

# authentication
ctl user add root:rootpw >/dev/null
ctl user grant-role root root >/dev/null
ctl user add host1:secret >/dev/null
ctl role add host1 >/dev/null
ctl role grant-permission host1 --prefix=true read "$P" >/dev/null
ctl user grant-role host1 host1 >/dev/null
ctl auth enable >/dev/null
post /v3/auth/authenticate '{"name":"host1","password":"secret"}' >"$here/auth-token.json"
post /v3/auth/authenticate '{"name":"host1","password":"wrong"}' >"$here/error-auth-failed.json"
post /v3/kv/range "{\"key\":\"$K\",\"range_end\":\"$E\"}" >"$here/error-no-token.json"
post /v3/kv/range "{\"key\":\"$K\",\"range_end\":\"$E\"}" "Authorization: bogus.1" \
	>"$here/error-bad-token.json"
timeout 2 curl -s -N -X POST -H "Authorization: bogus.1" http://127.0.0.1:2379/v3/watch \
	-d "{\"create_request\":{\"key\":\"$K\",\"range_end\":\"$E\"}}" \
	>"$here/watch-bad-token.json" || true
ls -l "$here"
