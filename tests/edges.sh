#!/bin/sh
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016 # checks are eval'd strings, expanded when run
# End-to-end test of the input edges (issue 22): every command knows what
# it was given (the shared sniffer), refuses the wrong kind with exit 2
# and an untouched file, says why a file fails --check, and lint reports
# manifests and compose files with the fixes patch would make.
#
# Usage: sh tests/edges.sh [path/to/dockharden]      (POSIX sh, dash)
# EDGES_VERBOSE=1 also prints each passing check.
# The last line is always "edges: N passed, N failed"; exit 1 on a failure.
set -u
LC_ALL=C
export LC_ALL

BIN=${1:-build/dockharden}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
pass=0
fail=0
st=0
if [ ! -x "$BIN" ]; then
	echo "edges: $BIN is not an executable (run 'make')"
	echo "edges: 0 passed, 1 failed"
	exit 1
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/dh-edges.XXXXXX") || exit 3
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
O=$T/out
E=$T/err
# A repository root, so no .dockharden.yaml above it is read.
mkdir "$T/.git" "$T/w" || exit 3
cd "$T/w" || exit 3

ok() {
	pass=$((pass + 1))
	[ -z "${EDGES_VERBOSE:-}" ] || echo "ok: $1"
}
no() {
	fail=$((fail + 1))
	echo "FAIL: $1 (last run: status $st; stderr:)"
	head -c 400 "$E" | sed 's/^/    | /'
}
# c DESC CONDITION: one check; CONDITION is shell code, evaluated.
c() {
	if eval "$2"; then ok "$1"; else no "$1"; fi
}
dh() {
	"$BIN" "$@" >"$O" 2>"$E"
	st=$?
}
dhi() {
	dhi_in=$1
	shift
	"$BIN" "$@" <"$dhi_in" >"$O" 2>"$E"
	st=$?
}
is() { [ "$st" -eq "$1" ]; }
empty() { [ ! -s "$1" ]; }
hasF() { grep -qF -e "$2" "$1"; }
lines() { [ "$(wc -l <"$1")" -eq "$2" ]; }

# ---- fixtures --------------------------------------------------------------

cat >deploy.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
spec:
  template:
    spec:
      containers:
        - name: web
          image: registry.example.com/shop/orders:1.8
YAML
cat >compose.yaml <<'YAML'
services:
  orders:
    image: registry.example.com/shop/orders:1.8
    ports:
      - "8080:8080"
YAML
cat >values.yaml <<'YAML'
replicaCount: 2
image:
  tag: "1.8"
YAML
cat >Dockerfile <<'DF'
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/orders ./cmd/orders
CMD ["/usr/local/bin/orders"]
DF
printf 'FROM alpine:3.20\nrun   echo hi\n' >messy.Dockerfile
printf '#!/bin/sh\nset -eu\nmake image\n' >build.sh
printf '{"name": "orders", "private": true}\n' >package.json
: >empty.txt
printf '\177ELF\002\001\001\000\000\000' >tool.bin
for f in deploy.yaml compose.yaml values.yaml Dockerfile messy.Dockerfile \
	build.sh package.json empty.txt tool.bin; do
	cp "$f" "$T/$f.orig"
done
untouched() { cmp -s "$1" "$T/$1.orig"; }

# ---- the wrong kind: exit 2, nothing printed, nothing written --------------

for cmd in fmt harden k8s docker-run; do
	for f in deploy.yaml compose.yaml values.yaml build.sh package.json \
		empty.txt tool.bin; do
		dh "$cmd" "$f"
		c "$cmd $f: exit 2, empty stdout, one line on stderr" \
			'is 2 && empty "$O" && lines "$E" 1 && hasF "$E" "$f:1:1: error: not a Dockerfile"'
	done
done
for cmd in fmt harden; do
	for f in deploy.yaml build.sh package.json empty.txt tool.bin; do
		dh "$cmd" -w "$f"
		c "$cmd -w $f: exit 2, file untouched" 'is 2 && untouched "$f"'
		dh "$cmd" --check -q "$f"
		c "$cmd --check -q $f: exit 2, the reason kept" \
			'is 2 && hasF "$E" "not a Dockerfile"'
	done
done
dh fmt -w deploy.yaml Dockerfile
c "fmt -w manifest and Dockerfile: worst status 2, manifest untouched" \
	'is 2 && untouched deploy.yaml'
