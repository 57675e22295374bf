#!/bin/sh
# SPDX-License-Identifier: MIT
# Benchmark suite behind `make bench`: generates inputs deterministically
# under build/bench/data (tests/bench/gen.c, fixed seed), times parse+print
# in process (tests/bench/bench_parse.c) and as whole processes, with
# `wc -l` over the same bytes as the floor, and prints one markdown table
# with PASS/MISS against the targets in docs/benchmarks.md, then the
# language server's edit-to-diagnostics latency (tests/bench/lsp_latency.py;
# the run exits 1 when the server does not publish). Rows for
# commands the binary does not have yet print "n/a (command not available)".
#
# Usage: tests/bench/bench.sh BIN           (from any directory)
#   BENCH_QUICK=1          fewer iterations (a smoke run, not for numbers)
#   BENCH_MIGRATE_ARGS     default "--dry-run --jobs 2"
#   BENCH_PATCH_ARGS       default "" (manifests follow; prints, never -w)
#   BENCH_HARDEN_ARGS      default "" (files follow; run on scratch copies)
# POSIX sh (dash). Progress goes to stderr, the table to stdout (and to
# build/bench/results.md).

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
root=$(dirname "$(dirname "$script_dir")")
cd "$root" || exit 3
BUILD=$(dirname "$BIN")
case $BUILD in
"$root"/*) BUILD=${BUILD#"$root"/} ;;
esac
B=$BUILD/bench
D=$B/data
SEED=20240601
MIGRATE_ARGS=${BENCH_MIGRATE_ARGS:---dry-run --jobs 2}
PATCH_ARGS=${BENCH_PATCH_ARGS:-}
HARDEN_ARGS=${BENCH_HARDEN_ARGS:-}

say() { echo "bench: $*" >&2; }

if [ ! -x "$BIN" ]; then
	say "$BIN is not an executable file"
	exit 3
fi

# The tools: through the Makefile when it includes bench.mk, else directly.
if grep -q 'tests/bench/bench.mk' Makefile; then
	mk="make -s BUILD=$BUILD"
else
	mk="make -s BUILD=$BUILD -f Makefile -f tests/bench/bench.mk"
fi
if ! $mk "$B/gen" "$B/bench_parse" >&2; then
	if [ -x "$B/gen" ] && [ -x "$B/bench_parse" ]; then
		say "warning: could not rebuild the tools; using the old ones"
	else
		say "cannot build $B/gen and $B/bench_parse"
		exit 3
	fi
fi
GEN=$B/gen
BP=$B/bench_parse

if [ -n "$BENCH_QUICK" ]; then
	Q=1
else
	Q=0
fi
# iters FULL QUICK
iters() { if [ "$Q" = 1 ]; then echo "$2"; else echo "$1"; fi; }

# ---- data --------------------------------------------------------------
mkdir -p "$D" || exit 3
# fresh NAME: true when NAME must be (re)generated.
fresh() {
	[ ! -e "$D/.ok-$1" ] || [ -n "$(find "$GEN" -newer "$D/.ok-$1")" ]
}
made() { : >"$D/.ok-$1"; }

for mb in 1 4 16 64; do
	if fresh "big$mb"; then
		say "generating $mb MB Dockerfile"
		"$GEN" dockerfile $((mb * 1048576)) "$SEED" "$D/big$mb.Dockerfile" ||
			exit 3
		made "big$mb"
	fi
done
if fresh small; then
	say "generating 1,000 small Dockerfiles"
	rm -rf "$D/small" && "$GEN" small "$D/small" 1000 "$SEED" || exit 3
	made small
fi
if fresh typical; then
	"$GEN" typical "$D/typical.Dockerfile" "$SEED" || exit 3
	made typical
fi
if fresh manifests; then
	say "generating 1,000 manifests"
	rm -rf "$D/manifests" && "$GEN" manifests "$D/manifests" 1000 "$SEED" ||
		exit 3
	made manifests
fi
if fresh tree; then
	say "generating a tree of 10,000 Dockerfiles and 10,000 manifests"
	rm -rf "$D/tree" && "$GEN" tree "$D/tree" 10000 10000 "$SEED" || exit 3
	made tree
fi
ls "$D"/small/*.Dockerfile >"$D/small.list"
ls "$D"/manifests/*.yaml >"$D/manifests.list"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# ---- helpers -----------------------------------------------------------
# kv LINE KEY: the value of KEY=... in a bench_parse result line.
kv() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# calc EXPR: awk arithmetic.
calc() { awk "BEGIN { print $1 }"; }

# fmt_ns NS: human time.
fmt_ns() {
	awk -v n="$1" 'BEGIN {
		if (n >= 1e9) printf "%.2f s", n / 1e9;
		else if (n >= 1e7) printf "%.0f ms", n / 1e6;
		else printf "%.2f ms", n / 1e6 }'
}

fmt_kb() {
	awk -v k="$1" 'BEGIN {
		if (k < 0 || k == "") printf "?";
		else if (k >= 10240) printf "%.0f MB", k / 1024;
		else printf "%.1f MB", k / 1024 }'
}

fmt_bytes() {
	awk -v b="$1" 'BEGIN {
		if (b >= 1048576) printf "%.1f MB", b / 1048576;
		else printf "%.0f KB", b / 1024 }'
}

# mbps BYTES NS
mbps() { awk -v b="$1" -v n="$2" 'BEGIN { printf "%.0f MB/s", b / 1e6 / (n / 1e9) }'; }
# fps FILES NS
fps() { awk -v f="$1" -v n="$2" 'BEGIN { printf "%.0f files/s", f / (n / 1e9) }'; }

# verdict OK-EXPR: PASS when the awk expression is true.
verdict() { if [ "$(calc "($1) ? 1 : 0")" = 1 ]; then echo PASS; else echo MISS; fi; }

# Peak RSS of one run of a command, in KB: GNU time when present.
if /usr/bin/time -f %M true >/dev/null 2>&1 && /usr/bin/time --version 2>&1 | grep -q GNU; then
	have_gnu_time=1
else
	have_gnu_time=0
fi
rss_of() {
	if [ "$have_gnu_time" = 1 ]; then
		/usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null 2>&1
		tail -n 1 "$tmp/rss"
	else
		kv "$("$BP" -x 1 -- "$@")" rss_kb
	fi
}

# A command exists when `BIN CMD --help` succeeds and either the global
# help lists it or its help differs from the global one (main.c answers
# --help before it checks the command, so the exit status alone says
# nothing).
have_cmd() {
	"$BIN" "$1" --help >"$tmp/h1" 2>&1 || return 1
	"$BIN" --help >"$tmp/h0" 2>&1
	grep -Eq "^[[:space:]]+$1([[:space:]]|\$)" "$tmp/h0" && return 0
	! cmp -s "$tmp/h0" "$tmp/h1"
}

rows=$tmp/rows
: >"$rows"
cpu_split=""
row() {
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
		"$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$9" >>"$rows"
}
na() { row "$1" "$2" "n/a ($3)" "" "" "" "" "$4" ""; }

# ---- 1. large files ------------------------------------------------------
for mb in 1 4 16 64; do
	f=$D/big$mb.Dockerfile
	size=$(wc -c <"$f")
	case $mb in
	1) ni=$(iters 21 3) np=$(iters 11 3) ;;
	4) ni=$(iters 11 3) np=$(iters 7 3) ;;
	16) ni=$(iters 5 1) np=$(iters 5 1) ;;
	*) ni=$(iters 3 1) np=$(iters 3 1) ;;
	esac
	say "parse+print $mb MB: in process ($ni), process ($np), wc -l"
	r=$("$BP" -n "$ni" "$f") || { say "in-process run failed: $r"; exit 1; }
	[ "$(kv "$r" roundtrip)" = ok ] || say "ROUND TRIP FAILED on $f"
	t_in=$(kv "$r" median_ns)
	rss_in=$(kv "$r" rss_kb)
	w=$("$BP" -x "$np" -- wc -l "$f")
	t_wc=$(kv "$w" median_ns)
	p=$("$BP" -x "$np" -- "$BIN" parse --dump=source "$f")
	t_p=$(kv "$p" median_ns)
	[ "$(kv "$p" status)" = 0 ] || say "parse exited $(kv "$p" status) on $f"
	rss_p=$(rss_of "$BIN" parse --dump=source "$f")
	u_in=$(kv "$r" user_ns)
	s_in=$(kv "$r" sys_ns)
	case $mb in
	1) t_in_1=$t_in u_in_1=$u_in ;;
	16) t_in_16=$t_in u_in_16=$u_in ;;
	64) t_in_64=$t_in u_in_64=$u_in rss_p_64=$rss_p size_64=$size ;;
	esac
	cpu_split="$cpu_split $mb MB: $(fmt_ns "$u_in") user + $(fmt_ns "$s_in") system;"
	ratio_in=$(calc "$t_in / $t_wc")
	ratio_p=$(calc "$t_p / $t_wc")
	ok_in=$(verdict "$size / 1e6 / ($t_in / 1e9) >= 200 && $ratio_in <= 10")
	ok_p=$(verdict "$size / 1e6 / ($t_p / 1e9) >= 200 && $ratio_p <= 10")
	row "parse+print, in process (median of $ni)" "$(fmt_bytes "$size")" \
		"$(fmt_ns "$t_in")" "$(mbps "$size" "$t_in")" \
		"$(fmt_kb "$rss_in") (harness)" "$(fmt_ns "$t_wc")" \
		"$(printf '%.1fx' "$ratio_in")" ">= 200 MB/s, <= 10x wc" "$ok_in"
	row "parse --dump=source process (median of $np)" \
		"$(fmt_bytes "$size")" "$(fmt_ns "$t_p")" \
		"$(mbps "$size" "$t_p")" "$(fmt_kb "$rss_p")" \
		"$(fmt_ns "$t_wc")" "$(printf '%.1fx' "$ratio_p")" \
		">= 200 MB/s, <= 10x wc" "$ok_p"
done

# ---- 2. linearity and memory ----------------------------------------------
r64=$(calc "$t_in_64 / $t_in_1")
r16=$(calc "$t_in_16 / $t_in_1")
row "linearity: time(64 MB) / time(1 MB), in process" "64 MB / 1 MB" \
	"$(printf '%.1fx' "$r64")" "" "" "" "" "<= 70x" "$(verdict "$r64 <= 70")"
row "linearity: time(16 MB) / time(1 MB), in process" "16 MB / 1 MB" \
	"$(printf '%.1fx' "$r16")" "" "" "" "" "<= 17x" "$(verdict "$r16 <= 17")"
# The same in user CPU time: the parser's own work, without the kernel's
# page faults (the 1 MB run reuses memory the allocator kept, the larger
# ones fault theirs in afresh).
u64=$(calc "$u_in_64 / $u_in_1")
u16=$(calc "$u_in_16 / $u_in_1")
row "linearity, user CPU time: 64 MB / 1 MB, in process" "64 MB / 1 MB" \
	"$(printf '%.1fx' "$u64")" "" "" "" "" "<= 70x" "$(verdict "$u64 <= 70")"
row "linearity, user CPU time: 16 MB / 1 MB, in process" "16 MB / 1 MB" \
	"$(printf '%.1fx' "$u16")" "" "" "" "" "<= 17x" "$(verdict "$u16 <= 17")"
rr=$(calc "$rss_p_64 * 1024 / $size_64")
src="GNU time"
[ "$have_gnu_time" = 1 ] || src="getrusage (no GNU time)"
row "peak RSS / input size, 64 MB process ($src)" "$(fmt_bytes "$size_64")" \
	"" "" "$(fmt_kb "$rss_p_64")" "" "$(printf '%.2fx' "$rr")" \
	"<= 4x input" "$(verdict "$rr <= 4")"

# ---- 3. 1,000 small files ----------------------------------------------------
nsmall=$(wc -l <"$D/small.list")
bsmall=$(xargs cat <"$D/small.list" | wc -c)
say "1,000 small files: in process, one process, one process per file"
r=$("$BP" -n "$(iters 5 1)" -l "$D/small.list")
t=$(kv "$r" median_ns)
row "1,000 small files, in process" "$(fmt_bytes "$bsmall")" "$(fmt_ns "$t")" \
	"$(fps "$nsmall" "$t"), $(mbps "$bsmall" "$t")" \
	"$(fmt_kb "$(kv "$r" rss_kb)") (harness)" "" "" "" ""
# shellcheck disable=SC2046 # word splitting intended: the output is a list of file names without spaces
set -- $(cat "$D/small.list")
w=$("$BP" -x "$(iters 5 1)" -- wc -l "$@")
t_wc=$(kv "$w" median_ns)
p=$("$BP" -x "$(iters 5 1)" -- "$BIN" parse --dump=source "$@")
t=$(kv "$p" median_ns)
ratio=$(calc "$t / $t_wc")
row "1,000 small files, parse --dump=source, one process" \
	"$(fmt_bytes "$bsmall")" "$(fmt_ns "$t")" \
	"$(fps "$nsmall" "$t"), $(mbps "$bsmall" "$t")" \
	"$(fmt_kb "$(kv "$p" rss_kb)")" "$(fmt_ns "$t_wc")" \
	"$(printf '%.1fx' "$ratio")" ">= 200 MB/s, <= 10x wc" \
	"$(verdict "$bsmall / 1e6 / ($t / 1e9) >= 200 && $ratio <= 10")"
w=$("$BP" -e "$D/small.list" -- wc -l)
t_wc=$(kv "$w" total_ns)
p=$("$BP" -e "$D/small.list" -- "$BIN" parse --dump=source)
t=$(kv "$p" total_ns)
row "1,000 small files, parse --dump=source, process per file" \
	"$(fmt_bytes "$bsmall")" "$(fmt_ns "$t")" "$(fps "$nsmall" "$t")" \
	"$(fmt_kb "$(kv "$p" rss_kb)")" "$(fmt_ns "$t_wc")" \
	"$(printf '%.1fx' "$(calc "$t / $t_wc")")" "" ""

# ---- 4. harden ---------------------------------------------------------------
if have_cmd harden; then
	say "harden: 1,000 small files"
	rm -rf "$tmp/hsmall" && cp -R "$D/small" "$tmp/hsmall"
	ls "$tmp"/hsmall/*.Dockerfile >"$tmp/hsmall.list"
	# shellcheck disable=SC2046 # word splitting intended: the output is a list of file names without spaces
	set -- $(cat "$tmp/hsmall.list")
	# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
	p=$("$BP" -x "$(iters 3 1)" -- "$BIN" harden $HARDEN_ARGS "$@")
	st=$(kv "$p" status)
	if [ "$st" -ge 2 ]; then
		na "harden, 1,000 small files, one process" \
			"$(fmt_bytes "$bsmall")" "exit status $st" ""
	else
		t=$(kv "$p" median_ns)
		row "harden, 1,000 small files, one process" \
			"$(fmt_bytes "$bsmall")" "$(fmt_ns "$t")" \
			"$(fps "$nsmall" "$t")" "$(fmt_kb "$(kv "$p" rss_kb)")" \
			"" "" "" ""
	fi
	# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
	p=$("$BP" -e "$tmp/hsmall.list" -- "$BIN" harden $HARDEN_ARGS)
	t=$(kv "$p" total_ns)
	row "harden, 1,000 small files, process per file" \
		"$(fmt_bytes "$bsmall")" "$(fmt_ns "$t")" "$(fps "$nsmall" "$t")" \
		"$(fmt_kb "$(kv "$p" rss_kb)")" "" "" "" ""
	one_cmd=harden
else
	na "harden, 1,000 small files" "$(fmt_bytes "$bsmall")" \
		"command not available" ""
	one_cmd=parse
fi

# ---- 5. one process on a typical 2 KB file (format-on-save cost) ---------------
ty=$tmp/typical.Dockerfile
cp "$D/typical.Dockerfile" "$ty"
n=$(iters 200 20)
say "one $one_cmd process on a 2 KB file, $n runs"
if [ "$one_cmd" = harden ]; then
	# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
	p=$("$BP" -x "$n" -- "$BIN" harden $HARDEN_ARGS "$ty")
	what="one harden process, typical Dockerfile (median of $n)"
else
	p=$("$BP" -x "$n" -- "$BIN" parse --dump=source "$ty")
	what="one parse process (harden n/a), typical Dockerfile (median of $n)"
fi
t=$(kv "$p" median_ns)
w=$("$BP" -x "$n" -- wc -l "$ty")
t_wc=$(kv "$w" median_ns)
row "$what" "$(fmt_bytes "$(wc -c <"$ty")")" "$(fmt_ns "$t")" "" \
	"$(fmt_kb "$(kv "$p" rss_kb)")" "$(fmt_ns "$t_wc")" \
	"$(printf '%.1fx' "$(calc "$t / $t_wc")")" "<= 2 ms" \
	"$(verdict "$t <= 2e6")"

# ---- 6. migrate ----------------------------------------------------------------
btree=$(find "$D/tree" -type f -exec cat {} + | wc -c)
if have_cmd migrate; then
	say "migrate $MIGRATE_ARGS on 20,000 files"
	# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
	p=$("$BP" -x "$(iters 3 1)" -- "$BIN" migrate $MIGRATE_ARGS "$D/tree")
	st=$(kv "$p" status)
	# shellcheck disable=SC2016 # single quotes intended: the inner sh expands these
	w=$("$BP" -x "$(iters 3 1)" -- sh -c \
		'find "$1" -type f -exec cat {} + | wc -l' sh "$D/tree")
	t_wc=$(kv "$w" median_ns)
	if [ "$st" -ge 2 ]; then
		# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
		msg=$("$BIN" migrate $MIGRATE_ARGS "$D/tree" 2>&1 >/dev/null |
			head -n 1 | tr '|' '/')
		na "migrate $MIGRATE_ARGS, 10,000 Dockerfiles + 10,000 manifests" \
			"$(fmt_bytes "$btree")" "exit status $st: $msg" "<= 5 s"
	else
		t=$(kv "$p" median_ns)
		row "migrate $MIGRATE_ARGS, 10,000 Dockerfiles + 10,000 manifests" \
			"$(fmt_bytes "$btree")" "$(fmt_ns "$t")" \
			"$(fps 20000 "$t")" "$(fmt_kb "$(kv "$p" rss_kb)")" \
			"$(fmt_ns "$t_wc")" "$(printf '%.1fx' "$(calc "$t / $t_wc")")" \
			"<= 5 s" "$(verdict "$t <= 5e9")"
	fi
else
	na "migrate, 10,000 Dockerfiles + 10,000 manifests" \
		"$(fmt_bytes "$btree")" "command not available" "<= 5 s"
fi

# ---- 7. patch --------------------------------------------------------------------
bman=$(xargs cat <"$D/manifests.list" | wc -c)
if have_cmd patch; then
	say "patch${PATCH_ARGS:+ $PATCH_ARGS} on 1,000 manifests"
	rm -rf "$tmp/man" && cp -R "$D/manifests" "$tmp/man"
	# shellcheck disable=SC2046 # word splitting intended: the output is a list of file names without spaces
	set -- $(ls "$tmp"/man/*.yaml)
	# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
	p=$("$BP" -x "$(iters 3 1)" -- "$BIN" patch $PATCH_ARGS "$@")
	st=$(kv "$p" status)
	w=$("$BP" -x "$(iters 3 1)" -- wc -l "$@")
	t_wc=$(kv "$w" median_ns)
	if [ "$st" -ge 2 ]; then
		# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
		msg=$("$BIN" patch $PATCH_ARGS "$@" 2>&1 >/dev/null | head -n 1 |
			tr '|' '/')
		na "patch${PATCH_ARGS:+ $PATCH_ARGS}, 1,000 manifests" \
			"$(fmt_bytes "$bman")" "exit status $st: $msg" ""
	else
		t=$(kv "$p" median_ns)
		row "patch${PATCH_ARGS:+ $PATCH_ARGS}, 1,000 manifests, one process" \
			"$(fmt_bytes "$bman")" "$(fmt_ns "$t")" \
			"$(fps 1000 "$t"), $(mbps "$bman" "$t")" \
			"$(fmt_kb "$(kv "$p" rss_kb)")" "$(fmt_ns "$t_wc")" \
			"$(printf '%.1fx' "$(calc "$t / $t_wc")")" "" ""
		ls "$tmp"/man/*.yaml >"$tmp/man.list"
		# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
		p=$("$BP" -e "$tmp/man.list" -- "$BIN" patch $PATCH_ARGS)
		t=$(kv "$p" total_ns)
		row "patch${PATCH_ARGS:+ $PATCH_ARGS}, 1,000 manifests, process per file" \
			"$(fmt_bytes "$bman")" "$(fmt_ns "$t")" "$(fps 1000 "$t")" \
			"$(fmt_kb "$(kv "$p" rss_kb)")" "" "" "" ""
	fi
else
	na "patch, 1,000 manifests" "$(fmt_bytes "$bman")" \
		"command not available" ""
fi

# ---- 8. the language server -------------------------------------------------------
# Latency from a didChange to its publishDiagnostics, over a pipe as an
# editor has it (tests/bench/lsp_latency.py), and the server's memory over
# many edits. A server that does not publish fails the run: no answer is
# never a fast one.
lsp_failed=0
if have_cmd lsp && command -v python3 >/dev/null 2>&1; then
	ne=$(iters 200 50) nb=$(iters 20 3) nr=$(iters 10000 500)
	say "lsp: $ne edits of 2 KB, $nb of 1 MB, $nr for memory"
	r=$(python3 tests/bench/lsp_latency.py "$BIN" "$D/typical.Dockerfile" \
		"$D/big1.Dockerfile" "$ne" "$nb" "$nr")
	if [ -z "$(kv "$r" small_median_ns)" ]; then
		say "LSP BENCHMARK FAILED: $r"
		row "lsp: didChange to publishDiagnostics" "" \
			"failed: $(printf '%s' "$r" | tr '|' '/')" "" "" "" "" \
			"a publish per edit" FAIL
		lsp_failed=1
	else
		med=$(kv "$r" small_median_ns) p95=$(kv "$r" small_p95_ns)
		row "lsp: didChange to publishDiagnostics, typical Dockerfile (median, p95 of $ne)" \
			"$(fmt_bytes "$(kv "$r" small_bytes)")" \
			"$(fmt_ns "$med"), p95 $(fmt_ns "$p95")" "" "" "" "" \
			"<= 5 ms (median and p95)" \
			"$(verdict "$med <= 5e6 && $p95 <= 5e6")"
		med=$(kv "$r" big_median_ns)
		row "lsp: didChange to publishDiagnostics, 1 MB Dockerfile (median of $nb)" \
			"$(fmt_bytes "$(kv "$r" big_bytes)")" \
			"$(fmt_ns "$med"), max $(fmt_ns "$(kv "$r" big_max_ns)")" \
			"" "" "" "" "<= 100 ms" "$(verdict "$med <= 1e8")"
		r1=$(kv "$r" rss_first_kb) r2=$(kv "$r" rss_last_kb)
		row "lsp: server RSS after $(kv "$r" rss_first_edits) and $nr edits of the 2 KB file" \
			"$(fmt_bytes "$(kv "$r" small_bytes)")" "" "" \
			"$(fmt_kb "$r1") then $(fmt_kb "$r2")" "" "" \
			"flat (<= +5% + 256 KB)" \
			"$(verdict "$r2 <= $r1 * 1.05 + 256")"
	fi
else
	na "lsp: didChange to publishDiagnostics" "2 KB, 1 MB" \
		"command or python3 not available" "<= 5 ms, <= 100 ms"
fi

# ---- the table -------------------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
load=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null)
out=$B/results.md
{
	echo "dockharden benchmarks, $(date -u +%Y-%m-%d), $(nproc) CPUs, ${cpu:-unknown CPU}, load average $load$([ "$Q" = 1 ] && echo ', QUICK run')"
	echo
	echo "| what | input | time | throughput | peak RSS | wc -l (same bytes) | ours/wc | target | result |"
	echo "|---|---|---|---|---|---|---|---|---|"
	cat "$rows"
	echo
	echo "CPU time of one in-process parse+print (mean):$cpu_split"
	[ "$have_gnu_time" = 1 ] ||
		echo "note: GNU time is absent; process peak RSS comes from getrusage(RUSAGE_CHILDREN)"
} | tee "$out"
[ "$lsp_failed" = 0 ] || exit 1
