#!/bin/sh
# SPDX-License-Identifier: MIT
# Pathological inputs: hostile Dockerfiles generated on the fly (awk, printf,
# head -c; no python) must parse in linear time under a timeout, exit with
# the documented status (0 valid, 2 syntax error; never a signal) and print
# back byte for byte through parse --dump=source.
#
# Usage: tests/pathological.sh BIN
#   PATHO_TIMEOUT=S  per-run limit in seconds (default 10)
#   VERBOSE=1        print timings for passing cases too
# POSIX sh (dash); uses GNU `date +%s%N` for timings when it has it.

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
TIMEOUT=${PATHO_TIMEOUT:-10}
# Quadratic growth gives 16x for a 4x input; linear gives about 4x.
MAX_RATIO=8
# Below this many milliseconds for the large input, the ratio is noise.
FLOOR_MS=50

if [ ! -x "$BIN" ]; then
	echo "pathological: $BIN is not an executable file" >&2
	echo "pathological: 0 passed, 1 failed"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/patho.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

if command -v timeout >/dev/null 2>&1; then
	TO="timeout $TIMEOUT"
else
	TO=""
fi
case $(date +%s%N) in
*N* | *%*) have_ns=0 ;;
*) have_ns=1 ;;
esac

passed=0
failed=0
reasons=""

fail() {
	reasons="$reasons  $1
"
}

now_ms() {
	if [ "$have_ns" = 1 ]; then
		echo $(($(date +%s%N) / 1000000))
	else
		echo $(($(date +%s) * 1000))
	fi
}

# run OUTPREFIX ARGS...: BIN's stdout/stderr/status into OUTPREFIX.*, and
# the wall time in milliseconds into OUTPREFIX.ms.
run() {
	r_pfx=$1
	shift
	r_t0=$(now_ms)
	$TO "$BIN" "$@" <"/dev/null" >"$r_pfx.out" 2>"$r_pfx.err"
	echo $? >"$r_pfx.status"
	echo $(($(now_ms) - r_t0)) >"$r_pfx.ms"
}

describe_status() {
	if [ "$1" -eq 124 ] && [ -n "$TO" ]; then
		echo "timed out after ${TIMEOUT}s"
	elif [ "$1" -ge 128 ]; then
		echo "killed by signal $(($1 - 128))"
	else
		echo "exit status $1"
	fi
}

# check_status PREFIX WANT: WANT is a status or "0|2".
check_status() {
	c_st=$(cat "$1.status")
	case "|$2|" in
	*"|$c_st|"*) ;;
	*)
		fail "$(describe_status "$c_st"), expected $2; stderr:
$(head -n 5 "$1.err" | cut -c1-300)"
		return
		;;
	esac
	if [ "$c_st" = 2 ] && ! grep -q 'error:' "$1.err"; then
		fail "status 2 but no 'error:' on stderr"
	fi
}

# check_source FILE: parse --dump=source prints FILE back byte for byte.
check_source() {
	run "$tmp/src" parse --dump=source "$1"
	c_st=$(cat "$tmp/src.status")
	if [ "$c_st" -ge 124 ]; then
		fail "--dump=source: $(describe_status "$c_st")"
	elif ! cmp -s "$1" "$tmp/src.out"; then
		fail "--dump=source does not reproduce the input (status $c_st, $(wc -c <"$1") bytes in, $(wc -c <"$tmp/src.out") out)"
	fi
}

finish() {
	if [ -z "$reasons" ]; then
		passed=$((passed + 1))
		[ "${VERBOSE:-0}" = 1 ] && echo "ok   $1 $2"
	else
		failed=$((failed + 1))
		echo "FAIL $1 $2"
		printf '%s' "$reasons"
	fi
	reasons=""
}

# scaled NAME WANT N: generates NAME at N/4 and N (gen_NAME SIZE > FILE),
# checks status and round-trip at both and the growth of the parse time.
scaled() {
	s_name=$1
	s_want=$2
	s_small=$(($3 / 4))
	s_large=$3
	"gen_$s_name" "$s_small" >"$tmp/$s_name-small.Dockerfile"
	"gen_$s_name" "$s_large" >"$tmp/$s_name-large.Dockerfile"
	run "$tmp/small" parse --dump=reference "$tmp/$s_name-small.Dockerfile"
	run "$tmp/large" parse --dump=reference "$tmp/$s_name-large.Dockerfile"
	check_status "$tmp/small" "$s_want"
	check_status "$tmp/large" "$s_want"
	s_ms1=$(cat "$tmp/small.ms")
	s_ms4=$(cat "$tmp/large.ms")
	if [ "$s_ms4" -ge "$FLOOR_MS" ]; then
		s_base=$s_ms1
		[ "$s_base" -gt 0 ] || s_base=1
		if [ "$s_ms4" -gt $((s_base * MAX_RATIO)) ]; then
			fail "not linear: ${s_ms1} ms at $s_small, ${s_ms4} ms at $s_large (over ${MAX_RATIO}x for 4x input)"
		fi
	fi
	check_source "$tmp/$s_name-large.Dockerfile"
	finish "$s_name" "(${s_ms1} ms at $s_small, ${s_ms4} ms at $s_large)"
}

