#!/bin/bash
# Shared by run.sh and standins.sh: one private podman store and config, so
# the harness never sees or touches the machine's other images.

E2E_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$E2E_SRC/../.." && pwd)
OUT=${E2E_OUT:-$TOP/build/e2e}
DH=${DH:-$TOP/build/dockharden}
LOGS=$OUT/logs
mkdir -p "$OUT/etc" "$LOGS" "$OUT/work"

# runc, because crun refuses the hybrid cgroup layout here; explicit
# rlimits, because root lacks CAP_SYS_RESOURCE to raise podman's defaults.
cat >"$OUT/etc/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
CONF
# Short names in unmodified Dockerfiles must resolve to the stand-ins.
cat >"$OUT/etc/registries.conf" <<'CONF'
unqualified-search-registries = ["docker.io"]
short-name-mode = "permissive"
CONF
export CONTAINERS_CONF=$OUT/etc/containers.conf
export CONTAINERS_REGISTRIES_CONF=$OUT/etc/registries.conf

# The image every probe runs its curl from (it shares the target's netns).
export PROBE_IMAGE=localhost/dh-e2e/rootfs:bookworm

pm() {
	podman --root "$OUT/store" --runroot "$OUT/run" \
		--storage-driver overlay "$@"
}

# A reason to skip the whole run, or nothing when podman can run a container.
podman_unusable() {
	if ! command -v podman >/dev/null 2>&1; then
		echo "podman is not installed"
		return
	fi
	if ! pm info >"$LOGS/podman-info.log" 2>&1; then
		echo "podman info fails: $(tail -n 1 "$LOGS/podman-info.log")"
	fi
}

# Hash of the files that define something, to skip rebuilding what is cached.
content_hash() {
	cat "$@" | sha256sum | cut -c1-16
}
