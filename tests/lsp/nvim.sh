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
# shellcheck source=tests/lsp/editor_lib.sh
. "$here/editor_lib.sh"

command -v nvim >/dev/null 2>&1 ||
	editor_skip nvim "nvim is not installed (apt-get install neovim)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nvim-lsp.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT

# run NAME MODE FILE EXPECTED: edits FILE in Neovim, compares with EXPECTED.
run() {
	r_dir=$tmp/$1
	r_file=$r_dir/$(basename "$3")
	DH_BIN=$bin DH_MODE=$2 HOME=$tmp XDG_CONFIG_HOME=$tmp/cfg \
		XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state \
		timeout 60 nvim --headless --clean -n -c "luafile $here/nvim-init.lua" \
		"$r_file" >"$r_dir/nvim.log" 2>&1
	editor_result "$1" $? "$r_dir/nvim.log" "$r_file" "$4"
}

editor_fixtures "$tmp" "$bin"
run dockerfile quickfix "$tmp/dockerfile/Dockerfile" "$tmp/dockerfile.want"
run manifest fixall "$tmp/manifest/deployment.yaml" "$tmp/manifest.want"

echo "nvim: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
