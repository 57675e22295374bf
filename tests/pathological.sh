#!/bin/sh
# SPDX-License-Identifier: MIT
# Pathological inputs: hostile Dockerfiles and YAML generated on the fly by
# tests/hostile/gen.sh (awk, printf, head -c; no python, nothing large is
# committed) are fed to every command (parse, harden, fmt, lint, k8s,
# docker-run; patch for YAML) under a timeout. Each run must exit with the
# documented status (never a signal, never a sanitizer report), an exit 2
# must carry one clear bounded "FILE:L:C: error: ... [code]" message, no
# diagnostic may print raw terminal escapes, and scaled inputs must grow in
# linear time: run at N/4 and N, the time for N must stay under 8x the time
# for N/4 (quadratic would be 16x), judged when the large run takes at least
# 50 ms. Dockerfiles must print back byte for byte through
# parse --dump=source. The figures are in docs/robustness.md.
#
# Usage: tests/pathological.sh [BIN]      (or BIN=... tests/pathological.sh)
#   PATHO_TIMEOUT=S  per-run limit in seconds (default 5; 20 when BIN
#                    contains "sanitize")
#   PATHO_HUGE=0     skip the sparse file over the 1 GiB input limit
#   VERBOSE=1        print the figures of passing runs too
#   FIGURES=FILE     write every run's figures to FILE (tab-separated)
# POSIX sh (dash); uses GNU `date +%s%N` and `timeout` when it has them.

LC_ALL=C
export LC_ALL

