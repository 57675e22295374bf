#!/bin/sh
# SPDX-License-Identifier: MIT
# `make fuzz`: builds each fuzz target with clang and libFuzzer (ASan and
# UBSan, DH_ARENA_DEBUG), runs it for FUZZ_SECONDS, then merges what it
# found into tests/fuzz/corpus/<target>/ (minimised, at most FUZZ_MAX_FILES
# files). Crashes are minimised into build/fuzz/crashes/<target>/; copy a
# reproducer to tests/fuzz/regressions/<short-name> so fuzz-replay keeps it.
#
# Usage: [VAR=...] sh tests/fuzz/run.sh [TARGET...]   (default: every target)
#   FUZZ_SECONDS=60      run time per target
#   FUZZ_MAX_LEN=8192    largest generated input
#   FUZZ_MAX_FILES=300   corpus size limit per target after merging
#   FUZZ_KEEP_GOING=1    keep fuzzing after a crash (libFuzzer -fork=1)
#   FUZZ_NO_BUILD=1      reuse the binaries in build/fuzz/ (parallel runs)
#   FUZZ_NO_MERGE=1      leave tests/fuzz/corpus/ alone
#   CONFORMANCE_DIR      seed folder (default ../shared/conformance)
#   CC_FUZZ=clang        the compiler
# POSIX sh (dash). Exit status: 0 no crash, 1 crashes found, 2 setup failed.

LC_ALL=C
export LC_ALL

script_dir=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$script_dir/../.." && pwd)
cd "$root" || exit 2

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_MAX_LEN=${FUZZ_MAX_LEN:-8192}
FUZZ_MAX_FILES=${FUZZ_MAX_FILES:-300}
CC_FUZZ=${CC_FUZZ:-clang}
CONFORMANCE_DIR=${CONFORMANCE_DIR:-$root/../shared/conformance}
out=build/fuzz
targets=$*
if [ -z "$targets" ]; then
	# The table in targets.c is the list: {"name", dh_fuzz_name},
	# (clang-format packs two entries on a line: take each, not the first)
	targets=$(grep -o '{"[a-z_]*", dh_fuzz_[a-z_]*}' tests/fuzz/targets.c |
		sed 's/^{"\([a-z_]*\)".*/\1/')
fi

die() {
	echo "fuzz: $*" >&2
	exit 2
}

check_clang() {
	command -v "$CC_FUZZ" >/dev/null 2>&1 ||
		die "$CC_FUZZ not found (apt-get install -y clang libclang-rt-14-dev)"
	printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\n%s\n' \
		'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; return (int)n * 0; }' \
		>"$out/probe.c"
	"$CC_FUZZ" -fsanitize=fuzzer -o "$out/probe" "$out/probe.c" 2>/dev/null ||
		die "no libFuzzer runtime for $CC_FUZZ (apt-get install -y libclang-rt-14-dev)"
}

