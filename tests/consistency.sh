#!/bin/sh
# SPDX-License-Identifier: MIT
# One truth across outputs: every golden Dockerfile goes through `harden`,
# `k8s --as=pod`, `docker-run`, `docker-run --format=compose` and
# `patch --dockerfile` of a plain one-container Deployment, and all of them
# must name the same user, the same read-only verdict, the same mounted
# writable paths and the same ports; a numeric USER in the hardened file
# must be the user every output runs as.
#
# Usage: sh tests/consistency.sh [path/to/dockharden]   (POSIX sh, dash)
# CONSISTENCY_VERBOSE=1 also prints each passing file.
# The last line is always "consistency: N passed, N failed"; exit 1 on a
# failure.
set -u
LC_ALL=C
export LC_ALL

BIN=${1:-build/dockharden}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
TOP=$(cd "$(dirname "$0")/.." && pwd)
pass=0
fail=0
if [ ! -x "$BIN" ]; then
	echo "consistency: $BIN is not an executable (run 'make')"
	echo "consistency: 0 passed, 1 failed"
	exit 1
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/dh-consistency.XXXXXX") || exit 3
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM

cat >"$T/deploy.yaml" <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector:
    matchLabels:
      app: app
  template:
    metadata:
      labels:
        app: app
    spec:
      containers:
        - name: app
          image: registry.example.com/app:1
EOF

# Each reader prints "key value" lines: user, ro, path, port.

read_docker_run() {
	sed -n 's/^  \(.*\) \\$/\1/p' "$1" | tr -d "'" | awk '
		$1 == "--user" { print "user " $2 }
		$1 == "--read-only" { print "ro yes" }
		$1 == "--tmpfs" { sub(/:.*/, "", $2); print "path " $2 }
		$1 == "--mount" { n = split($2, f, ",")
			for (i = 1; i <= n; i++)
				if (f[i] ~ /^"?target=/) {
					sub(/^"?target=/, "", f[i]); sub(/"$/, "", f[i])
					print "path " f[i] } }
		$1 == "-p" { sub(/^[0-9]+:/, "", $2); print "port " $2 }'
}

read_compose() {
	awk '
		/^    [a-z_]+:/ { key = $1; sub(/:$/, "", key) }
		key == "user" && /^    user:/ { v = $2; gsub(/"/, "", v); print "user " v }
		/^    read_only: true/ { print "ro yes" }
		/^    - / && key == "tmpfs" { v = $2; sub(/:.*/, "", v); print "path " v }
		/^    - / && key == "volumes" { print "path " $2 }
		/^    - / && key == "ports" { v = $2; gsub(/"/, "", v)
			sub(/^[0-9]+:/, "", v); print "port " v }' "$1"
}

# k8s --as=pod and the patched Deployment: uid and gid make "uid:gid".
read_k8s() {
	awk -v ports="$2" '
		$1 == "runAsUser:" { uid = $2 }
		$1 == "runAsGroup:" { gid = $2 }
		$1 == "readOnlyRootFilesystem:" && $2 == "true" { print "ro yes" }
		$1 == "mountPath:" { v = $2; gsub(/["\047]/, "", v); print "path " v }
		ports == "yes" && /containerPort:/ {
			if (p != "") print "port " p
			p = $NF; next }
		ports == "yes" && $1 == "protocol:" && p != "" {
			print "port " p "/" tolower($2); p = "" }
		END { if (p != "") print "port " p
			if (uid != "") print "user " uid ":" (gid != "" ? gid : uid) }' "$1"
}

# The numeric USER of the hardened file's final stage, or nothing.
final_user() {
	awk 'toupper($1) == "FROM" { u = "" } toupper($1) == "USER" { u = $2 }
		END { print u }' "$1"
}

# True when the docker-run user (uid:gid, trailing space) fits runAsUser.
kube_user() {
	case $1 in
	"") return 0 ;;
	*[!0-9:\ ]*) return 1 ;;
	esac
	[ "$(echo "$1" | awk -F: '{ print ($1 <= 2147483647 && $2 <= 2147483647) }')" = 1 ]
}

fields() {
	sort -u "$1" | grep "^$2 " | sed "s/^$2 //" | tr '\n' ' '
}

check_case() {
	name=$1 dir=$2
	cd "$dir" || return
	"$BIN" harden input.Dockerfile >"$T/h" 2>/dev/null
	[ $? -le 1 ] || return 0
	grep -q -i 'windows' "$T/h" && return 0
	"$BIN" docker-run input.Dockerfile >"$T/d.out" 2>/dev/null || :
	"$BIN" docker-run --format=compose input.Dockerfile >"$T/c.out" \
		2>/dev/null || :
	"$BIN" k8s --as=pod input.Dockerfile >"$T/k.out" 2>/dev/null || :
	"$BIN" patch --dockerfile=input.Dockerfile "$T/deploy.yaml" \
		>"$T/p.out" 2>/dev/null
	[ $? -le 1 ] || { no "$name" "patch failed"; return; }
	grep -q 'os:' "$T/k.out" && return 0
	read_docker_run "$T/d.out" >"$T/d"
	read_compose "$T/c.out" >"$T/c"
	read_k8s "$T/k.out" yes >"$T/k"
	read_k8s "$T/p.out" no >"$T/p"
	bad=""
	for f in user ro path; do
		want=$(fields "$T/d" $f)
		for o in c k p; do
			expect=$want
			# Kubernetes takes a user by number only, up to 2^31-1:
			# a named or larger user is left to the image there.
			if [ $f = user ] && [ $o != c ] && ! kube_user "$want"; then
				expect=""
			fi
			got=$(fields "$T/$o" $f)
			[ "$got" = "$expect" ] ||
				bad="$bad $f($o): '$got' vs docker-run '$want';"
		done
	done
	want=$(fields "$T/d" port)
	for o in c k; do
		got=$(fields "$T/$o" port)
		[ "$got" = "$want" ] ||
			bad="$bad port($o): '$got' vs docker-run '$want';"
	done
	u=$(final_user "$T/h")
	case $u in
	[1-9]*)
		case " $(fields "$T/d" user)" in
		" ${u%%:*}:"* | " ${u}"*) ;;
		*) bad="$bad hardened USER $u but docker-run runs as '$(fields "$T/d" user)';" ;;
		esac
		;;
	root | 0 | 0:*)
		[ -z "$(fields "$T/d" user)" ] ||
			bad="$bad hardened USER $u but docker-run names a user;"
		;;
	esac
	if [ -n "$bad" ]; then
		no "$name" "$bad"
	else
		pass=$((pass + 1))
		[ -z "${CONSISTENCY_VERBOSE:-}" ] || echo "ok: $name"
	fi
}

no() {
	fail=$((fail + 1))
	echo "FAIL consistency $1: $2"
}

for dir in "$TOP"/golden/*/; do
	[ -f "$dir/input.Dockerfile" ] || continue
	name=$(basename "$dir")
	check_case "$name" "$dir"
done
echo "consistency: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
