#!/bin/sh
# SPDX-License-Identifier: MIT
# Golden test runner: runs every golden/<case>/ against BIN and compares
# stdout, stderr and exit status with the expected.* files; also checks that
# each Dockerfile input round-trips and that harden/fmt/patch are idempotent.
#
# Usage: tests/golden.sh BIN [CASE...]
#   GOLDEN_UPDATE=1  rewrite expected.* from the actual output
#   GOLDEN_DIR=DIR   case folder (default: golden/ next to tests/)
#   VERBOSE=1        print a line for passing cases too
# POSIX sh (dash); see tests/README.md for the case format.

LC_ALL=C
export LC_ALL

if [ $# -lt 1 ]; then
	echo "usage: $0 BIN [CASE...]" >&2
	exit 3
fi
BIN=$1
shift
case $BIN in
/*) ;;
*) BIN=$(pwd)/$BIN ;;
esac

script_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$script_dir")
GOLDEN_DIR=${GOLDEN_DIR:-$root/golden}
UPDATE=${GOLDEN_UPDATE:-0}
TIMEOUT=${GOLDEN_TIMEOUT:-30}

if [ ! -x "$BIN" ]; then
	echo "golden: $BIN is not an executable file" >&2
	echo "golden: 0 passed, 1 failed"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

if command -v timeout >/dev/null 2>&1; then
	TO="timeout $TIMEOUT"
else
	TO=""
fi

passed=0
failed=0
# Reasons for the current case, one per line; empty means it passed.
reasons=""

fail() {
	reasons="$reasons  $1
"
}

# show_diff EXPECTED ACTUAL: a unified diff, cut short for huge lines.
show_diff() {
	diff -u "$1" "$2" | head -n 80 | cut -c1-400
}

# run OUTPREFIX ARGS...: runs BIN in the current directory, stdout and
# stderr to OUTPREFIX.out/.err, status to OUTPREFIX.status.
run() {
	r_pfx=$1
	shift
	$TO "$BIN" "$@" <"/dev/null" >"$r_pfx.out" 2>"$r_pfx.err"
	echo $? >"$r_pfx.status"
}

# run_in PREFIX INPUT ARGS...: as run, with INPUT on standard input.
run_in() {
	r_pfx=$1
	r_in=$2
	shift 2
	$TO "$BIN" "$@" <"$r_in" >"$r_pfx.out" 2>"$r_pfx.err"
	echo $? >"$r_pfx.status"
}

# status_ok FILE: the status in FILE is 0 or 1.
status_ok() {
	case $(cat "$1") in
	0 | 1) return 0 ;;
	*) return 1 ;;
	esac
}

# describe_status N: human words for an abnormal status.
describe_status() {
	if [ "$1" -eq 124 ] && [ -n "$TO" ]; then
		echo "timed out after ${TIMEOUT}s"
	elif [ "$1" -ge 128 ]; then
		echo "killed by signal $(($1 - 128))"
	else
		echo "exit status $1"
	fi
}

# expected_name CMD ARGS EXT: the expected stdout file name to create on
# update when the case has none yet.
expected_name() {
	case $1 in
	harden | fmt | patch) echo "expected.$3" ;;
	k8s) echo "expected.yaml" ;;
	parse)
		case $2 in
		*--dump=reference*) echo "expected.cst" ;;
		*--dump=source*) echo "expected.$3" ;;
		*) echo "expected.txt" ;;
		esac
		;;
	*) echo "expected.txt" ;;
	esac
}

# check_case DIR NAME: runs one case; fills $reasons.
check_case() {
	c_dir=$1
	c_name=$2
	c_tmp=$tmp/$c_name
	mkdir -p "$c_tmp"

	c_input=""
	c_count=0
	for f in "$c_dir"/input.*; do
		[ -f "$f" ] || continue
		c_input=${f##*/}
		c_count=$((c_count + 1))
	done
	if [ "$c_count" -ne 1 ]; then
		fail "needs exactly one input.* file, found $c_count"
		return
	fi
	c_ext=${c_input#input.}

	c_args="harden"
	if [ -f "$c_dir/args" ]; then
		c_args=""
		IFS= read -r c_args <"$c_dir/args" || [ -n "$c_args" ]
	fi
	c_cmd=${c_args%% *}

	c_expected=""
	c_count=0
	for e in expected.Dockerfile expected.yaml expected.cst expected.txt; do
		if [ -f "$c_dir/$e" ]; then
			c_expected=$e
			c_count=$((c_count + 1))
		fi
	done
	if [ "$c_count" -gt 1 ]; then
		fail "more than one expected stdout file"
		return
	fi

	# The command itself. set -f: args like --exclude=*.md stay literal.
	set -f
	# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
	(cd "$c_dir" && run "$c_tmp/run" $c_args "$c_input")
	set +f
	c_status=$(cat "$c_tmp/run.status")
	if [ "$c_status" -ge 124 ]; then
		fail "'$c_args $c_input': $(describe_status "$c_status")"
	fi

	if [ "$UPDATE" = 1 ]; then
		update_case
	else
		compare_case
	fi

	if [ "$c_ext" = Dockerfile ]; then
		check_roundtrip
	fi
	case $c_cmd in
	harden | fmt | patch)
		if status_ok "$c_tmp/run.status"; then
			check_idempotent
		fi
		;;
	esac
}