dh harden deploy.yaml
c "harden on a manifest points to patch" \
	'hasF "$E" "deploy.yaml:1:1: error: not a Dockerfile (looks like a Kubernetes manifest: use '"'"'dockharden patch'"'"') [wrong-kind]"'
dh harden compose.yaml
c "harden on a compose file points to patch" \
	'hasF "$E" "(looks like a compose file: use '"'"'dockharden patch'"'"')"'
dhi deploy.yaml fmt --stdin-filename=Dockerfile -
c "stdin named Dockerfile holding YAML: refused" 'is 2 && empty "$O"'
dhi deploy.yaml fmt
c "unnamed stdin holding YAML: refused as <stdin>" \
	'is 2 && hasF "$E" "<stdin>:1:1: error: not a Dockerfile"'
printf '# a new file\nARG BASE=alpine\n' >"$T/stub"
dhi "$T/stub" fmt --stdin-filename=svc/Dockerfile -
c "stdin named Dockerfile with comments and ARGs only: formatted" 'is 0'
dhi "$T/stub" fmt --stdin-filename=notes.txt -
c "the same named notes.txt: no FROM instruction" \
	'is 2 && hasF "$E" "looks like text with no FROM instruction"'

# patch: a Dockerfile is refused, other YAML passes through silently.
dh patch -w Dockerfile
c "patch -w Dockerfile: exit 2, points to harden, untouched" \
	'is 2 && untouched Dockerfile && hasF "$E" "use '"'"'dockharden harden'"'"'"'
dh patch values.yaml
c "patch on other YAML: silent pass-through" \
	'is 0 && empty "$E" && cmp -s "$O" values.yaml'
dh patch --check values.yaml
c "patch --check on other YAML: clean" 'is 0 && empty "$E"'

# ---- --check says why ------------------------------------------------------

dh harden --check Dockerfile
c "harden --check: would change with rule IDs" \
	'is 1 && empty "$O" && hasF "$E" "Dockerfile: would change (DH101" && hasF "$E" "DH105"'
cp Dockerfile svc.Dockerfile
dh harden --check -q Dockerfile svc.Dockerfile messy.Dockerfile
c "harden --check -q: one line per failing file, a clean one silent" \
	'is 1 && lines "$E" 2 && hasF "$E" "Dockerfile: would change (" && hasF "$E" "svc.Dockerfile: would change ("'
# Without evidence for the image, the rest of the profile is a warning
# (DH250) that --check shows beside the file's line; notes are not shown.
dh patch --check deploy.yaml compose.yaml
c "patch --check: each file and its rule IDs, warnings, no notes" \
	'is 1 && hasF "$E" "deploy.yaml: would change (DH2" && hasF "$E" "compose.yaml: would change (DH2" && hasF "$E" "[DH250]" && ! hasF "$E" "note:"'
dh patch --check -q deploy.yaml
c "patch --check -q: the line kept" 'is 1 && hasF "$E" "deploy.yaml: would change (DH2"'
dh fmt --check messy.Dockerfile Dockerfile
c "fmt --check: would reformat, clean file silent" \
	'is 1 && lines "$E" 1 && hasF "$E" "messy.Dockerfile: would reformat"'
dh fmt -w messy.Dockerfile
dh fmt --check messy.Dockerfile
c "fmt --check after fmt -w: clean and silent" 'is 0 && empty "$E"'
dh patch -w deploy.yaml
dh patch --check deploy.yaml
c "patch --check after patch -w: nothing to change, the unproven rest reported" \
	'is 1 && hasF "$E" "deploy.yaml: has findings (DH250)" && ! hasF "$E" "would change"'
cp "$T/deploy.yaml.orig" deploy.yaml
dh patch --level=strict -w deploy.yaml
dh patch --level=strict --check deploy.yaml
c "patch --check after patch --level=strict -w: clean and silent" 'is 0 && empty "$E"'
cp "$T/deploy.yaml.orig" deploy.yaml

# ---- lint on manifests and compose files -----------------------------------

dh lint deploy.yaml compose.yaml Dockerfile
c "lint: manifests, compose and Dockerfile in one report" \
	'is 1 && hasF "$O" "deploy.yaml:" && hasF "$O" "compose.yaml:" && hasF "$O" "[DH202]" && hasF "$O" "Dockerfile:"'
dh lint values.yaml
c "lint on other YAML: refused, not a Dockerfile" \
	'is 2 && hasF "$O" "values.yaml:1:1: error: not a Dockerfile (looks like YAML) [wrong-kind]"'
