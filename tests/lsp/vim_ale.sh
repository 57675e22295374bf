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

skip() {
	echo "vim-ale: SKIPPED: $1 (apt-get install vim vim-ale)"
	if [ "${CI:-}" = true ]; then
		echo "vim-ale: 0 passed, 1 failed"
		exit 1
	fi
	echo "vim-ale: 0 passed, 0 failed"
	exit 0
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
awk '/^### Vim \(ALE\)/ { sect = 1; next }
	sect && /^```vim$/ { code = 1; next }
	code && /^```$/ { exit }
	code { print }' "$docs" >"$tmp/vimrc"
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
	if (cd "$r_dir" && DH_LOG=$r_dir/vim.log DH_MODE=$2 HOME=$tmp \
		PATH=$tmp/bin:$PATH timeout 60 vim -N -u "$tmp/vimrc" -i NONE \
		-n -es -S "$here/vim-ale.vim" "$r_file" </dev/null) &&
		cmp -s "$r_file" "$4"; then
		echo "ok $1: $(grep '^applied' "$r_dir/vim.log")"
		sed -n -e 's/^diagnostic: /    &/p' -e 's/^location list: /    &/p' \
			"$r_dir/vim.log"
		passed=$((passed + 1))
	else
		echo "FAIL $1"
		sed 's/^/    /' "$r_dir/vim.log"
		diff -u "$4" "$r_file" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

# shellcheck source=tests/lsp/editor_fixtures.sh
. "$here/editor_fixtures.sh"
editor_fixtures "$tmp" "$bin"
run dockerfile quickfix "$tmp/dockerfile/Dockerfile" "$tmp/dockerfile.want"
run manifest fixall "$tmp/manifest/deployment.yaml" "$tmp/manifest.want"

echo "vim-ale: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
