#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs every libFuzzer target of a -Dfuzzing=true build (./run.sh fuzz builds one) for SECONDS
# each, from a scratch copy of its seed corpus (tests/fuzz/corpus/<name>/), with leak
# detection, a per-input timeout and an RSS limit, then prints one line per target: execs,
# execs/s, cov (edges), ft (features), corpus size, and crashes/leaks/timeouts (and OOMs).
# Exits 1 if any target found anything; the reproducers stay in <build>/fuzz-work/<name>/.
#
#   run-fuzz.sh BUILD_DIR SOURCE_DIR [SECONDS [TARGET...]]
#
# FUZZ_JOBS (1 or 2, default 1) targets run at a time; FUZZ_TIMEOUT seconds per input
# (default 10); FUZZ_RSS_MB (default 2048).  The working corpora are scratch: only minimized
# reproducers or a few interesting new seeds belong in the source tree.
set -euo pipefail

build=${1:?usage: run-fuzz.sh BUILD_DIR SOURCE_DIR [SECONDS [TARGET...]]}
src=${2:?usage: run-fuzz.sh BUILD_DIR SOURCE_DIR [SECONDS [TARGET...]]}
seconds=${3:-60}
shift $(($# < 3 ? $# : 3))
jobs=${FUZZ_JOBS:-1}
timeout=${FUZZ_TIMEOUT:-10}
rss=${FUZZ_RSS_MB:-2048}
work=$build/fuzz-work

fail() {
	echo "run-fuzz: $*" >&2
	exit 2
}

[[ $seconds =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || fail "SECONDS must be a positive integer"
[[ $jobs =~ ^[12]$ ]] || fail "FUZZ_JOBS must be 1 or 2"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for exe in "$build"/tests/fuzz-*; do
		name=${exe##*/fuzz-}
		[[ $name == replay-* || ! -x $exe || -d $exe ]] && continue
		targets+=("$name")
	done
fi
[ ${#targets[@]} -gt 0 ] || fail "no fuzz targets in $build/tests (not a -Dfuzzing=true build?)"
for t in "${targets[@]}"; do
	[ -x "$build/tests/fuzz-$t" ] || fail "no target fuzz-$t in $build/tests"
	[ -d "$src/tests/fuzz/corpus/$t" ] || fail "no seed corpus tests/fuzz/corpus/$t"
done

# one target: a fresh working corpus from the seeds, libFuzzer's log, the artifacts directory
run_one() {
	local t=$1 dir=$work/$1 dict=() rc=0
	rm -rf "$dir"
	mkdir -p "$dir/corpus" "$dir/artifacts"
	cp -r "$src/tests/fuzz/corpus/$t/." "$dir/corpus/"
	[ ! -f "$src/tests/fuzz/$t.dict" ] || dict=("-dict=$src/tests/fuzz/$t.dict")
	ASAN_OPTIONS=detect_leaks=1:symbolize=1 \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		"$build/tests/fuzz-$t" -max_total_time="$seconds" -timeout="$timeout" \
		-rss_limit_mb="$rss" -detect_leaks=1 -print_final_stats=1 \
		-artifact_prefix="$dir/artifacts/" "${dict[@]}" "$dir/corpus" \
		>"$dir/log" 2>&1 || rc=$?
	echo "$rc" >"$dir/rc"
}

# the figures of one finished target, from libFuzzer's log and its artifacts
report_one() {
	local t=$1 dir=$work/$1 rc execs eps last cov ft corp crash leak tmo oom
	rc=$(cat "$dir/rc")
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log")
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log")
	last=$(grep -E '^#[0-9]+.*cov: ' "$dir/log" | tail -n 1 || true)
	cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
	ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
	corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<<"$last")
	crash=$(find "$dir/artifacts" -name 'crash-*' | wc -l)
	leak=$(find "$dir/artifacts" -name 'leak-*' | wc -l)
	tmo=$(find "$dir/artifacts" -name 'timeout-*' | wc -l)
	oom=$(find "$dir/artifacts" -name 'oom-*' | wc -l)
	printf '%-13s %5s %11s %8s %6s %6s %14s %5s %5s %5s %4s\n' "$t" "$seconds" "${execs:-?}" \
		"${eps:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$crash" "$leak" "$tmo" "$oom"
	if [ "$rc" != 0 ] || [ $((crash + leak + tmo + oom)) -gt 0 ]; then
		{
			echo "run-fuzz: fuzz-$t exited $rc; log: $dir/log"
			find "$dir/artifacts" -type f -printf 'run-fuzz: reproducer: %p\n'
			grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|.*assertion failed)' \
				"$dir/log" | head -n 5 | sed 's/^/run-fuzz:   /'
		} >&2
		return 1
	fi
}

echo "run-fuzz: ${#targets[@]} targets, ${seconds}s each, $jobs at a time, logs in $work/"
running=0
for t in "${targets[@]}"; do
	if [ "$running" -ge "$jobs" ]; then
		wait -n || true
		running=$((running - 1))
	fi
	run_one "$t" &
	running=$((running + 1))
done
wait || true

printf '%-13s %5s %11s %8s %6s %6s %14s %5s %5s %5s %4s\n' target secs execs exec/s cov ft \
	corpus crash leak tmout oom
status=0
for t in "${targets[@]}"; do
	report_one "$t" || status=1
done
exit "$status"