if [ $# -ge 1 ]; then
	BIN=$1
fi
if [ -z "${BIN:-}" ]; then
	echo "usage: $0 BIN" >&2
	exit 3
fi
case $BIN in
/*) ;;
*) BIN=$(pwd)/$BIN ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
GEN=$here/hostile/gen.sh
# The sanitizer build is several times slower: absolute limits scale.
case $BIN in
*sanitize*) SLOW=4 ;;
*) SLOW=1 ;;
esac
TIMEOUT=${PATHO_TIMEOUT:-$((5 * SLOW))}
# Quadratic growth gives 16x for a 4x input; linear gives about 4x.
MAX_RATIO=8
# Below this many milliseconds for the large input, the ratio is noise.
FLOOR_MS=50
# An exit 2 prints one message, not the input: at most this many bytes.
MAX_ERR=65536
DF_CMDS="parse harden fmt lint k8s docker-run"

if [ ! -x "$BIN" ] || [ ! -f "$GEN" ]; then
	echo "pathological: $BIN is not an executable file or $GEN is missing" >&2
	echo "pathological: 0 passed, 1 failed"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/patho.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

if command -v timeout >/dev/null 2>&1; then
	have_to=1
else
	have_to=0
fi
case $(date +%s%N) in
*N* | *%*) have_ns=0 ;;
*) have_ns=1 ;;
esac
ESC=$(printf '\033')

passed=0
failed=0
reasons=""
figs=$tmp/figures
: >"$figs"

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

# secs MS: milliseconds as a decimal number of seconds for timeout(1).
secs() {
	printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000))
}

# run PFX LIMIT_MS ARGS...: BIN's stdout/stderr/status/time into PFX.*.
run() {
	r_pfx=$1
	r_lim=$2
	shift 2
	r_t0=$(now_ms)
	if [ "$have_to" = 1 ]; then
		timeout "$(secs "$r_lim")" "$BIN" "$@" </dev/null \
			>"$r_pfx.out" 2>"$r_pfx.err"
	else
		"$BIN" "$@" </dev/null >"$r_pfx.out" 2>"$r_pfx.err"
	fi
	echo $? >"$r_pfx.status"
	echo $(($(now_ms) - r_t0)) >"$r_pfx.ms"
}

describe_status() {
	if [ "$1" -eq 124 ] && [ "$have_to" = 1 ]; then
		echo "timed out after $(secs "$2") s"
	elif [ "$1" -ge 128 ]; then
		echo "killed by signal $(($1 - 128))"
	else
		echo "exit status $1"
	fi
}

# want CLASS CMD: the statuses CMD may exit with for an input of CLASS.
#   ok      valid Dockerfile: parse 0, the others 0 or 1 (changes, findings)
#   syntax  syntax error: 2, but fmt is lenient (keeps the text, exits 1)
#   none    no instructions (empty, BOM only): 2, fmt keeps it and exits 0
#   limit   over a documented limit: 2 for every command
#   any     random input: whatever is documented, never a signal (fmt
#           too may exit 2: binary data is not a Dockerfile, wrong-kind)
want() {
	case $1:$2 in
	ok:parse) echo 0 ;;
	ok:*) echo "0|1" ;;
	syntax:fmt) echo 1 ;;
	syntax:*) echo 2 ;;
	none:fmt) echo 0 ;;
	none:*) echo 2 ;;
	limit:*) echo 2 ;;
	any:parse) echo "0|2" ;;
	any:*) echo "0|1|2" ;;
	*) echo "$1" ;;
	esac
}

# check PFX WANT CMD [CODE [LABEL]]: status, sanitizer reports, the error message
# (one "FILE:L:C: error: ... [code]" line, bounded size, CODE when given)
# and raw terminal escapes in the diagnostics (lint reports on stdout).
check() {
	c_st=$(cat "$1.status")
	c_l=$3${5:-}
	case "|$2|" in
	*"|$c_st|"*) ;;
	*)
		fail "$c_l: $(describe_status "$c_st" "$(cat "$1.lim")"), expected $2; stderr:
$(head -n 5 "$1.err" | cut -c1-300)"
		return
		;;
	esac
	if grep -q -e 'Sanitizer' -e 'runtime error:' "$1.err"; then
		fail "$c_l: sanitizer report:
$(grep -m 3 -e 'Sanitizer' -e 'runtime error:' "$1.err" | cut -c1-300)"
	fi
	# lint reports on stdout; read failures go to stderr for every command.
	cp "$1.err" "$tmp/diag"
	[ "$3" = lint ] && cat "$1.out" >>"$tmp/diag"
	if grep -q "$ESC" "$tmp/diag"; then
		fail "$c_l: raw terminal escape (ESC) in the diagnostics"
	fi
	[ "$c_st" = 2 ] || return
	if ! grep -q -E ':[0-9]+:[0-9]+: error: .*\[[a-zA-Z0-9-]+\]' "$tmp/diag"; then
		fail "$c_l: status 2 but no 'FILE:L:C: error: ... [code]' message:
$(head -n 3 "$tmp/diag" | cut -c1-300)"
	elif [ -n "${4:-}" ] &&
		! grep -q -E "\[($4)\]" "$tmp/diag"; then
		fail "$c_l: status 2 but not [$4]: $(head -n 1 "$tmp/diag" | cut -c1-300)"
	fi
	c_sz=$(($(wc -c <"$1.err") + $(wc -c <"$1.out")))
	if [ "$c_sz" -gt "$MAX_ERR" ]; then
		fail "$c_l: status 2 with $c_sz bytes of output (over $MAX_ERR): the message repeats the input"
	fi
}

# check_source FILE: parse --dump=source prints FILE back byte for byte.
check_source() {
	run "$tmp/src" $((TIMEOUT * 1000)) parse --dump=source "$1"
	c_st=$(cat "$tmp/src.status")
	if [ "$c_st" -ge 124 ]; then
		fail "--dump=source: $(describe_status "$c_st" $((TIMEOUT * 1000)))"
	elif ! cmp -s "$1" "$tmp/src.out"; then
		fail "--dump=source does not reproduce the input (status $c_st, $(wc -c <"$1") bytes in, $(wc -c <"$tmp/src.out") out)"
	fi
}

# check_idem PFX FILE: patching PATCH's output again prints it unchanged.
check_idem() {
	[ "$(cat "$1.status")" -le 1 ] || return
	[ -s "$1.out" ] || return
	cp "$1.out" "$tmp/idem.yaml"
	run "$tmp/idem" $((TIMEOUT * 1000)) patch "$tmp/idem.yaml"
	i_st=$(cat "$tmp/idem.status")
	if [ "$i_st" -gt 1 ]; then
		fail "patch of the output: $(describe_status "$i_st" $((TIMEOUT * 1000)))"
	elif ! cmp -s "$1.out" "$tmp/idem.out"; then
		fail "patch of the output changes it again (not idempotent)"
	fi
}

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

# figure CASE CMD BYTES STATUS MS [SMALL_MS RATIO]: one line of figures.
figure() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" \
		"${6:--}" "${7:--}" >>"$figs"
}

# ratio10 SMALL LARGE: LARGE/SMALL with one decimal, as "r.d".
ratio10() {
	r_b=$1
	[ "$r_b" -gt 0 ] || r_b=1
	r_x=$(($2 * 10 / r_b))
	echo "$((r_x / 10)).$((r_x % 10))"
}

# timed_pair NAME CMD WANT CODE: runs CMD on $tmp/NAME-small.EXT and
# $tmp/NAME-large.EXT (EXT in $ext). The large run may take at most
# MAX_RATIO times the small one (at least 1 s) and the per-run limit; when
# the small run already rules out the large one within the limit, the large
# one is not run. A ratio over the limit is timed once more (noise).
timed_pair() {
	p_small=$tmp/$1-small.$ext
	p_large=$tmp/$1-large.$ext
	p_lim=$((TIMEOUT * 1000))
	echo "$p_lim" >"$tmp/s.lim"
	run "$tmp/s" "$p_lim" "$2" "$p_small"
	check "$tmp/s" "$3" "$2" "$4" " (N/4)"
	p_ms1=$(cat "$tmp/s.ms")
	if [ "$(cat "$tmp/s.status")" -ge 124 ]; then
		figure "$fig_name" "$2" "$(wc -c <"$p_large")" "-" "-" "$p_ms1" "-"
		return
	fi
	if [ $((p_ms1 * 4)) -gt "$p_lim" ]; then
		fail "$2: already ${p_ms1} ms at N/4; linear growth would pass the ${TIMEOUT} s limit at N (large run skipped)"
		figure "$fig_name" "$2" "$(wc -c <"$p_large")" "skipped" "-" "$p_ms1" "-"
		return
	fi
	for p_try in 1 2; do
		p_cap=$((p_ms1 * MAX_RATIO))
		[ "$p_cap" -ge 1000 ] || p_cap=1000
		[ "$p_cap" -le "$p_lim" ] || p_cap=$p_lim
		echo "$p_cap" >"$tmp/l.lim"
		run "$tmp/l" "$p_cap" "$2" "$p_large"
		p_ms4=$(cat "$tmp/l.ms")
		p_st=$(cat "$tmp/l.status")
		if [ "$p_ms4" -lt "$FLOOR_MS" ] || [ "$p_try" = 2 ] ||
			[ "$p_ms4" -le $((p_ms1 * MAX_RATIO)) ] ||
			[ "$p_st" = 124 ] || [ "$p_ms4" -gt 3000 ]; then
			break
		fi
		run "$tmp/s" "$p_lim" "$2" "$p_small"
		[ "$(cat "$tmp/s.ms")" -ge "$p_ms1" ] || p_ms1=$(cat "$tmp/s.ms")
	done
	if [ "$p_st" = 124 ] && [ "$have_to" = 1 ]; then
		fail "$2: not linear: ${p_ms1} ms at N/4, over ${p_cap} ms at N (killed)"
		figure "$fig_name" "$2" "$(wc -c <"$p_large")" "killed" ">$p_cap" \
			"$p_ms1" ">$(ratio10 "$p_ms1" "$p_cap")"
		return
	fi
	check "$tmp/l" "$3" "$2" "$4"
	if [ "$p_ms4" -ge "$FLOOR_MS" ] &&
		[ "$p_ms4" -gt $((p_ms1 * MAX_RATIO)) ]; then
		fail "$2: not linear: ${p_ms1} ms at N/4, ${p_ms4} ms at N (over ${MAX_RATIO}x for 4x input)"
	fi
	figure "$fig_name" "$2" "$(wc -c <"$p_large")" "$p_st" "$p_ms4" "$p_ms1" \
		"$(ratio10 "$p_ms1" "$p_ms4")"
}

# scaled NAME CLASS N [CMDS]: a Dockerfile case at N/4 and N, every command
# (or CMDS), then the round-trip of the large input.
scaled() {
	ext=Dockerfile
	fig_name="$1 (N=$3)"
	sh "$GEN" "$1" $(($3 / 4)) >"$tmp/$1-small.$ext"
	sh "$GEN" "$1" "$3" >"$tmp/$1-large.$ext"
	for s_cmd in ${4:-$DF_CMDS}; do
		timed_pair "$1" "$s_cmd" "$(want "$2" "$s_cmd")" ""
	done
	[ "$2" = limit ] || check_source "$tmp/$1-large.$ext"
	finish "$1 (N=$3)"
}

# single NAME CLASS [CODE [MAX_MS [DUMP]]]: a Dockerfile case once, every
# command; CODE is the diagnostic code an exit 2 must carry, MAX_MS bounds
# each run, DUMP is the expected reference dump (printf format string).
single() {
	f=$tmp/$1.Dockerfile
	sh "$GEN" "$1" >"$f"
	o_lim=$((TIMEOUT * 1000))
	if [ -n "${4:-}" ]; then
		o_lim=$(($4 * SLOW))
	fi
	for o_cmd in $DF_CMDS; do
		echo "$o_lim" >"$tmp/one.lim"
		run "$tmp/one" "$o_lim" "$o_cmd" "$f"
		check "$tmp/one" "$(want "$2" "$o_cmd")" "$o_cmd" "${3:-}"
		figure "$1" "$o_cmd" "$(wc -c <"$f")" "$(cat "$tmp/one.status")" \
			"$(cat "$tmp/one.ms")"
		if [ "$o_cmd" = parse ] && [ -n "${5:-}" ] &&
			[ "$(cat "$tmp/one.status")" = 0 ]; then
			# shellcheck disable=SC2059 # the format is the test table's expected text, escapes included
			printf "$5" >"$tmp/want"
			if ! cmp -s "$tmp/want" "$tmp/one.out"; then
				fail "dump differs:
$(diff -u "$tmp/want" "$tmp/one.out" | head -n 20 | cut -c1-300)"
			fi
		fi
	done
	[ "$2" = limit ] || check_source "$f"
	finish "$1"
}

# yscaled NAME WANT N [CODE]: a YAML case through patch at N/4 and N; the
# small output must patch to itself.
yscaled() {
	ext=yaml
	fig_name="$1 (N=$3)"
	sh "$GEN" "$1" $(($3 / 4)) >"$tmp/$1-small.$ext"
	sh "$GEN" "$1" "$3" >"$tmp/$1-large.$ext"
	timed_pair "$1" patch "$2" "${4:-}"
	check_idem "$tmp/s"
	finish "$1 (N=$3)"
}

# ysingle NAME WANT [CODE [MAX_MS]]: a YAML case through patch once.
ysingle() {
	f=$tmp/$1.yaml
	sh "$GEN" "$1" >"$f"
	o_lim=$((TIMEOUT * 1000))
	[ -z "${4:-}" ] || o_lim=$(($4 * SLOW))
	echo "$o_lim" >"$tmp/one.lim"
	run "$tmp/one" "$o_lim" patch "$f"
	check "$tmp/one" "$2" patch "${3:-}"
	figure "$1" patch "$(wc -c <"$f")" "$(cat "$tmp/one.status")" \
		"$(cat "$tmp/one.ms")"
	check_idem "$tmp/one"
	finish "$1"
}

# huge: a sparse file one byte over the 1 GiB input limit (no disk used).
huge() {
	f=$tmp/huge.Dockerfile
	if ! truncate -s $((1024 * 1024 * 1024 + 1)) "$f" 2>/dev/null; then
		echo "pathological: truncate failed, input-too-large skipped"
		return
	fi
	for o_cmd in $DF_CMDS; do
		echo $((TIMEOUT * 1000)) >"$tmp/one.lim"
		run "$tmp/one" $((TIMEOUT * 1000)) "$o_cmd" "$f"
		check "$tmp/one" 2 "$o_cmd" input-too-large
		figure input-too-large "$o_cmd" "$(wc -c <"$f")" \
			"$(cat "$tmp/one.status")" "$(cat "$tmp/one.ms")"
	done
	rm -f "$f"
	truncate -s $((1024 * 1024 * 1024 + 1)) "$tmp/huge.yaml"
	echo $((TIMEOUT * 1000)) >"$tmp/one.lim"
	run "$tmp/one" $((TIMEOUT * 1000)) patch "$tmp/huge.yaml"
	check "$tmp/one" 2 patch input-too-large
	figure input-too-large patch "$(wc -c <"$tmp/huge.yaml")" \
		"$(cat "$tmp/one.status")" "$(cat "$tmp/one.ms")"
	rm -f "$tmp/huge.yaml"
	finish input-too-large
}

# --- Dockerfiles: every command ---
single empty none no-instructions
single bomonly none no-instructions
single nul ok "" "" '(from "x")\n(run "echo a\\x00b")\n'
single badutf8 ok "" "" \
	'(from "x")\n(run "echo \\xff\\xfe \\xc0\\x80 \\xed\\xa0\\x80 \\xe2\\x82")\n'
single unterminated syntax unterminated-heredoc
single binary any
single ctrl syntax invalid-instruction
single ctrl-warn ok
single hugeline limit line-too-long 3000
scaled random any 100000
scaled longline ok 2000000
scaled longerror syntax 2000000
scaled continuations ok 200000
scaled blankcont ok 200000
scaled heredocs ok 50000
scaled unterminated-long syntax 200000
scaled brackets ok 100000
scaled stages ok 20000
scaled instructions ok 100000
# NUL runs hit the scanner, shared by every command: parse alone.
scaled nulrun ok 80000 parse

# --- YAML: patch ---
ysingle empty 0
ysingle yaml-comments 0
ysingle yaml-tabs 2 yaml-syntax
# Binary data: whichever check meets it first (a bare CR, invalid YAML).
ysingle yaml-binary 2 'yaml-syntax|bare-cr|template-detected'
ysingle yaml-helm 2 template-detected
ysingle yaml-laughs 0 "" 2000
yscaled yaml-bomb 1 40
yscaled yaml-deep-block 2 50000 yaml-too-deep
yscaled yaml-deep-flow 2 50000 yaml-too-deep
# Under the 10,000-level limit block nesting is accepted: still linear.
# Flow nesting stops at 1,000 levels (libyaml's scanner is quadratic in
# it), so 800 levels is accepted and 8,000 refused, both fast.
yscaled yaml-deep-block "0|1" 8000
yscaled yaml-deep-flow "0|1" 800
yscaled yaml-deep-flow 2 8000 yaml-too-deep
yscaled yaml-docs 1 20000
yscaled yaml-scalar 1 2000000

[ "${PATHO_HUGE:-1}" = 0 ] || huge

if [ -n "${FIGURES:-}" ]; then
	cp "$figs" "$FIGURES"
fi
if [ "${VERBOSE:-0}" = 1 ]; then
	echo "case	command	bytes	status	ms(N)	ms(N/4)	ratio"
	cat "$figs"
fi
echo "pathological: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