# Library sources compiled once with coverage instrumentation into an
# archive; each target links it with libfuzzer.c and targets.c.
build() {
	check_clang
	${MAKE:-make} -s build/gen/lexer.c build/gen/parser.c ||
		die "make could not generate the scanner and parser"
	san="-fsanitize=address,undefined -fno-sanitize-recover=all"
	yaml_cflags=$(pkg-config --cflags yaml-0.1 2>/dev/null)
	yaml_libs=$(pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)
	# jansson: the language server's JSON (the lsp_read target)
	yaml_libs="$yaml_libs $(pkg-config --libs jansson 2>/dev/null || echo -ljansson)"
	flags="-std=c11 -g -O1 -fno-omit-frame-pointer -DDH_ARENA_DEBUG \
		-D_POSIX_C_SOURCE=200809L -Iinclude -Isrc -Ibuild/gen $yaml_cflags"
	mkdir -p "$out/obj"
	objs=
	for src in src/*/*.c transforms/*.c build/gen/*.c; do
		[ -f "$src" ] || continue
		[ "$src" = src/cli/main.c ] && continue
		obj=$out/obj/$(echo "$src" | tr / _).o
		# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
		"$CC_FUZZ" $flags $san -fsanitize=fuzzer-no-link -w -c \
			-o "$obj" "$src" || die "cannot compile $src"
		objs="$objs $obj"
	done
	# An archive, as in the Makefile: a target pulls in only what it uses.
	rm -f "$out/libdockharden-fuzz.a"
	# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
	ar rcs "$out/libdockharden-fuzz.a" $objs || die "ar failed"
	for t in $targets; do
		# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
		"$CC_FUZZ" $flags $san -fsanitize=fuzzer -DFUZZ_TARGET="$t" \
			-Wall -Wextra -o "$out/fuzz-$t" tests/fuzz/libfuzzer.c \
			tests/fuzz/targets.c "$out/libdockharden-fuzz.a" \
			$yaml_libs ||
			die "cannot build fuzz target $t"
	done
}

# Golden inputs and the reference parser's test files, one folder.
seeds() {
	mkdir -p "$out/seeds"
	for f in golden/*/input.*; do
		[ -f "$f" ] || continue
		c=${f#golden/}
		cp "$f" "$out/seeds/golden-${c%%/*}"
	done
	for f in "$CONFORMANCE_DIR"/*/*/Dockerfile; do
		[ -f "$f" ] || continue
		c=${f%/Dockerfile}
		cp "$f" "$out/seeds/conf-${c##*/}"
	done
}

# Keywords and punctuation that matter to the grammar, for mutations
# (libFuzzer dictionary syntax: \\ is a backslash, \xNN a byte).
dictionary() {
	cat >"$out/dockerfile.dict.$$" <<'DICT'
"FROM"
"RUN"
"CMD"
"LABEL"
"MAINTAINER"
"EXPOSE"
"ENV"
"ADD"
"COPY"
"ENTRYPOINT"
"VOLUME"
"USER"
"WORKDIR"
"ARG"
"ONBUILD"
"STOPSIGNAL"
"HEALTHCHECK"
"SHELL"
" AS "
"NONE"
"onbuild"
"# escape=`"
"# escape=\\"
"# syntax="
"# check="
" \\\x0a"
" `\x0a"
"\x0d\x0a"
"\xef\xbb\xbf"
"\x00"
"<<EOF"
"<<-EOF"
"<<\"EOF\""
"<<'EOF'"
"3<<EOF"
"\x0aEOF\x0a"
"--from="
"--chown="
"--chmod="
"--link"
"--platform="
"--mount=type=cache,target="
"--network=none"
"--interval="
"[\""
"\"]"
"\", \""
"[]"
"\\\""
"\\u00e9"
"${"
":-"
"$VAR"
"Content-Length: "
"content-type: application/vscode-jsonrpc; charset=utf-8"
"\x0d\x0a\x0d\x0a"
"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}"
DICT
	mv "$out/dockerfile.dict.$$" "$out/dockerfile.dict"
}

run_target() {
	t=$1
	work=$out/work/$t
	art=$out/artifacts/$t
	# Artifacts are this run's finds: an older run's would be reported
	# again (fixed or not) as if just found.
	rm -rf "$art"
	mkdir -p "$work" "$art" "$out/logs" "tests/fuzz/corpus/$t"
	keep=
	if [ "${FUZZ_KEEP_GOING:-0}" = 1 ]; then
		keep="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
	fi
	echo "fuzz: $t for ${FUZZ_SECONDS}s (log $out/logs/$t.log)"
	# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
	nice -n 10 "$out/fuzz-$t" -max_total_time="$FUZZ_SECONDS" \
		-max_len="$FUZZ_MAX_LEN" -timeout=10 -rss_limit_mb=2048 \
		-dict="$out/dockerfile.dict" -artifact_prefix="$art/" \
		-print_final_stats=1 $keep \
		"$work" "tests/fuzz/corpus/$t" "$out/seeds" \
		>"$out/logs/$t.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
		"$out/logs/$t.log" | tail -n 1)
	[ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' \
		"$out/logs/$t.log" | tail -n 1)
	echo "fuzz: $t: exit $rc, ${execs:-?} executions"
}

# What a reproducer breaks: the target's message or the sanitizer's
# summary, so repeats of one bug are minimised once.
signature() {
	"$out/fuzz-$1" -timeout=10 "$2" 2>&1 | grep -E '^(fuzz_[a-z_]*: |SUMMARY: )' |
		head -n 1 | sed 's/[0-9][0-9]*/N/g'
}

# Reduces each distinct crash to a small reproducer in
# build/fuzz/crashes/<t>/ and shows its bytes and stack.
minimise() {
	t=$1
	found=0
	seen=$out/crashes/$t.seen
	mkdir -p "$out/crashes/$t"
	: >"$seen"
	for a in "$out/artifacts/$t"/crash-* "$out/artifacts/$t"/timeout-* \
		"$out/artifacts/$t"/oom-* "$out/artifacts/$t"/leak-*; do
		[ -f "$a" ] || continue
		sig=$(signature "$t" "$a")
		grep -qxF "$sig" "$seen" && continue
		echo "$sig" >>"$seen"
		found=$((found + 1))
		min=$out/crashes/$t/${a##*/}
		nice -n 10 "$out/fuzz-$t" -minimize_crash=1 -runs=20000 \
			-max_total_time=120 -exact_artifact_path="$min" "$a" \
			>"$out/logs/$t-minimise.log" 2>&1
		[ -f "$min" ] || cp "$a" "$min"
		echo "fuzz: $t: crash $min ($(wc -c <"$min") bytes): $sig"
		od -An -tx1 "$min" | head -n 8
		"$out/fuzz-$t" -timeout=10 "$min" 2>&1 |
			grep -E '^(fuzz_|==|SUMMARY|    #[0-9])' | head -n 20
	done
	return "$found"
}

# Keeps the smallest set covering what the old corpus, the new finds and
# the seeds cover, in a fresh folder that replaces the committed one.
merge() {
	t=$1
	fresh=$out/merge/$t
	rm -rf "$fresh"
	mkdir -p "$fresh"
	nice -n 10 "$out/fuzz-$t" -merge=1 -max_len="$FUZZ_MAX_LEN" \
		-timeout=10 "$fresh" "tests/fuzz/corpus/$t" "$out/work/$t" \
		"$out/seeds" >"$out/logs/$t-merge.log" 2>&1 ||
		die "merge failed for $t (see $out/logs/$t-merge.log)"
	n=$(find "$fresh" -type f | wc -l)
	if [ "$n" -gt "$FUZZ_MAX_FILES" ]; then
		# Over the limit: drop the largest inputs.
		# shellcheck disable=SC2012 # ls -S sorts by size; names are hashes
		ls -S "$fresh" | head -n $((n - FUZZ_MAX_FILES)) |
			while read -r f; do rm -f "$fresh/$f"; done
		echo "fuzz: $t: $n files after merge, kept the $FUZZ_MAX_FILES smallest"
	fi
	rm -rf "tests/fuzz/corpus/$t"
	mkdir -p "tests/fuzz/corpus/$t"
	cp "$fresh"/* "tests/fuzz/corpus/$t/" 2>/dev/null
	echo "fuzz: $t: corpus $(find "tests/fuzz/corpus/$t" -type f | wc -l) files"
}

mkdir -p "$out" || exit 2
if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
	build
fi
seeds
dictionary
crashes=0
for t in $targets; do
	[ -x "$out/fuzz-$t" ] || die "no $out/fuzz-$t (unknown target?)"
	run_target "$t"
	minimise "$t"
	crashes=$((crashes + $?))
	if [ "${FUZZ_NO_MERGE:-0}" != 1 ]; then
		merge "$t"
	fi
done
if [ "$crashes" -gt 0 ]; then
	echo "fuzz: $crashes crash(es): see $out/crashes/; save each as" \
		"tests/fuzz/regressions/<short-name>"
	exit 1
fi
echo "fuzz: no crashes"