dh lint --format=github deploy.yaml
c "lint --format=github on a manifest: a suggestion with the patch" \
	'is 1 && hasF "$O" "suggestion" && hasF "$O" "allowPrivilegeEscalation: false"'
dh lint --format=sarif deploy.yaml compose.yaml
c "lint --format=sarif: fixes carry the inserted YAML" \
	'is 1 && hasF "$O" "\"fixes\"" && hasF "$O" "runAsNonRoot: true"'
dh lint --format=checkstyle deploy.yaml
c "lint --format=checkstyle on a manifest" \
	'is 1 && hasF "$O" "source=\"dockharden.DH202\""'
dh lint --format=json compose.yaml
c "lint --format=json on a compose file: the diff" 'is 1 && hasF "$O" "\"diff\":\"--- compose.yaml"'
dh patch --level=strict deploy.yaml
cp "$E" "$T/strict.patch"
dh lint --level=strict deploy.yaml
c "lint --level=strict on a manifest: what patch --level=strict does, no DH250" \
	'is 1 && ! hasF "$O" "[DH250]" && hasF "$T/strict.patch" "[DH202]" && hasF "$O" "[DH202]" && ! hasF "$T/strict.patch" "[DH250]"'
if command -v python3 >/dev/null 2>&1; then
	dh lint --format=sarif deploy.yaml compose.yaml values.yaml
	c "lint --format=sarif with bad input: a log with a wrong-kind error" \
		'is 2 && python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$O" && hasF "$O" "\"ruleId\": \"wrong-kind\"" && hasF "$O" "\"level\": \"error\""'
fi

# lint DIR: the files migrate would find, one report.
mkdir -p repo/svc/api repo/node_modules/pkg repo/deploy
cp "$T/Dockerfile.orig" repo/svc/api/Dockerfile
cp "$T/Dockerfile.orig" repo/node_modules/pkg/Dockerfile
cp "$T/deploy.yaml.orig" repo/deploy/orders.yaml
cp "$T/compose.yaml.orig" repo/compose.yaml
cp "$T/values.yaml.orig" repo/values.yaml
(cd repo && "$BIN" lint --format=sarif . >"$O" 2>"$E")
st=$?
c "lint . walks the repository into one SARIF log" \
	'is 1 && hasF "$O" "\"uri\": \"svc/api/Dockerfile\"" && hasF "$O" "\"uri\": \"deploy/orders.yaml\"" && hasF "$O" "\"uri\": \"compose.yaml\""'
c "lint . skips node_modules and other YAML" \
	'! hasF "$O" "node_modules" && ! hasF "$O" "values.yaml"'
dh lint repo
c "lint DIR names files under DIR" \
	'is 1 && hasF "$O" "repo/svc/api/Dockerfile:" && hasF "$O" "in 3 files"'

# lint DIR pairs each manifest with its Dockerfile as migrate does: the
# Deployment and the compose file get the user of svc/web/Dockerfile, and
# lint's findings and fix for every manifest are what migrate makes.
mkdir -p paired/svc/web paired/deploy
printf 'FROM debian:12\nRUN useradd -u 1000 app\nUSER 1000\nCMD ["/app"]\n' \
	>paired/svc/web/Dockerfile
cat >paired/deploy/web.yaml <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: registry.example.com/team/web:2
EOF
printf 'services:\n  web:\n    build: .\n' >paired/svc/web/compose.yaml
cp -R paired "$T/paired.orig"
(cd paired && "$BIN" lint --format=json . >"$O" 2>"$E")
st=$?
cp "$O" "$T/paired.lint"
c "lint DIR: the Deployment runs as the paired Dockerfile's user" \
	'is 1 && hasF "$O" "+        runAsUser: 1000\n+        runAsGroup: 1000"'
c "lint DIR: the compose build: . service runs as that user" \
	'hasF "$O" "\"path\":\"svc/web/compose.yaml\"" && hasF "$O" "+    user: \\\"1000:1000\\\""'
c "lint DIR: paired containers are not left as unproven" '! hasF "$O" "DH250"'
(cd paired && "$BIN" migrate --dry-run --format=json . >"$T/paired.dry" 2>"$E")
st=$?
c "lint DIR: migrate --dry-run pairs both" \
	'is 1 && [ "$(grep -c "\"dockerfile\":\"svc/web/Dockerfile\"" "$T/paired.dry")" -eq 2 ]'
c "lint DIR and migrate --dry-run: nothing written" \
	'diff -r "$T/paired.orig" paired >/dev/null'
