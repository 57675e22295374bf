#!/bin/sh
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016,SC2317 # checks are eval'd strings; has() is called from them
# The shipped pre-commit hooks (.pre-commit-hooks.yaml) run by the real
# pre-commit (Debian's package) through `pre-commit try-repo` on a scratch
# repository holding a messy Dockerfile, a bare Deployment, a compose file
# and other YAML: the fmt hook fixes the Dockerfile, the check hooks fail
# naming each file and its reason, other YAML passes, and once hardened
# the repository passes every hook. Skipped loudly without pre-commit or
# git (Debian: apt-get install pre-commit).
#
# Usage: sh tests/precommit.sh [path/to/dockharden]  (POSIX sh, dash)
# The last line is always "precommit: N passed, N failed".
set -u
LC_ALL=C
export LC_ALL

BIN=${1:-build/dockharden}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
script_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$script_dir")
pass=0
fail=0
st=0

finish() {
	echo "precommit: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}
for tool in pre-commit git; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "precommit: SKIPPED: $tool not found (the hooks were not tried; apt-get install pre-commit)"
		finish
	fi
done
if [ ! -x "$BIN" ]; then
	echo "precommit: $BIN is not an executable (run 'make')"
	fail=1
	finish
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/dh-precommit.XXXXXX") || exit 3
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
# The hooks are language: system: they run the dockharden on PATH.
mkdir "$T/bin" "$T/repo" || exit 3
ln -s "$BIN" "$T/bin/dockharden" || exit 3
PATH=$T/bin:$PATH
PRE_COMMIT_HOME=$T/cache
export PATH PRE_COMMIT_HOME
O=$T/out
cd "$T/repo" || exit 3

c() {
	if eval "$2"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1 (status $st); output:"
		head -c 1500 "$O" | sed 's/^/    | /'
	fi
}
has() { grep -qF -e "$1" "$O"; }
# hook ID: runs one shipped hook on every file of the scratch repository.
hook() {
	pre-commit try-repo "$root" "$1" --all-files >"$O" 2>&1
	st=$?
}

git init -q . && git config user.email ci@example.com &&
	git config user.name CI || exit 3
cat >Dockerfile <<'DF'
from   golang:1.22
workdir /src
copy go.mod go.sum ./
run go mod download
COPY . .
RUN   go build -o /usr/local/bin/inventory ./cmd/inventory
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/inventory"]
DF
mkdir deploy
cat >deploy/inventory.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: inventory
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/shop/inventory:1.0
YAML
cat >compose.yaml <<'YAML'
services:
  inventory:
    build: .
    image: registry.example.com/shop/inventory:1.0
    ports:
      - "8080:8080"
YAML
cat >values.yaml <<'YAML'
replicaCount: 2
YAML
git add -A && git commit -q -m scratch || exit 3

hook dockharden-fmt
c "fmt hook fails the run and fixes the Dockerfile" \
	'[ "$st" -ne 0 ] && head -n 1 Dockerfile | grep -q "^FROM golang:1.22$"'
hook dockharden-fmt
c "fmt hook passes once formatted" '[ "$st" -eq 0 ]'
hook dockharden-harden-check
c "harden check fails naming the Dockerfile and its rules" \
	'[ "$st" -ne 0 ] && has "Dockerfile: would change (DH101"'
hook dockharden-patch-check
c "patch check fails naming each manifest and its rules" \
	'[ "$st" -ne 0 ] && has "deploy/inventory.yaml: would change (DH2" && has "compose.yaml: would change (DH2"'
c "patch check says nothing about other YAML" '! has "values.yaml"'

# Hardening a repository includes giving the evidence patch needs: how
# the team's own image runs (the hardened Dockerfile's user, a read-only
# root with /tmp writable), so patch may apply the whole profile.
cat >.dockharden.yaml <<'YAML'
images:
  registry.example.com/shop/inventory:
    uid: 65532
    writable: [/tmp]
YAML
dockharden harden -w Dockerfile 2>/dev/null
dockharden patch -w deploy/inventory.yaml compose.yaml 2>/dev/null
for h in dockharden-fmt dockharden-harden-check dockharden-patch-check; do
	hook "$h"
	c "$h passes on the hardened repository" '[ "$st" -eq 0 ]'
done
finish
