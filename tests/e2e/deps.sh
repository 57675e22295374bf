#!/bin/sh
# Installs what `make e2e` needs on a fresh Debian machine. Only root can
# install; anyone else gets the list, and run.sh decides whether to skip.
set -eu

need="podman buildah mmdebstrap runc uidmap skopeo podman-compose parallel"
# The scale-out recipes of docs/migrate.md clone with git and tag with jq.
need="$need git jq"
# kube play and rootful networking need these; Debian only recommends them.
need="$need catatonit slirp4netns containernetworking-plugins iptables fuse-overlayfs"
# kube.py reads and rewrites manifests with it.
need="$need python3 python3-yaml"

missing=""
for p in $need; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "e2e: deps: missing:$missing (install them as root with apt-get)" >&2
	exit 1
fi
echo "e2e: deps: installing$missing" >&2
apt-get update -qq
# shellcheck disable=SC2086 # one word per package
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
