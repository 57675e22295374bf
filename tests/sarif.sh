#!/bin/sh
# SPDX-License-Identifier: MIT
# Validates `dockharden lint --format=sarif` with Microsoft's SARIF
# validator (`sarif-multitool validate`, npm package
# @microsoft/sarif-multitool, installed once into the build folder): logs
# for Dockerfiles, Kubernetes manifests, compose files and a refused file
# must give no validation result. A broken log must give some, so the
# check cannot pass by validating nothing. Skipped loudly where npm is
# absent or cannot install the package (offline).
#
# Usage: sh tests/sarif.sh [path/to/dockharden]      (POSIX sh, dash)
#   SARIF_TOOL_DIR=DIR   where the package is installed (default:
#                        build/sarif-tool in the repository)
# The last line is always "sarif: N passed, N failed".
set -u
LC_ALL=C
export LC_ALL

BIN=${1:-build/dockharden}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
script_dir=$(cd "$(dirname "$0")" && pwd)
# One copy (about 100 MB) for the normal and the sanitizer builds.
TOOL_DIR=${SARIF_TOOL_DIR:-$(dirname "$script_dir")/build/sarif-tool}
pass=0
fail=0

finish() {
	echo "sarif: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}
skip() {
	echo "sarif: SKIPPED: $* (the SARIF validation did not run)"
	finish
}

[ -x "$BIN" ] || {
	echo "sarif: $BIN is not an executable (run 'make')"
	fail=1
	finish
}
command -v python3 >/dev/null 2>&1 || skip "python3 not found"
V=$TOOL_DIR/node_modules/.bin/sarif-multitool
if [ ! -x "$V" ]; then
	command -v npm >/dev/null 2>&1 || skip "npm not found"
	mkdir -p "$TOOL_DIR" || exit 3
	npm install --no-audit --no-fund --prefix "$TOOL_DIR" \
		@microsoft/sarif-multitool >"$TOOL_DIR/install.log" 2>&1 ||
		skip "npm could not install @microsoft/sarif-multitool" \
			"(see $TOOL_DIR/install.log)"
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/dh-sarif.XXXXXX") || exit 3
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
mkdir "$T/.git" "$T/w" && cd "$T/w" || exit 3

cat >Dockerfile <<'DF'
FROM node:latest
WORKDIR /srv/app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
EXPOSE 80
CMD node server.js
DF
cat >deploy.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: catalog
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/shop/catalog:3.2
          securityContext:
            privileged: true
YAML
cat >compose.yaml <<'YAML'
services:
  catalog:
    image: registry.example.com/shop/catalog:3.2
    ports:
      - "8080:8080"
YAML
printf '{"name": "catalog"}\n' >package.json

# results LOG: how many results the validator gives for LOG ("" if none).
results() {
	rm -f "$T/v.sarif"
	timeout 300 "$V" validate -o "$T/v.sarif" "$1" >"$T/v.out" 2>&1
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(sum(len(r.get("results") or []) for r in d.get("runs", [])))
' "$T/v.sarif" 2>/dev/null
}

# check DESC FILE...: the lint log for FILEs validates with no result.
check() {
	c_desc=$1
	shift
	"$BIN" lint --format=sarif "$@" >"$T/log.sarif" 2>/dev/null
	n=$(results "$T/log.sarif")
	if [ "$n" = 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $c_desc: ${n:-no} validation results"
		head -c 600 "$T/v.out"
		[ -f "$T/v.sarif" ] && head -c 1500 "$T/v.sarif"
	fi
}

# One log for every kind (each validator run costs seconds).
check "a Dockerfile, a manifest, a compose file and a refused file" \
	Dockerfile deploy.yaml compose.yaml package.json
if grep -q '"ruleId": "wrong-kind"' "$T/log.sarif" &&
	grep -q '"uri": "deploy.yaml"' "$T/log.sarif" &&
	grep -q '"uri": "compose.yaml"' "$T/log.sarif" &&
	grep -q '"uri": "Dockerfile"' "$T/log.sarif"; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "FAIL: the log does not cover every file"
fi

# The control: a log with no version and a result without a message.
# shellcheck disable=SC2016 # "$schema" is a JSON key, not a variable
printf '%s\n' '{"$schema": "https://json.schemastore.org/sarif-2.1.0.json",' \
	'"runs": [{"tool": {"driver": {"name": "x"}},' \
	'"results": [{"ruleId": "X1"}]}]}' >"$T/broken.sarif"
n=$(results "$T/broken.sarif")
if [ -n "$n" ] && [ "$n" -gt 0 ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "FAIL: the validator finds nothing wrong in a broken log (${n:-no output})"
	head -c 600 "$T/v.out"
fi
finish
