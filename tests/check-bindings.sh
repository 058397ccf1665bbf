#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfdhcpd --check-bindings reads binding files the way the daemon does, whoever runs it (issue
# 13): good files pass; a symlink named like a tap is not followed and its target's content is
# never printed; a FIFO is not opened (the check does not block); a file over 16 KiB is refused
# unread; and a symlink given as the argument is refused too.
# usage: check-bindings.sh NFDHCPD
set -u
d=$1
n=0 rc=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { n=$((n + 1)); echo "ok $n - $1"; }
ko() { n=$((n + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$tmp/out"; rc=1; }
# run ARGS...: --check-bindings with a timeout (a blocked open is a failure, not a hang)
run() {
	timeout -s KILL 20 "$d" --check-bindings "$@" >"$tmp/out" 2>&1
	status=$?
}
# expect DESCRIPTION PATTERN: the last run printed a line matching PATTERN (ERE)
expect() { if grep -qE -- "$2" "$tmp/out"; then ok "$1"; else ko "$1 (no line matching: $2)"; fi; }
# hides DESCRIPTION TEXT: the last run printed nothing of TEXT
hides() { if grep -qF -- "$2" "$tmp/out"; then ko "$1"; else ok "$1"; fi; }

dir=$tmp/bindings
mkdir "$dir" "$tmp/elsewhere"
good='MAC=aa:00:00:00:00:01
IP=198.51.100.10
SUBNET=198.51.100.0/24'
printf '%s\n' "$good" >"$dir/tap1"
printf '%s\n' "$good" >"$dir/tap2"

run "$dir"
if [ "$status" = 0 ]; then ok "good files pass (exit 0)"; else ko "good files pass (exit 0, got $status)"; fi
expect "good files counted" "^2 binding files valid, 0 invalid$"

# a file that is not a binding, readable by its owner only, its first line a secret
# shellcheck disable=SC2016 # a literal crypt(3) hash
printf 'root:$6$s3cr3tHash$Zq:19700:0:99999:7:::\n%s\n' "$good" >"$tmp/elsewhere/secret"
chmod 0600 "$tmp/elsewhere/secret"
ln -s "$tmp/elsewhere/secret" "$dir/tap3"
run "$dir"
if [ "$status" = 1 ]; then ok "a symlink named like a tap is refused (exit 1)"; else ko "a symlink named like a tap is refused (exit 1, got $status)"; fi
expect "the symlink is named as one" "^$dir/tap3: a symbolic link, not a regular file: not read$"
hides "nothing of the symlink's target is printed" "3cr3t"
# shellcheck disable=SC2016
hides "not even its first bytes" 'root:$6$'
expect "the two good files still pass" "^2 binding files valid, 1 invalid$"
rm "$dir/tap3"

mkfifo "$dir/tap4"
run "$dir"
if [ "$status" = 1 ]; then ok "a FIFO named like a tap does not block, and is refused"; else ko "a FIFO named like a tap does not block, and is refused (status $status; 137: killed after 20 s)"; fi
expect "the FIFO is named as one" "^$dir/tap4: a FIFO, not a regular file: not read$"
rm "$dir/tap4"

# the external review's shape: 64 KiB of short keys
{
	printf '%s\n' "$good"
	i=0
	while [ $i -lt 9300 ]; do
		printf 'K%05d=\n' $i
		i=$((i + 1))
	done
} | head -c 65536 >"$dir/tap5"
run "$dir/tap5"
if [ "$status" = 1 ]; then ok "a 64 KiB file is refused"; else ko "a 64 KiB file is refused (status $status)"; fi
expect "the size is named" "^$dir/tap5: 65536 bytes, more than the 16384 a binding file may have$"
rm "$dir/tap5"

ln -s "$dir/tap1" "$tmp/link"
run "$tmp/link"
if [ "$status" = 1 ]; then ok "a symlink given as the argument is refused"; else ko "a symlink given as the argument is refused (status $status)"; fi
expect "and named as one" "^$tmp/link: a symbolic link, not a regular file: not read$"

echo "1..$n"
exit $rc