compare_case() {
	if [ -n "$c_expected" ]; then
		if ! cmp -s "$c_dir/$c_expected" "$c_tmp/run.out"; then
			fail "stdout differs from $c_expected:
$(show_diff "$c_dir/$c_expected" "$c_tmp/run.out")"
		fi
	elif [ -s "$c_tmp/run.out" ]; then
		fail "stdout should be empty (no expected.* file), got:
$(head -n 20 "$c_tmp/run.out" | cut -c1-400)"
	fi
	if [ -f "$c_dir/expected.stderr" ] &&
		! cmp -s "$c_dir/expected.stderr" "$c_tmp/run.err"; then
		fail "stderr differs from expected.stderr:
$(show_diff "$c_dir/expected.stderr" "$c_tmp/run.err")"
	fi
	if [ -f "$c_dir/expected.status" ]; then
		c_want=$(tr -d ' \t\r\n' <"$c_dir/expected.status")
		if [ "$c_want" != "$c_status" ]; then
			fail "exit status $c_status, expected $c_want"
		fi
	elif ! status_ok "$c_tmp/run.status"; then
		fail "exit status $c_status, expected 0 or 1; stderr:
$(head -n 10 "$c_tmp/run.err" | cut -c1-400)"
	fi
}

update_case() {
	if [ -z "$c_expected" ] && [ -s "$c_tmp/run.out" ]; then
		c_expected=$(expected_name "$c_cmd" "$c_args" "$c_ext")
	fi
	if [ -n "$c_expected" ]; then
		cp "$c_tmp/run.out" "$c_dir/$c_expected"
	fi
	if [ -f "$c_dir/expected.stderr" ] ||
		{ ! status_ok "$c_tmp/run.status" && [ -s "$c_tmp/run.err" ]; }; then
		cp "$c_tmp/run.err" "$c_dir/expected.stderr"
	fi
	if [ -f "$c_dir/expected.status" ] ||
		! status_ok "$c_tmp/run.status"; then
		echo "$c_status" >"$c_dir/expected.status"
	fi
}

# Every Dockerfile input prints back byte for byte through the tree.
check_roundtrip() {
	(cd "$c_dir" && run "$c_tmp/src" parse --dump=source "$c_input")
	if ! cmp -s "$c_dir/$c_input" "$c_tmp/src.out"; then
		fail "parse --dump=source does not reproduce $c_input (status $(cat "$c_tmp/src.status")):
$(show_diff "$c_dir/$c_input" "$c_tmp/src.out")"
	fi
}

# A second run over the output changes nothing; harden/fmt output re-parses.
check_idempotent() {
	# Only when the output is the same kind of file as the input.
	if [ -n "$c_expected" ]; then
		[ "$c_expected" = "expected.$c_ext" ] || return
	elif [ ! -s "$c_tmp/run.out" ]; then
		return
	fi
	c_second=$c_tmp/second.$c_ext
	cp "$c_tmp/run.out" "$c_second"
	set -f
	# Through stdin, named as the input, so files beside it (scripts the
	# Dockerfile copies) are seen the same way on both runs.
	# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
	(cd "$c_dir" && run_in "$c_tmp/again" "$c_second" $c_args \
		--stdin-filename="$c_input" -)
	set +f
	c_again=$(cat "$c_tmp/again.status")
	if ! status_ok "$c_tmp/again.status"; then
		fail "second run: $(describe_status "$c_again"); stderr:
$(head -n 10 "$c_tmp/again.err" | cut -c1-400)"
	elif ! cmp -s "$c_second" "$c_tmp/again.out"; then
		fail "not idempotent: a second '$c_args' changes its own output:
$(show_diff "$c_second" "$c_tmp/again.out")"
	fi
	case $c_cmd in
	harden | fmt) ;;
	*) return ;;
	esac
	[ "$c_ext" = Dockerfile ] || return
	(cd "$c_dir" && run "$c_tmp/reparse" parse --dump=reference "$c_second")
	c_again=$(cat "$c_tmp/reparse.status")
	if [ "$c_again" != 0 ]; then
		fail "output does not re-parse cleanly ($(describe_status "$c_again")):
$(head -n 10 "$c_tmp/reparse.err" | cut -c1-400)"
	fi
}

# wanted NAME: true when no case names were given or NAME is one of them.
wanted() {
	[ $# -gt 1 ] || return 0
	w_name=$1
	shift
	for w in "$@"; do
		[ "$w" = "$w_name" ] && return 0
	done
	return 1
}

for d in "$GOLDEN_DIR"/*/; do
	[ -d "$d" ] || continue
	d=${d%/}
	name=${d##*/}
	wanted "$name" "$@" || continue
	reasons=""
	check_case "$d" "$name"
	if [ -z "$reasons" ]; then
		passed=$((passed + 1))
		[ "${VERBOSE:-0}" = 1 ] && echo "ok   $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name"
		printf '%s' "$reasons"
	fi
done

echo "golden: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
