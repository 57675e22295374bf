#!/bin/bash
# Builds the stand-ins for public images into the harness's private store:
# one mmdebstrap rootfs, then one small Dockerfile per image family, each
# tagged with the real names. A stand-in is rebuilt only when the hash of
# its Dockerfile (and of the rootfs recipe) changes.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

ROOTFS_TAG=localhost/dh-e2e/rootfs:bookworm
rootfs_hash=$(content_hash "$E2E_SRC/standins/rootfs.packages")

# The mirror the host already uses, so the rootfs comes from where apt works.
host_mirror() {
	local m
	m=$(grep -hoE '^(URIs:|deb) +[^ ]*' /etc/apt/sources.list \
		/etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null |
		awk '{print $2}' | grep -E '/debian/?$' | head -n 1 || true)
	echo "${m:-http://deb.debian.org/debian}"
}

# Every tag in the store, read once: asking podman tag by tag is slow.
have_tags=$(pm images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null || true)
has_tag() {
	grep -qxF "$1" <<<"$have_tags"
}

image_label() {
	pm image inspect --format "{{index .Labels \"$2\"}}" "$1" 2>/dev/null || true
}

build_rootfs() {
	if [ "$(image_label "$ROOTFS_TAG" dh-e2e.hash)" = "$rootfs_hash" ]; then
		echo "ok standin rootfs (cached)"
		return
	fi
	local mirror pkgs tar=$OUT/rootfs.tar log=$LOGS/standin-rootfs.log
	mirror=$(host_mirror)
	pkgs=$(grep -v '^#' "$E2E_SRC/standins/rootfs.packages" | paste -sd, -)
	local t0=$SECONDS
	# Go 1.22 exists only in bookworm-backports; nothing else is taken from there.
	if ! mmdebstrap --variant=minbase --include="$pkgs" \
		--aptopt='APT::Install-Recommends "false"' \
		--dpkgopt='path-exclude=/usr/share/doc/*' \
		--dpkgopt='path-exclude=/usr/share/man/*' \
		bookworm "$tar" \
		"deb $mirror bookworm main" \
		"deb $mirror bookworm-updates main" \
		"deb $mirror bookworm-backports main" >"$log" 2>&1; then
		echo "FAIL standin rootfs: mmdebstrap failed (see $log)"
		return 1
	fi
	pm import --change "CMD [\"bash\"]" \
		--change "LABEL dh-e2e.hash=$rootfs_hash" \
		"$tar" "$ROOTFS_TAG" >>"$log" 2>&1
	rm -f "$tar"
	echo "ok standin rootfs (built in $((SECONDS - t0))s)"
}

