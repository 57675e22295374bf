#!/bin/sh
# End-to-end test of `dockharden migrate` on a generated throwaway repo:
# Dockerfiles, a Deployment and a compose file that pair with them, a
# node_modules, a .gitignore'd folder, symlinks out of the tree, a bad
# Dockerfile, a Helm template; an unknown instruction in a second repo.
# Then a scale run (10,000 Dockerfiles and 10,000 manifests, --dry-run
# --jobs 2) whose time is printed, not judged; MIGRATE_SCALE=0 skips it.
# Usage: sh tests/migrate.sh [path/to/dockharden]
# The last line is always "migrate: N passed, N failed".
set -u

DH=${1:-build/dockharden}
case $DH in /*) ;; *) DH=$(pwd)/$DH ;; esac
pass=0
fail=0

ok() {
	pass=$((pass + 1))
}

bad() {
	fail=$((fail + 1))
	echo "FAIL: $*"
}

check() { # check "what" command...
	what=$1
	shift
	if "$@"; then ok; else bad "$what"; fi
}

if ! "$DH" migrate --help 2>&1 | grep -q -- '--dry-run'; then
	echo "migrate: '$DH migrate' is not wired yet; skipped"
	echo "migrate: 0 passed, 0 failed"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dh-migrate.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT INT TERM

put() { # put FILE  (contents on stdin)
	mkdir -p "$(dirname "$1")" && cat >"$1"
}

make_repo() { # make_repo DIR
	r=$1
	put "$r/api/Dockerfile" <<'EOF'
FROM golang:1.22
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api
EXPOSE 8080
CMD ["/out/api"]
EOF
	put "$r/web/Dockerfile" <<'EOF'
FROM nginx:1.25
COPY site /usr/share/nginx/html
EOF
	put "$r/k8s/deploy.yaml" <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web # paired with web/Dockerfile by the image name
          image: registry.example.com/team/web:2
EOF
	put "$r/compose.yaml" <<'EOF'
services:
  web:
    build: ./web
    ports:
      - "8080:8080"
EOF
	put "$r/chart/templates/deploy.yaml" <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
EOF
	printf 'FROM alpine:3.19\nENV PATH\n' | put "$r/bad/Dockerfile"
	printf 'FROM alpine\n' | put "$r/node_modules/pkg/Dockerfile"
	printf 'FROM alpine\n' | put "$r/ignored/Dockerfile"
	printf 'ignored/\n' | put "$r/.gitignore"
	printf 'title: not a manifest\n' | put "$r/docs/notes.yml"
	printf 'FROM alpine\n' | put "$tmp/outside/Dockerfile"
	mkdir -p "$r/linked"
	ln -s "$tmp/outside/Dockerfile" "$r/linked/Dockerfile"
	ln -s "$tmp/outside" "$r/outdir"
}

# Checksums of every regular file (symlinks are not followed).
sums() {
	(cd "$1" && find . -type f | LC_ALL=C sort | xargs cksum)
}

repo=$tmp/repo
make_repo "$repo"
cp -R "$repo" "$tmp/orig"
outside_before=$(cksum <"$tmp/outside/Dockerfile")

# ---- dry run: everything computed, nothing written ----
before=$(sums "$repo")
"$DH" migrate --dry-run --report "$tmp/dry.md" "$repo" >"$tmp/dry.out" 2>"$tmp/dry.err"
check "dry run: status below 3 (got $?)" test $? -lt 3
check "dry run writes nothing" test "$before" = "$(sums "$repo")"
check "dry run: summary names api/Dockerfile" grep -q 'api/Dockerfile' "$tmp/dry.out"
check "dry run: report written" grep -q '^# dockharden migration report' "$tmp/dry.md"
check "dry run: report lists DH105" grep -q 'DH105' "$tmp/dry.md"
check "dry run: report has the syntax error" \
	grep -q "bad/Dockerfile:2:5: error" "$tmp/dry.md"
check "dry run: report has the helm template" \
	grep -q 'template-detected' "$tmp/dry.md"

# ---- --jobs gives the same bytes ----
"$DH" migrate --dry-run --jobs 1 --report "$tmp/j1.md" "$repo" >"$tmp/j1.out" 2>/dev/null
"$DH" migrate --dry-run --jobs 2 --report "$tmp/j2.md" "$repo" >"$tmp/j2.out" 2>/dev/null
check "--jobs 1 and 2: same summary" cmp -s "$tmp/j1.out" "$tmp/j2.out"
check "--jobs 1 and 2: same report" cmp -s "$tmp/j1.md" "$tmp/j2.md"

# ---- JSON: one object per file, sorted by path ----
"$DH" migrate --dry-run --format=json "$repo" >"$tmp/dry.json" 2>/dev/null
sed -n 's/^{"path":"\([^"]*\)".*/\1/p' "$tmp/dry.json" >"$tmp/paths"
check "json: one object per line" test "$(wc -l <"$tmp/paths")" -eq "$(wc -l <"$tmp/dry.json")"
check "json: sorted by path" sh -c "LC_ALL=C sort -c '$tmp/paths'"
check "json: 6 files" test "$(wc -l <"$tmp/paths")" -eq 6
check "json: node_modules, .gitignore'd, symlinks and notes skipped" \
	sh -c "! grep -Eq 'node_modules|ignored/|linked/|outdir|notes.yml' '$tmp/paths'"