# single NAME WANT [DUMP]: generates NAME once; checks status, round-trip
# and, when DUMP is given, the reference dump (printf format string).
single() {
	"gen_$1" >"$tmp/$1.Dockerfile"
	run "$tmp/one" parse --dump=reference "$tmp/$1.Dockerfile"
	check_status "$tmp/one" "$2"
	if [ $# -ge 3 ] && [ "$(cat "$tmp/one.status")" = 0 ]; then
		# shellcheck disable=SC2059
		printf "$3" >"$tmp/want"
		if ! cmp -s "$tmp/want" "$tmp/one.out"; then
			fail "dump differs:
$(diff -u "$tmp/want" "$tmp/one.out" | head -n 20 | cut -c1-300)"
		fi
	fi
	check_source "$tmp/$1.Dockerfile"
	finish "$1" ""
}

# --- generators (deterministic) ---

# N lines "RUN a \" joined into one instruction.
gen_continuations() {
	awk -v n="$1" 'BEGIN {
		print "FROM x"
		for (i = 0; i < n; i++)
			print "RUN a \\"
		print "RUN done"
	}'
}

# One RUN line of N bytes.
gen_longline() {
	printf 'FROM x\nRUN echo '
	head -c "$1" /dev/zero | tr '\0' a
	printf '\n'
}

# N small RUN heredoc instructions.
gen_heredocs() {
	awk -v n="$1" 'BEGIN {
		print "FROM x"
		for (i = 1; i <= n; i++)
			printf "RUN <<E%d\necho %d\nE%d\n", i, i, i
	}'
}

# CMD followed by N "[" (not JSON: shell form).
gen_brackets() {
	printf 'FROM x\nCMD '
	head -c "$1" /dev/zero | tr '\0' '['
	printf '\n'
}

# N stages.
gen_stages() {
	awk -v n="$1" 'BEGIN {
		for (i = 1; i <= n; i++)
			printf "FROM x AS s%d\n", i
	}'
}

# N continuation lines each holding only a comment or nothing.
gen_blankcont() {
	awk -v n="$1" 'BEGIN {
		print "FROM x"
		print "RUN a \\"
		for (i = 0; i < n; i++)
			print (i % 2 ? "# c" : "")
		print "  b"
	}'
}

gen_unterminated() {
	printf 'FROM x\nRUN <<EOF\necho never ends\nEO\n EOF\nEOF \n'
}

gen_nul() {
	printf 'FROM x\nRUN echo a\000b\n'
}

gen_badutf8() {
	printf 'FROM x\nRUN echo \377\376 \300\200 \355\240\200 \342\202\n'
}

# 100000 bytes from a Park-Miller generator, biased towards Dockerfile
# syntax: newlines, backslashes, quotes, brackets, "<<" and keywords.
gen_random() {
	awk 'BEGIN {
		x = 12345
		n = 0
		while (n < 100000) {
			x = (x * 16807) % 2147483647
			r = x % 64
			if (r < 6) {
				s = "\n"
			} else if (r < 9) {
				s = "\\"
			} else if (r < 11) {
				s = "\""
			} else if (r < 13) {
				s = "["
			} else if (r < 14) {
				s = "<<EOF"
			} else if (r < 15) {
				s = "\nRUN "
			} else if (r < 16) {
				s = "\nEOF\n"
			} else if (r < 17) {
				s = "\n# escape=`\n"
			} else if (r < 20) {
				s = " "
			} else {
				s = sprintf("%c", (x / 64) % 256)
			}
			printf "%s", s
			n += length(s)
		}
	}'
}

gen_empty() {
	:
}

gen_bomonly() {
	printf '\357\273\277'
}

scaled continuations 0 200000
scaled longline "0|2" 2000000
scaled heredocs 0 50000
scaled brackets 0 100000
scaled stages 0 20000
scaled blankcont 0 200000
single unterminated 2
single nul 0 '(from "x")\n(run "echo a\\x00b")\n'
single badutf8 0 \
	'(from "x")\n(run "echo \\xff\\xfe \\xc0\\x80 \\xed\\xa0\\x80 \\xe2\\x82")\n'
single random "0|2"
single empty 2
single bomonly 2

echo "pathological: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
