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

mkdir -p "$tmp/dockerfile" "$tmp/manifest"
cat >"$tmp/dockerfile/Dockerfile" <<'DOCKERFILE'
from python:3.11-slim
WORKDIR /srv
COPY app.py .
EXPOSE 8000
CMD ["python3", "app.py"]
DOCKERFILE
printf 'print("ok")\n' >"$tmp/dockerfile/app.py"
(cd "$tmp/dockerfile" && "$bin" harden Dockerfile 2>/dev/null | "$bin" fmt -) >"$tmp/dockerfile.want"
run dockerfile quickfix "$tmp/dockerfile/Dockerfile" "$tmp/dockerfile.want"

cat >"$tmp/manifest/deployment.yaml" <<'MANIFEST'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing
spec:
  selector:
    matchLabels:
      app: billing
  template:
    metadata:
      labels:
        app: billing
    spec:
      containers:
      - name: billing
        image: registry.example/billing:4.2
        ports:
        - containerPort: 8080
MANIFEST
(cd "$tmp/manifest" && "$bin" patch deployment.yaml 2>/dev/null) >"$tmp/manifest.want"
run manifest fixall "$tmp/manifest/deployment.yaml" "$tmp/manifest.want"

echo "nvim: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