check "json: deploy.yaml paired with web/Dockerfile" grep -q \
	'"path":"k8s/deploy.yaml".*"container":"web","dockerfile":"web/Dockerfile","via":"image name"' \
	"$tmp/dry.json"
check "json: compose paired through build" grep -q \
	'"path":"compose.yaml".*"dockerfile":"web/Dockerfile","via":"compose build"' \
	"$tmp/dry.json"

# ---- the real run ----
"$DH" migrate --report "$tmp/run.md" "$repo" >"$tmp/run.out" 2>"$tmp/run.err"
check "run: status below 3 (got $?)" test $? -lt 3
(cd "$tmp/orig" && "$DH" harden api/Dockerfile) >"$tmp/api.want" 2>/dev/null
(cd "$tmp/orig" && "$DH" harden web/Dockerfile) >"$tmp/web.want" 2>/dev/null
(cd "$tmp/orig" && "$DH" patch --dockerfile=web/Dockerfile --container=web \
	k8s/deploy.yaml) >"$tmp/deploy.want" 2>/dev/null
(cd "$tmp/orig" && "$DH" patch --dockerfile=web/Dockerfile --container=web \
	compose.yaml) >"$tmp/compose.want" 2>/dev/null
check "run: api/Dockerfile as harden makes it" cmp -s "$tmp/api.want" "$repo/api/Dockerfile"
check "run: web/Dockerfile as harden makes it" cmp -s "$tmp/web.want" "$repo/web/Dockerfile"
check "run: deploy.yaml as patch --dockerfile makes it" \
	cmp -s "$tmp/deploy.want" "$repo/k8s/deploy.yaml"
check "run: compose.yaml as patch --dockerfile makes it" \
	cmp -s "$tmp/compose.want" "$repo/compose.yaml"
check "run: deploy.yaml runs as the Dockerfile's user" \
	grep -q 'runAsUser: 101$' "$repo/k8s/deploy.yaml"
for f in bad/Dockerfile chart/templates/deploy.yaml node_modules/pkg/Dockerfile \
	ignored/Dockerfile docs/notes.yml; do
	check "run: $f untouched" cmp -s "$tmp/orig/$f" "$repo/$f"
done
check "run: symlink target outside the tree untouched" \
	test "$outside_before" = "$(cksum <"$tmp/outside/Dockerfile")"
check "run: symlink kept" test -L "$repo/linked/Dockerfile"
check "run: no temp files left" sh -c "! find '$repo' -name '.*.dh-*' | grep -q ."

# ---- a second run finds nothing to do ----
after=$(sums "$repo")
"$DH" migrate --format=json "$repo" >"$tmp/again.json" 2>/dev/null
check "second run: nothing written" test "$after" = "$(sums "$repo")"
check "second run: no file changed" \
	sh -c "! grep -q '\"status\":\"changed\"' '$tmp/again.json'"
