#!/bin/sh
# SPDX-License-Identifier: MIT
# Vim with ALE (Debian's vim and vim-ale, headless) against `dockharden
# lsp`, with the vimrc docs/editors.md shows under "Vim (ALE)", taken from
# that file as written: open a legacy Dockerfile, wait for the server's
# diagnostics, :ALEFix (dockharden fmt), :ALECodeAction's quick fix on
# line 1, write; the file must equal `dockharden harden` then `dockharden
# fmt` of the original. Then a Deployment without a securityContext:
# :ALECodeAction's "Harden this file" must write `dockharden patch`'s output.
# Prints "vim-ale: N passed, N failed". Without vim or ALE: a failure under
# CI=true, else "vim-ale: 0 passed, 0 failed" with the reason.
#
# Usage: sh tests/lsp/vim_ale.sh BINARY
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
docs=$here/../../docs/editors.md
passed=0
failed=0
# shellcheck source=tests/lsp/editor_lib.sh
. "$here/editor_lib.sh"

skip() {
	editor_skip vim-ale "$1 (apt-get install vim vim-ale)"
}

command -v vim >/dev/null 2>&1 || skip "vim is not installed"
# ALE needs a Vim with jobs and channels (Debian's vim has them).
vim -N -u NONE -i NONE -n -es -c 'packadd ale' \
	-c 'if !exists("g:loaded_ale") || !has("job") | cquit | endif' \
	-c 'qall!' </dev/null >/dev/null 2>&1 ||
	skip "ALE is not installed or this vim has no +job"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vim-ale.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT

# The first vim block after the "### Vim (ALE)" heading, as written.
docs_block "### Vim (ALE)" vim "$docs" >"$tmp/vimrc"
if ! grep -q "ale#linter#Define" "$tmp/vimrc"; then
	echo "FAIL vimrc: no ALE set-up under '### Vim (ALE)' in docs/editors.md"
	echo "vim-ale: 0 passed, 1 failed"
	exit 1
fi
# `dockharden` on PATH, as the set-up expects: the binary under test.
mkdir -p "$tmp/bin"
ln -s "$bin" "$tmp/bin/dockharden"

# run NAME MODE FILE EXPECTED: edits FILE in Vim, compares with EXPECTED.
run() {
	r_dir=$tmp/$1
	r_file=$r_dir/$(basename "$3")
	(cd "$r_dir" && DH_LOG=$r_dir/vim.log DH_MODE=$2 HOME=$tmp \
		PATH=$tmp/bin:$PATH timeout 60 vim -N -u "$tmp/vimrc" -i NONE \
		-n -es -S "$here/vim-ale.vim" "$r_file" </dev/null)
	editor_result "$1" $? "$r_dir/vim.log" "$r_file" "$4"
}

editor_fixtures "$tmp" "$bin"
run dockerfile quickfix "$tmp/dockerfile/Dockerfile" "$tmp/dockerfile.want"
run manifest fixall "$tmp/manifest/deployment.yaml" "$tmp/manifest.want"

echo "vim-ale: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
