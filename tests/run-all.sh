#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs every test suite in order (unit binaries, golden, conformance,
# pathological, migrate, cli, edges, consistency, lsp, lsp-long, nvim,
# vim-ale, emacs-lsp, crash, fuzz replay), sums their counts and prints one
# final line "N passed, N failed". A suite that crashes or prints no summary
# counts as one failure.
#
# Usage: [BUILD=build] tests/run-all.sh      (from any directory)
# POSIX sh (dash).

LC_ALL=C
export LC_ALL

script_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$script_dir")
cd "$root" || exit 3
BUILD=${BUILD:-build}
BIN=$BUILD/dockharden

tmp=$(mktemp -d "${TMPDIR:-/tmp}/run-all.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

passed=0
failed=0

# broken NAME WHY: a suite that could not report counts as one failure.
broken() {
	echo "run-all: $1: $2"
	failed=$((failed + 1))
}

# Unit tests: libcheck prints "NN%: Checks: C, Failures: F, Errors: E".
unit_ran=0
for t in "$BUILD"/tests/check_*; do
	if [ ! -f "$t" ] || [ ! -x "$t" ]; then
		continue
	fi
	unit_ran=$((unit_ran + 1))
	name=${t##*/}
	"$t" >"$tmp/unit.log" 2>&1
	st=$?
	cat "$tmp/unit.log"
	counts=$(sed -n \
		's/^[0-9]*%: Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p' \
		"$tmp/unit.log" | tail -n 1)
	if [ -z "$counts" ]; then
		broken "$name" "exit status $st and no libcheck summary"
		continue
	fi
	# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
	set -- $counts
	passed=$((passed + $1 - $2 - $3))
	failed=$((failed + $2 + $3))
	if [ "$st" -ne 0 ] && [ $(($2 + $3)) -eq 0 ]; then
		broken "$name" "exit status $st although no check failed"
	fi
done
if [ "$unit_ran" -eq 0 ]; then
	echo "run-all: no unit test binaries in $BUILD/tests (run 'make unit')"
fi

# suite NAME CMD...: runs a script suite and adds its summary line
# "NAME: N passed, N failed" (the last such line it prints).
suite() {
	s_name=$1
	shift
	"$@" >"$tmp/suite.log" 2>&1
	s_st=$?
	cat "$tmp/suite.log"
	s_counts=$(sed -n \
		's/^[A-Za-z0-9_-]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' \
		"$tmp/suite.log" | tail -n 1)
	if [ -z "$s_counts" ] || [ "$s_st" -ge 124 ]; then
		broken "$s_name" "exit status $s_st and no summary line"
		return
	fi
	# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
	set -- $s_counts
	passed=$((passed + $1))
	failed=$((failed + $2))
	if [ "$s_st" -ne 0 ] && [ "$2" -eq 0 ]; then
		broken "$s_name" "exit status $s_st although nothing failed"
	fi
}

suite golden sh tests/golden.sh "$BIN"
suite conformance sh tests/conformance.sh "$BIN"
suite pathological sh tests/pathological.sh "$BIN"
# The 20,000-file scale figure is for the normal build; sanitizers only check.
case $BUILD in
*sanitize*) export MIGRATE_SCALE="${MIGRATE_SCALE:-0}" ;;
esac
suite migrate sh tests/migrate.sh "$BIN"
[ -f tests/cli.sh ] && suite cli sh tests/cli.sh "$BIN"
suite edges sh tests/edges.sh "$BIN"
suite consistency sh tests/consistency.sh "$BIN"
# The language server, spoken to over pipes as an editor would.
if command -v python3 >/dev/null 2>&1; then
	suite lsp python3 tests/lsp/conversation.py "$BIN"
	# One long session: 600 edits of three documents between requests.
	suite lsp-long python3 tests/lsp/long_session.py "$BIN"
else
	broken lsp "python3 not found (tools/deps.sh installs it)"
	broken lsp-long "python3 not found (tools/deps.sh installs it)"
fi
# A real client: Neovim's built-in LSP client, headless (tools/deps.sh
# installs neovim): quick fix, "Harden this file", format, write.
suite nvim sh tests/lsp/nvim.sh "$BIN"
# Vim with ALE (tools/deps.sh installs vim and vim-ale), with the vimrc of
# docs/editors.md as written: diagnostics, :ALEFix, :ALECodeAction, write.
suite vim-ale sh tests/lsp/vim_ale.sh "$BIN"
# Emacs with lsp-mode (tools/deps.sh installs emacs-nox and elpa-lsp-mode),
# with the init.el of docs/editors.md: diagnostics, format, fixes, save.
suite emacs-lsp sh tests/lsp/emacs_lsp.sh "$BIN"
# Interruptions and crashes: 30 seeded signals (make crash runs 200).
suite crash sh tests/crash.sh "$BIN"

if [ -x "$BUILD/fuzz-replay" ]; then
	if [ -d tests/fuzz/corpus ]; then
		suite fuzz-replay "$BUILD/fuzz-replay" tests/fuzz/corpus \
			tests/fuzz/regressions
	else
		echo "run-all: fuzz-replay skipped (tests/fuzz/corpus not found)"
	fi
else
	echo "run-all: fuzz-replay skipped ($BUILD/fuzz-replay not built)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