check "second run: only the two bad files are errors" \
	test "$(grep -c '"status":"error"' "$tmp/again.json")" -eq 2

# ---- a port hardening moves: Service and probes follow in the same run ----
ports=$tmp/ports
put "$ports/site/Dockerfile" <<'EOF'
FROM nginx:1.27
COPY public/ /usr/share/nginx/html/
EXPOSE 80
EOF
put "$ports/site/public/index.html" <<'EOF'
<h1>release notes</h1>
EOF
put "$ports/k8s/deployment.yaml" <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: site
spec:
  selector:
    matchLabels:
      app: site
  template:
    metadata:
      labels:
        app: site
    spec:
      containers:
        - name: site
          image: registry.example.com/web/site:1.4
          ports:
            - name: http
              containerPort: 80
          readinessProbe:
            httpGet:
              path: /
              port: 80
          livenessProbe:
            tcpSocket:
              port: http
EOF
put "$ports/k8s/service.yaml" <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: site
spec:
  selector:
    app: site
  ports:
    - name: http
      port: 80
      targetPort: 80 # the pods' port
---
apiVersion: v1
kind: Service
metadata:
  name: admin
spec:
  selector:
    app: admin
  ports:
    - port: 80
      targetPort: 80
EOF
"$DH" migrate --report "$tmp/ports.md" --format=json "$ports" >"$tmp/ports.json" 2>/dev/null
check "ports: status below 3 (got $?)" test $? -lt 3
check "ports: EXPOSE 8080 in the Dockerfile" grep -q '^EXPOSE 8080$' "$ports/site/Dockerfile"
check "ports: containerPort follows" grep -q 'containerPort: 8080$' "$ports/k8s/deployment.yaml"
check "ports: readiness probe follows" grep -q '^              port: 8080$' "$ports/k8s/deployment.yaml"
check "ports: named liveness probe port kept" grep -q '^              port: http$' "$ports/k8s/deployment.yaml"
check "ports: the Service in another file follows" \
	grep -q "^      targetPort: 8080 # the pods' port$" "$ports/k8s/service.yaml"
check "ports: a Service selecting other pods is untouched" \
	test "$(grep -c 'targetPort: 80$' "$ports/k8s/service.yaml")" -eq 1
check "ports: report lists the Service edit" grep -q \
	"DH256.*Service 'site' port 'http' (selects Deployment 'site' in k8s/deployment.yaml) targetPort: 80 becomes 8080" \
	"$tmp/ports.md"
check "ports: report lists the probe edit" \
	grep -q "DH256.*readinessProbe httpGet.port: 80 becomes 8080" "$tmp/ports.md"
check "ports: json lists the Service change" grep -q \
	'"path":"k8s/service.yaml".*"changes":\[{"rule":"DH256"' "$tmp/ports.json"
after=$(sums "$ports")
"$DH" migrate "$ports" >/dev/null 2>&1
check "ports: second run changes nothing" test "$after" = "$(sums "$ports")"

# ---- an instruction BuildKit rejects: bad input, as harden says ----
unk=$tmp/unknown
printf 'FROM debian:12\nRUNN apt-get update\nCMD ["/svc"]\n' | put "$unk/svc/Dockerfile"
put "$unk/deploy.yaml" <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc
spec:
  template:
    spec:
      containers:
        - name: svc
          image: registry.example.com/svc:1
EOF
cp "$unk/svc/Dockerfile" "$tmp/unknown.Dockerfile"
"$DH" migrate --format=json --report "$tmp/unk.md" "$unk" >"$tmp/unk.json" 2>/dev/null
check "unknown instruction: exit 2 as for bad input (got $?)" test $? -eq 2
check "unknown instruction: the Dockerfile is an error" grep -q \
	'"path":"svc/Dockerfile","kind":"dockerfile","status":"error","written":false' \
	"$tmp/unk.json"
check "unknown instruction: the error names code, line and column" grep -q \
	'"path":"svc/Dockerfile".*"errors":\[{"code":"unknown-instruction","line":2,"column":1' \
	"$tmp/unk.json"
