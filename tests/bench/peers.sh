#!/bin/sh
# SPDX-License-Identifier: MIT
# `make bench-peers`: times dockharden against other Dockerfile tools from
# npm, installed into build/peers/ (never committed): dockerfile-utils
# (format), dockerfile-ast (parse) and dprint with its Dockerfile plugin
# (format; the plugin's .wasm comes from the @dprint/dockerfile npm package,
# so plugins.dprint.dev is not needed). Per-file latency on a 2 KB file
# (median of 50 calls inside one node process, and median of 20 whole
# processes) and throughput on a 16 MB file, each peer capped at 60 s.
# Skips with a message when npm is unreachable and nothing is installed.
#
# Usage: tests/bench/peers.sh BIN           (from any directory)
# POSIX sh (dash). Progress to stderr, the table to stdout (and to
# build/bench/peers.md).

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
P=$root/$BUILD/peers
SEED=20240601
LIMIT=60
PKGS="dockerfile-utils dockerfile-ast dprint @dprint/dockerfile"

say() { echo "peers: $*" >&2; }

if [ ! -x "$BIN" ]; then
	say "$BIN is not an executable file"
	exit 3
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	say "skipped: node or npm is not installed"
	exit 0
fi

# ---- tools and data ---------------------------------------------------------
if grep -q 'tests/bench/bench.mk' Makefile; then
	mk="make -s BUILD=$BUILD"
else
	mk="make -s BUILD=$BUILD -f Makefile -f tests/bench/bench.mk"
fi
if ! $mk "$B/gen" "$B/bench_parse" >&2; then
	if [ ! -x "$B/gen" ] || [ ! -x "$B/bench_parse" ]; then
		say "cannot build $B/gen and $B/bench_parse"
		exit 3
	fi
	say "warning: could not rebuild the tools; using the old ones"
fi
BP=$B/bench_parse
mkdir -p "$D" || exit 3
[ -s "$D/typical.Dockerfile" ] ||
	"$B/gen" typical "$D/typical.Dockerfile" "$SEED" || exit 3
[ -s "$D/big16.Dockerfile" ] ||
	"$B/gen" dockerfile 16777216 "$SEED" "$D/big16.Dockerfile" || exit 3
SMALL=$root/$D/typical.Dockerfile
BIG=$root/$D/big16.Dockerfile

# ---- peers ------------------------------------------------------------------
installed() {
	for d in dockerfile-utils dockerfile-ast dprint @dprint/dockerfile; do
		[ -e "$P/node_modules/$d/package.json" ] || return 1
	done
}
if ! installed; then
	if ! timeout 60 npm view dockerfile-utils version >/dev/null 2>&1; then
		say "skipped: the npm registry is unreachable (needed: $PKGS)"
		exit 0
	fi
	say "installing $PKGS into $P"
	mkdir -p "$P"
	# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
	if ! npm install --prefix "$P" --no-audit --no-fund $PKGS >&2; then
		say "skipped: npm install failed"
		exit 0
	fi
fi
ver() { sed -n 's/^  "version": "\(.*\)",$/\1/p' "$P/node_modules/$1/package.json"; }

# The dprint CLI: the platform binary from its optional dependency (the
# wrapper's postinstall may not have run).
DPRINT=
for c in "$P"/node_modules/@dprint/linux-*/dprint "$P/node_modules/.bin/dprint"; do
	if [ -x "$c" ] && "$c" --version >/dev/null 2>&1; then
		DPRINT=$c
		break
	fi
done
WASM=$P/node_modules/@dprint/dockerfile/plugin.wasm
printf '{ "plugins": ["%s"] }\n' "$WASM" >"$P/dprint.json"
DPRINT_CACHE_DIR=$P/dprint-cache
export DPRINT_CACHE_DIR

cat >"$P/peer.js" <<'EOF'
// peer.js MODE FILE RUNS: times RUNS calls of a peer on FILE's text inside
// one process; prints "median_ns=N min_ns=N".
'use strict';
const fs = require('fs');
const [mode, file, runsArg] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
let fn;
if (mode === 'utils-format') {
	const utils = require('dockerfile-utils');
	fn = () => utils.format(text, { insertSpaces: true, tabSize: 4 });
} else if (mode === 'ast-parse') {
	const { DockerfileParser } = require('dockerfile-ast');
	fn = () => DockerfileParser.parse(text).getInstructions().length;
} else {
	throw new Error('unknown mode ' + mode);
}
const runs = Number(runsArg) || 1;
const t = [];
for (let i = 0; i < runs; i++) {
	const t0 = process.hrtime.bigint();
	fn();
	t.push(Number(process.hrtime.bigint() - t0));
}
t.sort((a, b) => a - b);
console.log(`median_ns=${t[Math.floor((t.length - 1) / 2)]} min_ns=${t[0]}`);
EOF

