#!/bin/sh
# SPDX-License-Identifier: MIT
# Emacs with lsp-mode (Debian's emacs and elpa-lsp-mode) against
# `dockharden lsp`, with the init.el docs/editors.md shows under "Emacs
# (lsp-mode)", taken from that file as written and loaded as the user's
# init file. Emacs runs interactively (-nw) in a pseudo-terminal made by
# script(1), since lsp-deferred starts servers from an idle timer. A legacy
# Dockerfile: the server's diagnostics in flymake, lsp-format-buffer, the
# quick fix on line 1, save; the file must equal `dockharden harden` then
# `dockharden fmt` of the original. A Deployment: "Harden this file" must
# write `dockharden patch`'s output. Prints "emacs-lsp: N passed, N
# failed". Without Emacs, lsp-mode or script: a failure under CI=true,
# else "emacs-lsp: 0 passed, 0 failed" with the reason.
#
# Usage: sh tests/lsp/emacs_lsp.sh BINARY
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
docs=$here/../../docs/editors.md
passed=0
failed=0
# shellcheck source=tests/lsp/editor_lib.sh
. "$here/editor_lib.sh"

skip() {
	editor_skip emacs-lsp "$1 (apt-get install emacs-nox elpa-lsp-mode elpa-dockerfile-mode elpa-yaml-mode)"
}

command -v emacs >/dev/null 2>&1 || skip "emacs is not installed"
command -v script >/dev/null 2>&1 || skip "script (util-linux) is not installed"
emacs --batch --eval "(progn (package-initialize) (require 'lsp-mode)
	(require 'dockerfile-mode) (require 'yaml-mode))" >/dev/null 2>&1 ||
	skip "lsp-mode, dockerfile-mode or yaml-mode is not installed"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/emacs-lsp.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT

# The first elisp block after the "### Emacs (lsp-mode)" heading, as
# written, as the init file of a fresh home.
mkdir -p "$tmp/home/.emacs.d" "$tmp/bin"
docs_block "### Emacs (lsp-mode)" elisp "$docs" >"$tmp/home/.emacs.d/init.el"
if ! grep -q "lsp-register-client" "$tmp/home/.emacs.d/init.el"; then
	echo "FAIL init.el: no lsp-mode set-up under '### Emacs (lsp-mode)' in docs/editors.md"
	echo "emacs-lsp: 0 passed, 1 failed"
	exit 1
fi
# `dockharden` on PATH, as the set-up expects: the binary under test.
ln -s "$bin" "$tmp/bin/dockharden"

# run NAME MODE FILE EXPECTED: edits FILE in Emacs, compares with EXPECTED.
run() {
	r_dir=$tmp/$1
	r_file=$r_dir/$(basename "$3")
	(cd "$r_dir" && DH_LOG=$r_dir/emacs.log DH_MODE=$2 DH_FILE=$r_file \
		HOME=$tmp/home PATH=$tmp/bin:$PATH TERM=xterm timeout 60 \
		script -qec "emacs -nw -l '$here/emacs-lsp.el' '$r_file'" \
		/dev/null </dev/null >"$r_dir/screen" 2>&1)
	editor_result "$1" $? "$r_dir/emacs.log" "$r_file" "$4"
}

editor_fixtures "$tmp" "$bin"
run dockerfile quickfix "$tmp/dockerfile/Dockerfile" "$tmp/dockerfile.want"
run manifest fixall "$tmp/manifest/deployment.yaml" "$tmp/manifest.want"

echo "emacs-lsp: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