check "unknown instruction: the report shows file:line:col" \
	grep -q "^svc/Dockerfile:2:1: error: unknown instruction 'RUNN'" "$tmp/unk.md"
check "unknown instruction: the Dockerfile is not written" \
	cmp -s "$tmp/unknown.Dockerfile" "$unk/svc/Dockerfile"
check "unknown instruction: its container is not paired with it" grep -q \
	"\"path\":\"deploy.yaml\".*its Dockerfile 'svc/Dockerfile' has errors" "$tmp/unk.json"
"$DH" harden "$unk/svc/Dockerfile" >/dev/null 2>&1
check "unknown instruction: harden also exits 2 (got $?)" test $? -eq 2

# ---- .dockharden.yaml: read per file, under the command line ----
cfg=$tmp/cfg
mkdir -p "$cfg/.git" "$cfg/app" "$cfg/legacy" "$cfg/team"
printf 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nCMD ["/out/app"]\n' >"$cfg/app/Dockerfile"
cp "$cfg/app/Dockerfile" "$cfg/legacy/Dockerfile"
cp "$cfg/app/Dockerfile" "$cfg/team/Dockerfile"
printf 'uid: 4242\nignore: [legacy/**]\n' >"$cfg/.dockharden.yaml"
printf 'uid: 5151\n' >"$cfg/team/.dockharden.yaml"
cp -a "$cfg" "$tmp/cfg2"
"$DH" migrate "$cfg" >"$tmp/cfg.out" 2>&1
check "config: app/ gets the root's uid" grep -q '^USER 4242:4242$' "$cfg/app/Dockerfile"
check "config: team/ gets its nearer file's uid" grep -q '^USER 5151:5151$' "$cfg/team/Dockerfile"
check "config: ignored legacy/ untouched" cmp -s "$cfg/legacy/Dockerfile" "$tmp/cfg2/legacy/Dockerfile"
check "config: ignored legacy/ not listed" sh -c "! grep -q legacy/ '$tmp/cfg.out'"
"$DH" migrate --uid 7000 "$tmp/cfg2" >/dev/null 2>&1
check "config: --uid wins" grep -q '^USER 7000:7000$' "$tmp/cfg2/team/Dockerfile"
printf 'uid: [\n' >"$cfg/team/.dockharden.yaml"
"$DH" migrate "$cfg" >"$tmp/cfg.out" 2>&1
check "config: an invalid one is bad input (got $?)" test $? -eq 2
check "config: its file is an error" grep -q '^error  *dockerfile .*team/Dockerfile$' "$tmp/cfg.out"

# ---- usage ----
"$DH" migrate "$tmp/does-not-exist" >/dev/null 2>&1
check "missing DIR fails" test $? -ne 0

# ---- scale: a figure, not a pass/fail ----
if [ "${MIGRATE_SCALE:-1}" != 0 ]; then
	big=$tmp/big
	mkdir -p "$big"
	(cd "$big" && seq 1 10000 | awk '{ printf "svc%05d\n", $1 }' | xargs mkdir -p)
	seq 1 10000 | awk -v big="$big" '{
		d = sprintf("svc%05d", $1)
		f = big "/" d "/Dockerfile"
		print "FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nEXPOSE 3000\nCMD [\"node\", \"server.js\"]" > f
		close(f)
		m = big "/" d "/deploy.yaml"
		print "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " d "\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/team/" d ":1.0" > m
		close(m)
	}'
	start=$(date +%s.%N)
	"$DH" migrate --dry-run --jobs 2 --format=json "$big" >"$tmp/big.json" 2>/dev/null
	end=$(date +%s.%N)
	n=$(wc -l <"$tmp/big.json")
	echo "migrate: scale: $n files (10000 Dockerfiles + 10000 manifests), --dry-run --jobs 2: $(echo "$start $end" | awk '{ printf "%.2f", $2 - $1 }') s (target 5 s)"
	check "scale: every file reported" test "$n" -eq 20000
fi

echo "migrate: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
