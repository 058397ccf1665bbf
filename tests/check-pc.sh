#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The SDK's pkg-config file is relocatable: every path in it derives from ${prefix} (as
# GStreamer's pluginsdir=${libdir}/gstreamer-1.0 does), so `pkg-config
# --define-variable=prefix=...` and staged installs find the headers, the plugins directory
# and the guide under the new prefix; and unrelocated, it names the directories the daemon
# searches.
# usage: check-pc.sh PCDIR PLUGINSDIR BINDINGSDIR
set -u
PKG_CONFIG_PATH=$1
export PKG_CONFIG_PATH
pluginsdir=$2
bindingsdir=$3
pc=nfdhcpd-plugin
moved=/nfd-relocated/prefix
n=0
rc=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); echo "not ok $n - $1"; rc=1; }

vars=$(pkg-config --print-variables $pc) || { echo "not ok 1 - pkg-config $pc"; echo "1..1"; exit 1; }
for var in $vars; do
	case $var in
	api_major | api_minor | pcfiledir | prefix) continue ;;
	esac
	value=$(pkg-config --define-variable=prefix=$moved --variable="$var" $pc)
	case $value in
	$moved/*) ok "$var follows the prefix ($value)" ;;
	*) fail "$var does not follow the prefix: '$value'" ;;
	esac
done
for flag in $(pkg-config --define-variable=prefix=$moved --cflags-only-I $pc); do
	case $flag in
	*nfdhcpd*)
		case $flag in
		-I$moved/*) ok "cflags $flag follows the prefix" ;;
		*) fail "cflags $flag does not follow the prefix" ;;
		esac
		;;
	esac
done
for want in "pluginsdir $pluginsdir" "bindingsdir $bindingsdir"; do
	var=${want%% *}
	dir=${want#* }
	got=$(pkg-config --variable="$var" $pc)
	if [ "$got" = "$dir" ]; then
		ok "$var is where the daemon looks ($dir)"
	else
		fail "$var is '$got', the daemon looks in '$dir'"
	fi
done
echo "1..$n"
exit $rc