tmp=$(mktemp -d "${TMPDIR:-/tmp}/peers.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

kv() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
calc() { awk "BEGIN { print $1 }"; }
fmt_ns() {
	case $1 in
	'' | -*) printf '%s' "${2:-n/a}"; return ;;
	esac
	awk -v n="$1" 'BEGIN {
		if (n >= 1e9) printf "%.2f s", n / 1e9;
		else if (n >= 1e7) printf "%.0f ms", n / 1e6;
		else printf "%.2f ms", n / 1e6 }'
}
mbps() {
	case $2 in
	'' | -*) return ;;
	esac
	awk -v b="$1" -v n="$2" 'BEGIN { printf "%.1f MB/s", b / 1e6 / (n / 1e9) }'
}
# ratio PEER OURS: "N.Nx" (how many times slower the peer is).
ratio() {
	case $1$2 in
	'' | *-*) return ;;
	esac
	[ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'
}

# wall LIMIT OKMAX CMD...: wall time of one run in ns with stdout to
# /dev/null; -1 when it ran over LIMIT seconds, -2 when it exited above
# OKMAX (dockharden exits 1 for "changes needed").
wall() {
	lim=$1
	okmax=$2
	shift 2
	t0=$(date +%s%N)
	timeout "$lim" "$@" >/dev/null 2>"$tmp/err"
	rc=$?
	t1=$(date +%s%N)
	if [ "$rc" -eq 124 ]; then
		echo -1
	elif [ "$rc" -gt "$okmax" ]; then
		say "$*: exit $rc: $(head -n 1 "$tmp/err")"
		echo -2
	else
		echo $((t1 - t0))
	fi
}
# wall_in LIMIT FILE CMD...: the same with FILE on stdin.
wall_in() {
	lim=$1
	f=$2
	shift 2
	t0=$(date +%s%N)
	timeout "$lim" "$@" <"$f" >/dev/null 2>"$tmp/err"
	rc=$?
	t1=$(date +%s%N)
	if [ "$rc" -eq 124 ]; then
		echo -1
	elif [ "$rc" -ne 0 ]; then
		say "$*: exit $rc: $(head -n 1 "$tmp/err")"
		echo -2
	else
		echo $((t1 - t0))
	fi
}
big_label() {
	case $1 in
	-1) echo "> $LIMIT s" ;;
	-2) echo "failed" ;;
	*) fmt_ns "$1" ;;
	esac
}

# A command exists when its help succeeds and is its own (see bench.sh).
have_cmd() {
	"$BIN" "$1" --help >"$tmp/h1" 2>&1 || return 1
	"$BIN" --help >"$tmp/h0" 2>&1
	grep -Eq "^[[:space:]]+$1([[:space:]]|\$)" "$tmp/h0" && return 0
	! cmp -s "$tmp/h0" "$tmp/h1"
}

NSMALL=50
NPROC=20
bsmall=$(wc -c <"$SMALL")
bbig=$(wc -c <"$BIG")
rows=$tmp/rows
: >"$rows"
# row TOOL TASK CALL PROC RATIO-PROC BIG THROUGHPUT RATIO-BIG
row() {
	printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$@" >>"$rows"
}

# ---- dockharden ---------------------------------------------------------------
if have_cmd fmt; then
	fmt_cmd="fmt"
	fmt_label="dockharden fmt"
else
	fmt_cmd="parse --dump=source"
	fmt_label="dockharden parse --dump=source (stand-in: fmt not available)"
fi
say "dockharden: 2 KB x $NSMALL in process, x $NPROC processes, 16 MB"
r=$("$BP" -n "$NSMALL" "$SMALL")
ours_call=$(kv "$r" median_ns)
# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
r=$("$BP" -x "$NPROC" -- "$BIN" $fmt_cmd "$SMALL")
ours_fmt_proc=$(kv "$r" median_ns)
# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
ours_fmt_big=$(wall "$LIMIT" 1 "$BIN" $fmt_cmd "$BIG")
r=$("$BP" -x "$NPROC" -- "$BIN" parse "$SMALL")
ours_parse_proc=$(kv "$r" median_ns)
ours_parse_big=$(wall "$LIMIT" 1 "$BIN" parse "$BIG")

