#!/bin/sh
# SPDX-License-Identifier: MIT
# Conformance runner: checks BIN against the reference parser's own test
# data (BuildKit) in ../shared/conformance, as that folder's README says:
# reference dumps byte for byte, negative cases rejected, source round-trip,
# and the line ranges of testfile-line.
#
# Usage: tests/conformance.sh BIN
#   CONFORMANCE_DIR=DIR  data folder (default: ../shared/conformance from
#                        the repository root, not from the current directory)
#   VERBOSE=1            print a line for passing checks too
# POSIX sh (dash).

LC_ALL=C
export LC_ALL

if [ $# -ne 1 ]; then
	echo "usage: $0 BIN" >&2
	exit 3
fi
BIN=$1
case $BIN in
/*) ;;
*) BIN=$(pwd)/$BIN ;;
esac

script_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$script_dir")
DATA=${CONFORMANCE_DIR:-$root/../shared/conformance}
TIMEOUT=${CONFORMANCE_TIMEOUT:-30}

if [ ! -d "$DATA/buildkit-parser" ]; then
	echo "conformance: skipped (../shared/conformance not found)"
	echo "conformance: 0 passed, 0 failed"
	exit 0
fi
if [ ! -x "$BIN" ]; then
	echo "conformance: $BIN is not an executable file" >&2
	echo "conformance: 0 passed, 1 failed"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/conformance.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

if command -v timeout >/dev/null 2>&1; then
	TO="timeout $TIMEOUT"
else
	TO=""
fi

passed=0
failed=0
reasons=""

fail() {
	reasons="$reasons  $1
"
}

show_diff() {
	diff -u "$1" "$2" | head -n 60 | cut -c1-400
}

# run OUTPREFIX ARGS...: stdout/stderr/status of BIN into OUTPREFIX.*.
run() {
	r_pfx=$1
	shift
	$TO "$BIN" "$@" <"/dev/null" >"$r_pfx.out" 2>"$r_pfx.err"
	echo $? >"$r_pfx.status"
}

# finish NAME: counts the check that just ran and prints its reasons.
finish() {
	if [ -z "$reasons" ]; then
		passed=$((passed + 1))
		[ "${VERBOSE:-0}" = 1 ] && echo "ok   $1"
	else
		failed=$((failed + 1))
		echo "FAIL $1"
		printf '%s' "$reasons"
	fi
	reasons=""
}

# check_source FILE: parse --dump=source prints FILE back byte for byte.
check_source() {
	run "$tmp/src" parse --dump=source "$1"
	if ! cmp -s "$1" "$tmp/src.out"; then
		fail "--dump=source does not reproduce the input (status $(cat "$tmp/src.status")):
$(show_diff "$1" "$tmp/src.out")"
	fi
}

# Positive cases: the dump equals result byte for byte, status 0.
for d in "$DATA"/buildkit-parser/*/; do
	d=${d%/}
	name=${d##*/}
	[ -f "$d/result" ] || continue
	(cd "$d" && run "$tmp/ref" parse --dump=reference Dockerfile)
	st=$(cat "$tmp/ref.status")
	if [ "$st" != 0 ]; then
		fail "exit status $st, expected 0; stderr:
$(head -n 10 "$tmp/ref.err" | cut -c1-400)"
	fi
	if ! cmp -s "$d/result" "$tmp/ref.out"; then
		fail "dump differs from result:
$(show_diff "$d/result" "$tmp/ref.out")"
	fi
	check_source "$d/Dockerfile"
	finish "$name"
done

# Negative cases: status 2, nothing on stdout, an error on stderr.
for d in "$DATA"/buildkit-parser-negative/*/; do
	d=${d%/}
	name=${d##*/}
	[ -f "$d/Dockerfile" ] || continue
	(cd "$d" && run "$tmp/neg" parse --dump=reference Dockerfile)
	st=$(cat "$tmp/neg.status")
	if [ "$st" != 2 ]; then
		fail "exit status $st, expected 2"
	fi
	if [ -s "$tmp/neg.out" ]; then
		fail "stdout should be empty, got:
$(head -n 10 "$tmp/neg.out" | cut -c1-400)"
	fi
	if ! grep -q 'error:' "$tmp/neg.err"; then
		fail "stderr has no 'error:' line:
$(head -n 10 "$tmp/neg.err" | cut -c1-400)"
	fi
	finish "negative/$name"
done

# testfile-line: instruction line ranges from the JSON dump.
line_case=$DATA/buildkit-parser/testfile-line
if [ -f "$line_case/Dockerfile" ]; then
	(cd "$line_case" && run "$tmp/json" parse --dump=json Dockerfile)
	st=$(cat "$tmp/json.status")
	if [ "$st" != 0 ]; then
		fail "--dump=json exit status $st, expected 0"
	fi
	if command -v python3 >/dev/null 2>&1; then
		if ! python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
got = [(n.get("start_line"), n.get("end_line"))
       for n in doc.get("children", []) if n.get("kind") == "instruction"]
want = [(5, 5), (11, 12), (17, 31)]
if got != want:
    print("instruction line ranges %r, expected %r" % (got, want))
    sys.exit(1)
' "$tmp/json.out" >"$tmp/json.msg" 2>&1; then
			fail "$(head -n 5 "$tmp/json.msg" | cut -c1-400)"
		fi
	else
		echo "conformance: python3 not found, line ranges of testfile-line not checked"
	fi
	check_source "$line_case/Dockerfile"
	finish "testfile-line"
fi

echo "conformance: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