# The first "# tags:" line of a stand-in Dockerfile names every tag it gets.
build_standin() {
	local df=$1 name hash tags first log
	name=$(basename "$df" .Dockerfile)
	log=$LOGS/standin-$name.log
	# The files it copies from files/ are hashed too, and so is the
	# stand-in this one is built FROM, if any.
	local -a deps
	mapfile -t deps < <(copied_files "$df"; base_standin "$df")
	hash=$(content_hash "$df" "$E2E_SRC/standins/rootfs.packages" "${deps[@]}")
	read -r -a tags <<<"$(sed -n 's/^# tags: //p' "$df" | head -n 1)"
	read -r -a nonroot <<<"$(sed -n 's/^# nonroot: //p' "$df" | head -n 1)"
	first=${tags[0]}
	if [ "$(image_label "$first" dh-e2e.hash)" = "$hash" ] &&
		{ [ ${#nonroot[@]} = 0 ] || [ "$(image_label "${nonroot[0]}" dh-e2e.hash)" = "$hash" ]; }; then
		local t
		for t in "${tags[@]}"; do
			has_tag "$t" || pm tag "$first" "$t"
		done
		for t in "${nonroot[@]}"; do
			has_tag "$t" || pm tag "${nonroot[0]}" "$t"
		done
		echo "ok standin $name (cached)"
		return
	fi
	local t0=$SECONDS net=none
	# A stand-in for an image whose packages the rootfs lacks installs them
	# with apt-get: the only network there is reaches Debian's mirror.
	grep -q '^# network: host$' "$df" && net=host
	if ! pm build --pull=never --network="$net" --label "dh-e2e.hash=$hash" \
		-t "$first" -f "$df" "$E2E_SRC/standins" >"$log" 2>&1; then
		echo "FAIL standin $name: build failed (see $log)"
		return 1
	fi
	local t
	for t in "${tags[@]:1}"; do
		pm tag "$first" "$t"
	done
	# distroless ":nonroot" is the same files with USER 65532 and its home.
	if [ ${#nonroot[@]} != 0 ]; then
		printf 'FROM %s\nUSER 65532\nWORKDIR /home/nonroot\n' "$first" >"$OUT/nonroot.Containerfile"
		pm build --pull=never --network=none --label "dh-e2e.hash=$hash" \
			-t "${nonroot[0]}" -f "$OUT/nonroot.Containerfile" "$OUT/etc" >>"$log" 2>&1
		for t in "${nonroot[@]:1}"; do
			pm tag "${nonroot[0]}" "$t"
		done
	fi
	for t in "$first" "${nonroot[@]}"; do
		if ! verify_contract "$name" "$t" >>"$log" 2>&1; then
			echo "FAIL standin $name: contract check of $t failed (see $log)"
			return 1
		fi
	done
	echo "ok standin $name (built in $((SECONDS - t0))s)"
}

# The files under files/ that a stand-in Dockerfile copies.
copied_files() {
	grep -oE '(^| )files/[^ ]+' "$1" | sed "s#^ *#$E2E_SRC/standins/#"
}

# The stand-in Dockerfile whose tags hold an image df is built FROM.
base_standin() {
	local img other
	while read -r img; do
		for other in "$E2E_SRC"/standins/*.Dockerfile; do
			[ "$other" != "$1" ] && grep -q "^# tags: .*$img\( \|\$\)" "$other" && echo "$other"
		done
	done < <(awk 'toupper($1)=="FROM" && $2 !~ /^localhost\// && $2 != "scratch" {print $2}' "$1")
	return 0
}

# What the real image promises and the cases rely on.
verify_contract() {
	local name=$1 img=$2 user ep
	user=$(pm image inspect --format '{{.Config.User}}' "$img")
	ep=$(pm image inspect --format '{{json .Config.Entrypoint}}' "$img")
	echo "contract $name: user='$user' entrypoint=$ep"
	case $name in
	distroless-*)
		local want_user=""
		case $img in *:nonroot) want_user=65532 ;; esac
		[ "$user" = "$want_user" ] || { echo "user '$user' != '$want_user'"; return 1; }
		# Run the check from the rootfs with the image's files mounted, since
		# a distroless image has no shell to run it with.
		pm run --rm --network=none --mount "type=image,source=$img,destination=/img" \
			"$ROOTFS_TAG" sh -ec '
			test ! -e /img/bin/sh
			test -s /img/etc/ssl/certs/ca-certificates.crt
			grep -q "^nonroot:x:65532:65532:" /img/etc/passwd
			grep -q "^root:x:0:0:" /img/etc/passwd
			grep -q "^nobody:" /img/etc/passwd
			test "$(stat -c %a /img/tmp)" = 1777'
		if [ "$name" = distroless-python3 ]; then
			[ "$ep" = '["/usr/bin/python3"]' ] &&
				pm run --rm --network=none "$img" -c 'import ssl, json; print("py ok")'
		elif [ "$name" = distroless-java17 ]; then
			[ "$ep" = '["/usr/bin/java","-jar"]' ] &&
				pm run --rm --network=none --entrypoint /usr/bin/java "$img" -version
		elif [ "$name" = distroless-nodejs20 ]; then
			[ "$ep" = '["/nodejs/bin/node"]' ] &&
				pm run --rm --network=none "$img" -e 'console.log("node ok")'
		fi
		;;
	nginx-unprivileged)
		[ "$user" = 101 ] || return 1
		pm run --rm --network=none "$img" sh -ec 'nginx -t; grep -q "listen *8080" /etc/nginx/conf.d/default.conf'
		;;
	nginx)
		pm run --rm --network=none "$img" sh -ec 'nginx -t; grep -q "listen *80;" /etc/nginx/conf.d/default.conf; id nginx'
		;;
	node)
		pm run --rm --network=none "$img" sh -ec 'test "$(id -u node)" = 1000; node -e "console.log(1)"; npm --version; http-server --help >/dev/null'
		;;
	python)
		pm run --rm --network=none "$img" sh -ec 'test -x /usr/local/bin/python3; test "$(command -v pip)" = /usr/local/bin/pip; python3 -c "import sys; assert sys.prefix == \"/usr/local\""; python3 -m venv /tmp/v'
		;;
	golang)
		pm run --rm --network=none "$img" sh -ec 'go version; test "$GOPATH" = /go'
		;;
	debian)
		pm run --rm --network=none "$img" sh -ec 'test "$(id -u)" = 0; test -s /etc/ssl/certs/ca-certificates.crt'
		;;
	postgres)
		pm run --rm --network=none --entrypoint sh "$img" -ec 'test "$(id -u postgres)" = 999; test "$PGDATA" = /var/lib/postgresql/data; postgres --version; test "$(stat -c %U /var/run/postgresql)" = postgres'
		[ "$(pm image inspect --format '{{json .Config.Entrypoint}} {{json .Config.Cmd}}' "$img")" = '["docker-entrypoint.sh"] ["postgres"]' ]
		;;
	redis)
		pm run --rm --network=none --entrypoint sh "$img" -ec 'test "$(id -u redis)" = 999; test "$(pwd)" = /data; test "$(stat -c %U /data)" = redis; redis-server --version'
		[ "$(pm image inspect --format '{{json .Config.Entrypoint}} {{json .Config.Cmd}}' "$img")" = '["docker-entrypoint.sh"] ["redis-server"]' ]
		;;
	rust)
		pm run --rm --network=none "$img" sh -ec 'test "$CARGO_HOME" = /usr/local/cargo; cargo --version; rustc --version; cc --version >/dev/null'
		;;
	eclipse-temurin-jdk)
		pm run --rm --network=none "$img" sh -ec 'test "$JAVA_HOME" = /opt/java/openjdk; javac -version; jar --version; java -version 2>&1 | grep -q "version \"17"'
		;;
	eclipse-temurin-jre)
		pm run --rm --network=none "$img" sh -ec 'test "$JAVA_HOME" = /opt/java/openjdk; java -version 2>&1 | grep -q "version \"17"; ! command -v javac'
		;;
	esac
}

build_rootfs
rc=0
# Stand-ins built FROM another stand-in come after it.
later=()
for df in "$E2E_SRC"/standins/*.Dockerfile; do
	if [ -n "$(base_standin "$df")" ]; then
		later+=("$df")
	else
		build_standin "$df" || rc=1
	fi
done
for df in "${later[@]}"; do
	build_standin "$df" || rc=1
done
exit $rc