if command -v python3 >/dev/null 2>&1; then
	# Each manifest: lint's rules are migrate's changes and follow-ups,
	# and lint's diff applied gives the file migrate writes.
	cp -R paired "$T/paired.mig"
	"$BIN" migrate "$T/paired.mig" >/dev/null 2>&1
	python3 - "$T/paired.lint" "$T/paired.dry" "$T/paired.fix" <<'EOF' >"$T/agree" 2>&1
import json, sys
lint = [json.loads(l) for l in open(sys.argv[1])]
mig = {o["path"]: o for o in map(json.loads, open(sys.argv[2]))}
fix = open(sys.argv[3], "w")
for o in lint:
    m = mig[o["path"]]
    if m["kind"] == "dockerfile":
        continue
    want = sorted(x["rule"] for x in m["changes"] + m["followups"])
    got = sorted(f["rule"] for f in o["findings"])
    print(o["path"], "same rules" if got == want else "rules %s != %s" % (got, want))
    print(o["path"], "same status" if o["changed"] == (m["status"] == "changed") else "status differs")
    fix.write(o["diff"] or "")
EOF
	c "lint DIR and migrate --dry-run: the same rules for each manifest" \
		'[ "$(grep -c "same rules" "$T/agree")" -eq 2 ] && [ "$(grep -c "same status" "$T/agree")" -eq 2 ]'
	patch -s -p0 -d paired <"$T/paired.fix" >/dev/null 2>&1
	c "lint DIR: its fixes give the manifests migrate writes" \
		'cmp -s paired/deploy/web.yaml "$T/paired.mig/deploy/web.yaml" && cmp -s paired/svc/web/compose.yaml "$T/paired.mig/svc/web/compose.yaml" && ! cmp -s paired/deploy/web.yaml "$T/paired.orig/deploy/web.yaml"'
fi
# A Dockerfile that BuildKit rejects gives no facts: lint says so for its
# container, as migrate's follow-up does, and reports the file as bad.
mkdir -p paired/svc/bad
printf 'FROM debian:12\nRUNN apt-get update\n' >paired/svc/bad/Dockerfile
sed 's/team\/web:2/team\/bad:1/; s/name: web/name: bad/' "$T/paired.orig/deploy/web.yaml" \
	>paired/deploy/bad.yaml
(cd paired && "$BIN" lint . >"$O" 2>"$E")
st=$?
c "lint DIR: the unknown instruction is an error, its container noted" \
	'is 2 && hasF "$O" "svc/bad/Dockerfile:2:1: error: unknown instruction" && hasF "$O" "deploy/bad.yaml:1:1: note: container '\''bad'\'': its Dockerfile '\''svc/bad/Dockerfile'\'' has errors; patched on its own evidence [pairing]"'

# lint reads the scripts a Dockerfile copies, as harden does: one that
# drops root itself (setpriv) keeps the image's user, so lint proposes no
# USER that would stop it (DH106), in a folder or from it.
mkdir -p entry/scripts
printf 'FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY . .\nCMD ["sh", "-c", "exec ./scripts/start.sh"]\n' \
	>entry/Dockerfile
printf '#!/bin/sh\nchown -R node:node /app/uploads\nexec setpriv --reuid=node --regid=node --init-groups node server.js\n' \
	>entry/scripts/start.sh
dh harden entry/Dockerfile
c "harden: a script that drops root keeps the user" 'hasF "$E" "[DH106]" && ! hasF "$E" "[DH105]"'
dh lint entry/Dockerfile
c "lint: the same, no USER proposed" 'is 1 && hasF "$O" "[DH106]" && ! hasF "$O" "[DH105]"'
dh lint entry
c "lint DIR: the same for the walked Dockerfile" 'is 1 && hasF "$O" "entry/Dockerfile:" && hasF "$O" "[DH106]" && ! hasF "$O" "[DH105]"'

# ---- values the consumers accept -------------------------------------------

for bad in Web web_1 -web web- "$(printf 'a%.0s' $(seq 64))" ""; do
	dh k8s --as=pod --name="$bad" Dockerfile
	c "k8s --name='$bad': usage error, nothing printed" \
		'is 3 && empty "$O" && hasF "$E" "DNS-1123"'
done
dh docker-run --format=compose --name=Orders Dockerfile
c "docker-run --name=Orders: usage error" 'is 3 && empty "$O"'
dh k8s --as=pod --name=orders-2 Dockerfile
c "k8s --name=orders-2: accepted" 'is 0 && hasF "$O" "name: orders-2"'

echo "edges: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
