#!/bin/sh
# SPDX-License-Identifier: MIT
# Neovim (Debian's, headless, built-in LSP client) against `dockharden lsp`:
# open a legacy Dockerfile, wait for diagnostics, apply the first quick fix,
# format, write; the file on disk must equal `dockharden harden` then
# `dockharden fmt` of the original. Then a Deployment without a
# securityContext: "Harden this file" must write `dockharden patch`'s output.
# Prints "nvim: N passed, N failed". Without nvim: a failure under CI=true,
# else "nvim: 0 passed, 0 failed" with the reason.
#
# Usage: sh tests/lsp/nvim.sh BINARY
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
passed=0
failed=0

if ! command -v nvim >/dev/null 2>&1; then
	echo "nvim: SKIPPED: nvim is not installed (apt-get install neovim)"
	if [ "${CI:-}" = true ]; then
		echo "nvim: 0 passed, 1 failed"
		exit 1
	fi
	echo "nvim: 0 passed, 0 failed"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nvim-lsp.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT

# run NAME MODE FILE EXPECTED: edits FILE in Neovim, compares with EXPECTED.
run() {
	r_dir=$tmp/$1
	r_file=$r_dir/$(basename "$3")
	if DH_BIN=$bin DH_MODE=$2 HOME=$tmp XDG_CONFIG_HOME=$tmp/cfg \
		XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state \
		timeout 60 nvim --headless --clean -n -c "luafile $here/nvim-init.lua" \
		"$r_file" >"$r_dir/nvim.log" 2>&1 &&
		cmp -s "$r_file" "$4"; then
		echo "ok $1: $(grep '^applied' "$r_dir/nvim.log")"
		passed=$((passed + 1))
	else
		echo "FAIL $1"
		sed 's/^/    /' "$r_dir/nvim.log"
		diff -u "$4" "$r_file" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

# shellcheck source=tests/lsp/editor_fixtures.sh
. "$here/editor_fixtures.sh"
editor_fixtures "$tmp" "$bin"
run dockerfile quickfix "$tmp/dockerfile/Dockerfile" "$tmp/dockerfile.want"
run manifest fixall "$tmp/manifest/deployment.yaml" "$tmp/manifest.want"

echo "nvim: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