row "$fmt_label" format "$(fmt_ns "$ours_call") (parse+print, in process)" \
	"$(fmt_ns "$ours_fmt_proc")" "1.0x" "$(big_label "$ours_fmt_big")" \
	"$(mbps "$bbig" "$ours_fmt_big")" "1.0x"
row "dockharden parse (reference dump)" parse "" \
	"$(fmt_ns "$ours_parse_proc")" "1.0x" "$(big_label "$ours_parse_big")" \
	"$(mbps "$bbig" "$ours_parse_big")" "1.0x"

# ---- node peers ----------------------------------------------------------------
node_peer() { # LABEL MODE TASK OURS-PROC OURS-BIG
	say "$1: 2 KB x $NSMALL in process, x $NPROC processes, 16 MB"
	r=$(cd "$P" && node peer.js "$2" "$SMALL" "$NSMALL")
	call=$(kv "$r" median_ns)
	r=$(cd "$P" && "$root/$BP" -x "$NPROC" -- node peer.js "$2" "$SMALL" 1)
	proc=$(kv "$r" median_ns)
	big=$(cd "$P" && wall "$LIMIT" 0 node peer.js "$2" "$BIG" 1)
	row "$1" "$3" "$(fmt_ns "$call")" "$(fmt_ns "$proc")" \
		"$(ratio "$proc" "$4")" "$(big_label "$big")" \
		"$(mbps "$bbig" "$big")" "$(ratio "$big" "$5")"
}
node_peer "dockerfile-utils $(ver dockerfile-utils) format()" utils-format \
	format "$ours_fmt_proc" "$ours_fmt_big"
node_peer "dockerfile-ast $(ver dockerfile-ast) DockerfileParser.parse()" \
	ast-parse parse "$ours_parse_proc" "$ours_parse_big"

# ---- dprint --------------------------------------------------------------------
if [ -n "$DPRINT" ] && [ -s "$WASM" ]; then
	label="dprint $("$DPRINT" --version | sed 's/^dprint //') + @dprint/dockerfile $(ver @dprint/dockerfile)"
	say "$label: warm-up (compiles the plugin), $NPROC processes, 16 MB"
	"$DPRINT" fmt --config "$P/dprint.json" --stdin x.dockerfile \
		<"$SMALL" >/dev/null 2>&1
	# shellcheck disable=SC2016 # single quotes intended: the inner sh expands these
	r=$("$BP" -x "$NPROC" -- sh -c \
		'exec "$1" fmt --config "$2" --stdin x.dockerfile <"$3"' sh \
		"$DPRINT" "$P/dprint.json" "$SMALL")
	proc=$(kv "$r" median_ns)
	[ "$(kv "$r" status)" = 0 ] || say "dprint exited $(kv "$r" status)"
	big=$(wall_in "$LIMIT" "$BIG" "$DPRINT" fmt --config "$P/dprint.json" \
		--stdin x.dockerfile)
	row "$label" format "" "$(fmt_ns "$proc")" \
		"$(ratio "$proc" "$ours_fmt_proc")" "$(big_label "$big")" \
		"$(mbps "$bbig" "$big")" "$(ratio "$big" "$ours_fmt_big")"
else
	row "dprint + @dprint/dockerfile" format "n/a (no dprint binary or plugin.wasm)" \
		"" "" "" "" ""
fi

# ---- the table -------------------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
load=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null)
{
	echo "dockharden vs peers, $(date -u +%Y-%m-%d), $(nproc) CPUs, ${cpu:-unknown CPU}, load average $load, node $(node --version)"
	echo "2 KB file: $(basename "$SMALL") ($bsmall bytes); 16 MB file: $(basename "$BIG") ($bbig bytes); ratios are peer / dockharden (higher = dockharden faster)"
	echo
	echo "| tool | task | 2 KB, one call in process (median of $NSMALL) | 2 KB, whole process (median of $NPROC) | ratio | 16 MB, whole process | 16 MB throughput | ratio |"
	echo "|---|---|---|---|---|---|---|---|"
	cat "$rows"
} | tee "$B/peers.md"
