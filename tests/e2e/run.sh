#!/bin/bash
# make e2e: builds every case under tests/e2e/apps as written and as
# `dockharden harden` rewrites it, and proves both still do their job under
# podman, offline: the emitted `docker run` flags, the emitted Pod, the
# case's own Deployment and compose file after `dockharden patch`.
# Everything the checks compare against is computed from the tool's output;
# what a case expects is in its `case` file (see tests/e2e/README.md).
#
# usage: run.sh [CASE...]   (default: every case)
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=recipes.sh
. "$(dirname "$0")/recipes.sh"

RESULTS=$OUT/results.tsv
SIZES=$OUT/sizes.tsv
HARDENED_STEPS="harden unchanged build-hardened user docker-run bind pod deployment compose"
T_START=$SECONDS

# Only our private store is touched, so removing everything in it is safe.
cleanup() {
	pm pod rm -af -t 0 >/dev/null 2>&1
	pm rm -af -t 0 >/dev/null 2>&1
	pm volume rm -af >/dev/null 2>&1
}

# One line per case and step; a FAIL of a step the case file marks as a
# known tool bug is an xfail, counted apart.
report() {
	local c=$1 step=$2 status=$3 detail=${4:-}
	if [ "$status" = FAIL ] && [ -n "${KNOWN_BUG:-}" ] &&
		[[ " $HARDENED_STEPS " == *" $step "* ]]; then
		status=xfail
		detail="$detail (known tool bug: $KNOWN_BUG)"
	fi
	printf '%s\t%s\t%s\t%s\n' "$c" "$step" "$status" "$detail" >>"$RESULTS"
	if [ -n "$detail" ]; then
		echo "$status $c $step: $detail"
	else
		echo "$status $c $step"
	fi
}

# Case-file fields, reset for every case.
load_case() {
	PORT="" PROBE_PATH=/ EXPECT="" PROBE_CMD="" PROBE_SHELL="" EXPECT_CHANGE=yes KNOWN_BUG="" IMAGE=""
	# shellcheck disable=SC1090,SC1091 # the case file is data of this harness
	. "$1/case"
}

# The final stage's EXPOSE ports, in order.
exposed_ports() {
	awk 'toupper($1)=="FROM"{p=""} toupper($1)=="EXPOSE"{for(i=2;i<=NF;i++){sub("/.*","",$i); p=p" "$i}} END{print p}' "$1"
}

# The port to probe in the hardened image: the case's port, moved along when
# the tool rewrote the EXPOSE it came from (nginx 80 becomes 8080).
hardened_port() {
	local -a o h
	read -r -a o <<<"$(exposed_ports "$1")"
	read -r -a h <<<"$(exposed_ports "$2")"
	local i
	for i in "${!o[@]}"; do
		if [ "${o[$i]}" = "$PORT" ] && [ -n "${h[$i]:-}" ]; then
			echo "${h[$i]}"
			return
		fi
	done
	echo "$PORT"
}

# Runs the probe against a running container (in its network namespace),
# retrying while the app starts. Prints the reason on failure.
probe() {
	local ctr=$1 port=$2 log=$3 out i state net pod answered=0
	# podman lets a container join a pod, not another container in a pod.
	pod=$(pm inspect --format '{{.Pod}}' "$ctr" 2>/dev/null)
	net=--network=container:$ctr
	[ -n "$pod" ] && net=--pod=$pod
	for i in $(seq 1 30); do
		if [ -n "$PROBE_SHELL" ]; then
			out=$(pm run --rm "$net" "$PROBE_IMAGE" \
				timeout 10 bash -c "$PROBE_SHELL" 2>&1)
		else
			out=$(pm run --rm "$net" "$PROBE_IMAGE" \
				curl -sS --max-time 5 "http://127.0.0.1:$port$PROBE_PATH" 2>&1)
		fi
		if [[ "$out" == *"$EXPECT"* ]]; then
			return 0
		fi
		state=$(pm inspect --format '{{.State.Status}}' "$ctr" 2>/dev/null)
		# Retry while nothing listens yet; an app that answers wrongly three
		# times will not change its mind.
		case $out in
		*"Failed to connect"* | *"Connection refused"* | *"Couldn't connect"* | "") ;;
		*) answered=$((answered + 1)) ;;
		esac
		if [ "$state" != running ] || [ "$i" = 30 ] || [ "$answered" -ge 3 ]; then
			{
				echo "--- last probe output:"
				echo "$out"
				echo "--- container state: $state; full log:"
				pm logs "$ctr"
			} >>"$log" 2>&1
			local last
			last=$(pm logs "$ctr" 2>&1 | grep -v '^$' | tail -n 1)
			if [ "$state" != running ]; then
				echo "container $state: ${last:-no output}"
			else
				echo "no '$EXPECT' on port $port: ${out:0:160}"
			fi
			return 1
		fi
		sleep 1
	done
}

# Whether / is mounted read-only in the running container, read from the
# host, since the image may have no shell to ask with.
root_readonly() {
	local pid
	pid=$(pm inspect --format '{{.State.Pid}}' "$1") || return 1
	awk '$5=="/"{print $6}' "/proc/$pid/mountinfo" | grep -qw ro
}

# A probe for a command image (PROBE_CMD) or a server; both print why not.
run_and_probe() {
	local ctr=$1 port=$2 log=$3
	shift 3
	if [ -n "$PROBE_CMD" ]; then
		local -a cmd
		eval "cmd=($PROBE_CMD)"
		local out
		out=$(pm run --rm --name "$ctr" --label dh-e2e=1 "$@" "${cmd[@]}" 2>&1)
		echo "$out" >>"$log"
		[[ "$out" == *"$EXPECT"* ]] && return 0
		echo "no '$EXPECT' in output: ${out:0:160}"
		return 1
	fi
	if ! pm run -d --name "$ctr" --label dh-e2e=1 "$@" >>"$log" 2>&1; then
		echo "podman run failed: $(tail -n 1 "$log")"
		return 1
	fi
	probe "$ctr" "$port" "$log"
}

# (a') the docker-run flags with each VOLUME of the hardened final stage
# bind-mounted from a new host folder owned by the user the flags run as,
# as an operator following them would make it: a Docker named volume
# copies the image folder's owner, a bind mount keeps the host's.
bind_step() {
	local c=$1 w=$2 hard=$3 hport=$4 log=$LOGS/$1.bind.log user=0 v i=0 j why
	local -a flags out=() vols
	read -r -a vols <<<"$(awk 'toupper($1)=="FROM"{v=""} toupper($1)=="VOLUME"{$1=""; v=v" "$0} END{print v}' "$w/hard/Dockerfile" | tr -d '[]",')"
	[ ${#vols[@]} = 0 ] && return
	mapfile -t flags < <(python3 "$E2E_SRC/kube.py" docker-run "$w/docker-run.txt")
	for ((j = 0; j < ${#flags[@]}; j++)); do
		[ "${flags[$j]}" = --user ] && user=${flags[$((j + 1))]}
	done
	if ! [[ "${user%%:*}" =~ ^[0-9]+$ ]]; then
		report "$c" bind skip "the flags name user '$user', not a number a host folder can be given to"
		return
	fi
	# Mounts the flags put at a VOLUME path make way for the bind mount.
	for ((j = 0; j < ${#flags[@]}; j++)); do
		if [[ "${flags[$j]}" =~ ^(--mount|--tmpfs|-v|--volume)$ ]] && [ $((j + 1)) -lt ${#flags[@]} ]; then
			local arg=${flags[$((j + 1))]} at=0
			for v in "${vols[@]}"; do
				[[ ",$arg," =~ ,(target|destination|dst)=$v, || "$arg" == "$v" || "$arg" == "$v:"* ]] && at=1
			done
			if [ $at = 1 ]; then
				j=$((j + 1))
				continue
			fi
		fi
		out+=("${flags[$j]}")
	done
	for v in "${vols[@]}"; do
		i=$((i + 1))
		rm -rf "$w/bind$i" && mkdir -p "$w/bind$i"
		chown "${user%%:*}:${user#*:}" "$w/bind$i" && chmod 755 "$w/bind$i"
		out+=(--mount "type=bind,source=$w/bind$i,target=$v")
	done
	echo "flags: ${out[*]}" >>"$log"
	if why=$(run_and_probe "e2e-$c-bind" "$hport" "$log" --read-only-tmpfs=false "${out[@]}" "$hard"); then
		report "$c" bind ok "${vols[*]} bound from a host folder owned by $user"
	else
		report "$c" bind FAIL "$why, see $log"
	fi
	pm rm -f -v -t 0 "e2e-$c-bind" >/dev/null 2>&1
}

# BuildKit creates a WORKDIR that nothing was copied into; buildah does not,
# and kube play then refuses the container. Add it as BuildKit would, so the
# result matches what Docker users get.
buildkit_workdir() {
	local img=$1 wd mnt
	wd=$(pm image inspect --format '{{.Config.WorkingDir}}' "$img")
	[ -z "$wd" ] || [ "$wd" = / ] && return 0
	mnt=$(pm image mount "$img") || return 0
	if [ -d "$mnt$wd" ]; then
		pm image unmount "$img" >/dev/null
		return 0
	fi
	pm image unmount "$img" >/dev/null
	local ctx=$OUT/work/.workdir-${img##*/}
	rm -rf "$ctx" && mkdir -p "$ctx/empty"
	printf 'FROM %s\nCOPY empty/ %s/\n' "$img" "$wd" >"$ctx/Containerfile"
	pm build --pull=never --network=none -t "$img" -f "$ctx/Containerfile" "$ctx" >/dev/null 2>&1
	echo " (WORKDIR $wd created as BuildKit does)"
}

build_image() {
	local dir=$1 tag=$2 log=$3 net=none
	# The tool may add an apt-get install of CA certificates; only Debian's
	# mirror is reachable, which is all that needs.
	if grep -q 'apt-get update' "$dir/Dockerfile"; then
		net=host
	fi
	pm build --pull=never --network="$net" -t "$tag" -f "$dir/Dockerfile" "$dir" >"$log" 2>&1
}

# podman kube play with what kubelet does and podman does not: refuse a
# non-root Pod that would run as root, empty emptyDirs, pod sysctls written
# into the pod's network namespace before the app starts. Probes the app.
kube_run() {
	local c=$1 yaml=$2 tag=$3 port=$4 log=$5 tag_user play why lockfd
	# kube play publishes each containerPort on the host, so two pods on
	# one port (the nginx cases on 8080) cannot run side by side: one pod
	# at a time. The lock goes with this subshell.
	exec {lockfd}>"$OUT/kube.lock"
	flock "$lockfd"
	play=${yaml%.yaml}.play.yaml
	tag_user=$(pm image inspect --format '{{.Config.User}}' "$tag")
	rm -rf "${yaml%.yaml}.emptydir"
	mkdir -p "${yaml%.yaml}.emptydir"
	why=$(python3 "$E2E_SRC/kube.py" "$yaml" "$play" "$tag" "$tag_user" "${yaml%.yaml}.emptydir" 2>&1)
	case $? in
	0) ;;
	3) echo "$why"; return 1 ;;
	*) echo "kube.py: $why"; return 1 ;;
	esac
	local pod infra pid app s
	# Cases run side by side: the pod is the one this play created.
	pm kube play --start=false "$play" >"$play.out" 2>&1
	cat "$play.out" >>"$log"
	pod=$(awk 'p{print; exit} /^Pod:/{p=1}' "$play.out")
	if [ -z "$pod" ]; then
		echo "kube play failed: $(tail -n 1 "$play.out")"
		return 1
	fi
	infra=$(pm pod inspect --format '{{.InfraContainerID}}' "$pod")
	if [ -s "$play.sysctls" ]; then
		pm start "$infra" >>"$log" 2>&1
		pid=$(pm inspect --format '{{.State.Pid}}' "$infra")
		while read -r s; do
			echo "sysctl $s" >>"$log"
			nsenter -t "$pid" -n sh -c "echo '${s#*=}' > /proc/sys/$(echo "${s%%=*}" | tr . /)" >>"$log" 2>&1
		done <"$play.sysctls"
	fi
	if ! pm pod start "$pod" >>"$log" 2>&1; then
		echo "pod start failed: $(grep -v '^$' "$log" | tail -n 1)"
		pm pod stop -t 0 "$pod" >/dev/null 2>&1
		pm kube down "$play" >/dev/null 2>&1
		return 1
	fi
	app=$(pm ps -a --pod --filter "pod=$pod" --format '{{.Names}} {{.IsInfra}}' | awk '$2=="false"{print $1; exit}')
	local rc=0
	probe "$app" "$port" "$log" || rc=1
	# Traffic through a Service and the kubelet's probes reach the pod on
	# the ports the manifest names: each must answer as the app's port does.
	local what p
	while [ $rc = 0 ] && read -r what p; do
		echo "via $what: port $p" >>"$log"
		if [ "$p" = unresolved ] || ! why=$(probe "$app" "$p" "$log"); then
			echo "$what port $p does not answer: ${why:-no such port name}"
			rc=1
		fi
	done <"$play.ports"
	# The user the manifest asks for (the first runAsUser: a container's
	# comes before its pod's) is the one the app really runs as.
	local want got
	want=$(sed -n 's/^ *runAsUser: *\([0-9][0-9]*\).*/\1/p' "$yaml" | head -n 1)
	if [ $rc = 0 ] && [ -n "$want" ]; then
		got=$(awk '/^Uid:/{print $2}' "/proc/$(pm inspect --format '{{.State.Pid}}' "$app")/status")
		echo "runAsUser $want, the app runs as uid $got" >>"$log"
		if [ "$got" != "$want" ]; then
			echo "the app runs as uid $got, not runAsUser $want"
			rc=1
		fi
	fi
	# The tool asks for a read-only root only with evidence; when it does,
	# the root must really be read-only.
	if [ $rc = 0 ] && grep -q 'readOnlyRootFilesystem: true' "$yaml" &&
		! root_readonly "$app"; then
		echo "/ is writable in the pod's container"
		rc=1
	fi
	# An app as PID 1 ignores SIGTERM; waiting out the grace period on each
	# pod would cost more than the rest of the run.
	pm pod stop -t 0 "$pod" >>"$log" 2>&1
	pm kube down "$play" >>"$log" 2>&1
	return $rc
}

run_case() {
	local c=$1 src=$E2E_SRC/apps/$1 w=$OUT/work/$1
	local orig=localhost/dh-e2e/$c:orig hard=localhost/dh-e2e/$c:hardened
	local why log
	load_case "$src"
	rm -rf "$w" && mkdir -p "$w"
	cp -a "$src" "$w/orig" && cp -a "$src" "$w/hard"
	rm -f "$w"/*/case

	log=$LOGS/$c.build.log
	if ! build_image "$w/orig" "$orig" "$log"; then
		report "$c" build FAIL "original does not build (harness bug), see $log"
		return
	fi
	report "$c" build ok
	log=$LOGS/$c.probe.log
	: >"$log"
	if why=$(run_and_probe "e2e-$c-orig" "$PORT" "$log" "$orig"); then
		report "$c" probe ok
	else
		report "$c" probe FAIL "original fails its probe (harness bug): $why, see $log"
	fi
	pm rm -f -v -t 0 "e2e-$c-orig" >/dev/null 2>&1

	log=$LOGS/$c.harden.log
	"$DH" harden "$w/hard/Dockerfile" >"$w/hardened.Dockerfile" 2>"$log"
	local rc=$?
	if [ $rc -gt 1 ]; then
		report "$c" harden FAIL "exit $rc, see $log"
		return
	fi
	cp "$w/hardened.Dockerfile" "$LOGS/$c.hardened.Dockerfile"
	# A case left alone on purpose still runs under the emitted settings:
	# the docker-run flags and Pod are derived from it all the same.
	if [ "$EXPECT_CHANGE" = no ]; then
		if ! cmp -s "$src/Dockerfile" "$w/hardened.Dockerfile"; then
			report "$c" unchanged FAIL "changed though it must be left alone: $(diff "$src/Dockerfile" "$w/hardened.Dockerfile" | grep '^>' | head -n 2 | tr '\n' ' ')"
		elif ! grep -qE '(note|warning): ' "$log"; then
			report "$c" unchanged FAIL "left alone but stderr names no reason"
		else
			report "$c" unchanged ok "byte-identical; $(grep -oE '(note|warning): .*' "$log" | tail -n 1 | cut -c1-120)"
		fi
	elif cmp -s "$src/Dockerfile" "$w/hardened.Dockerfile"; then
		report "$c" harden FAIL "left unchanged, case expects a change: $(grep -oE '(note|warning): .*' "$log" | head -n 1)"
	else
		report "$c" harden ok "$(grep -c '\[DH' "$log") findings"
	fi
	cp "$w/hardened.Dockerfile" "$w/hard/Dockerfile"

	log=$LOGS/$c.build-hardened.log
	if ! build_image "$w/hard" "$hard" "$log"; then
		report "$c" build-hardened FAIL "$(grep -E 'error|Error' "$log" | tail -n 1 | cut -c1-200), see $log"
		return
	fi
	local note
	note=$(buildkit_workdir "$hard")
	local s0 s1
	s0=$(pm image inspect --format '{{.Size}}' "$orig")
	s1=$(pm image inspect --format '{{.Size}}' "$hard")
	printf '%s\t%s\t%s\n' "$c" "$s0" "$s1" >>"$SIZES"
	report "$c" build-hardened ok "$(awk -v a="$s0" -v b="$s1" 'BEGIN{printf "%.1f MB -> %.1f MB", a/1e6, b/1e6}')$note"

	local user
	user=$(pm image inspect --format '{{.Config.User}}' "$hard")
	if awk 'toupper($1)=="FROM"{u=0} toupper($1)=="USER"{u=1} END{exit !u}' "$w/hard/Dockerfile"; then
		if [[ "${user%%:*}" =~ ^[0-9]+$ ]] && [ "${user%%:*}" != 0 ]; then
			report "$c" user ok "$user"
		else
			report "$c" user FAIL "image user '$user' is not numeric and non-zero"
		fi
	else
		report "$c" user skip "no USER in the final stage (image user '${user:-root}')"
	fi

	local hport
	hport=$(hardened_port "$src/Dockerfile" "$w/hard/Dockerfile")

	# (a) exactly the docker-run flags, without podman's extra tmpfs mounts.
	log=$LOGS/$c.docker-run.log
	"$DH" docker-run --image "$hard" "$w/hard/Dockerfile" >"$w/docker-run.txt" 2>"$log"
	local -a flags
	mapfile -t flags < <(python3 "$E2E_SRC/kube.py" docker-run "$w/docker-run.txt")
	echo "flags: ${flags[*]}" >>"$log"
	if why=$(run_and_probe "e2e-$c-run" "$hport" "$log" --read-only-tmpfs=false "${flags[@]}" "$hard"); then
		if [ -z "$PROBE_CMD" ] && [[ " ${flags[*]} " == *" --read-only "* ]] && ! root_readonly "e2e-$c-run"; then
			report "$c" docker-run FAIL "/ is writable"
		else
			report "$c" docker-run ok "${flags[*]}"
		fi
	else
		report "$c" docker-run FAIL "$why, see $log"
	fi
	pm rm -f -v -t 0 "e2e-$c-run" >/dev/null 2>&1

	if [ -n "$PROBE_CMD" ]; then
		report "$c" pod skip "not a server"
		return
	fi
	bind_step "$c" "$w" "$hard" "$hport"

	# (b) the emitted Pod.
	log=$LOGS/$c.pod.log
	"$DH" k8s --as=pod --name "e2e-$c" --image "$hard" "$w/hard/Dockerfile" >"$w/pod.yaml" 2>"$log"
	if why=$(kube_run "$c" "$w/pod.yaml" "$hard" "$hport" "$log"); then
		report "$c" pod ok
	else
		report "$c" pod FAIL "$why, see $log"
	fi

	# (c) the case's own Deployment, patched with its Dockerfile as written:
	# patch hardens it itself, and only the original shows which ports the
	# hardening moved (nginx 80 becomes 8080), for the Service and probes.
	if [ -f "$src/deployment.yaml" ]; then
		log=$LOGS/$c.deployment.log
		"$DH" patch --dockerfile "$w/orig/Dockerfile" "$src/deployment.yaml" >"$w/deployment.yaml" 2>"$log"
		if why=$(kube_run "$c" "$w/deployment.yaml" "$hard" "$hport" "$log"); then
			report "$c" deployment ok
		else
			report "$c" deployment FAIL "$why, see $log"
		fi
	fi

	# (d) the compose service, patched, run as `docker compose up` would.
	if [ -f "$src/compose.yaml" ]; then
		log=$LOGS/$c.compose.log
		"$DH" patch --dockerfile "$w/orig/Dockerfile" "$src/compose.yaml" >"$w/compose.yaml" 2>"$log"
		mapfile -t flags < <(python3 "$E2E_SRC/kube.py" compose "$w/compose.yaml" "e2e-$c-" "$w/hard")
		echo "flags: ${flags[*]}" >>"$log"
		if why=$(run_and_probe "e2e-$c-compose" "$hport" "$log" --read-only-tmpfs=false "${flags[@]}" "$hard"); then
			report "$c" compose ok
		else
			report "$c" compose FAIL "$why, see $log"
		fi
		pm rm -f -v -t 0 "e2e-$c-compose" >/dev/null 2>&1
		local v
		for v in $(pm volume ls -q --filter "name=^e2e-$c-"); do
			pm volume rm -f "$v" >/dev/null 2>&1
		done
	fi
}

# A public image run by its own manifest, no Dockerfile (the case's IMAGE
# is a stand-in): the manifest as written must serve, then `patch` must
# change it, and the patched one must serve as the user it names.
run_manifest_case() {
	local c=$1 src=$E2E_SRC/apps/$1 w=$OUT/work/$1 why log rc
	load_case "$src"
	rm -rf "$w" && mkdir -p "$w"
	cp "$src/manifest.yaml" "$w/orig.yaml"
	log=$LOGS/$c.probe.log
	: >"$log"
	if why=$(kube_run "$c" "$w/orig.yaml" "$IMAGE" "$PORT" "$log"); then
		report "$c" probe ok
	else
		report "$c" probe FAIL "the manifest as written fails its probe (harness bug): $why, see $log"
	fi
	log=$LOGS/$c.harden.log
	"$DH" patch "$src/manifest.yaml" >"$w/patched.yaml" 2>"$log"
	rc=$?
	cp "$w/patched.yaml" "$LOGS/$c.patched.yaml"
	if [ $rc -gt 1 ]; then
		report "$c" harden FAIL "patch exit $rc, see $log"
		return
	elif cmp -s "$src/manifest.yaml" "$w/patched.yaml"; then
		report "$c" harden FAIL "patch left it unchanged: $(grep -oE '(note|warning): .*' "$log" | head -n 1)"
		return
	fi
	report "$c" harden ok "patch: $(grep -c '\[DH' "$log") findings"
	log=$LOGS/$c.deployment.log
	: >"$log"
	if why=$(kube_run "$c" "$w/patched.yaml" "$IMAGE" "$PORT" "$log"); then
		report "$c" deployment ok "$(grep -oE 'runAsUser [0-9]+, the app runs as uid [0-9]+' "$log" | tail -n 1)"
	else
		report "$c" deployment FAIL "$why, see $log"
	fi
}

# The repository's own Dockerfile: it builds, runs as a numeric non-root user
# on a read-only root, and its migrate over a read-only mounted folder equals
# the host binary's.
run_self() {
	local c=dockharden-image img=localhost/dh-e2e/dockharden:self
	local w=$OUT/work/$c log=$LOGS/$c.build.log user
	KNOWN_BUG=""
	rm -rf "$w" && mkdir -p "$w/ctx"
	# Only what git knows: build/ (and the e2e store in it) stays out.
	git -C "$TOP" ls-files -z --cached --others --exclude-standard |
		(cd "$TOP" && tar --null -T - -cf -) | tar -xf - -C "$w/ctx"
	if ! build_image "$w/ctx" "$img" "$log"; then
		report "$c" build FAIL "$(grep -iE 'error' "$log" | tail -n 1 | cut -c1-200), see $log"
		return
	fi
	report "$c" build ok "$(( $(pm image inspect --format '{{.Size}}' "$img") / 1000000 )) MB"
	user=$(pm image inspect --format '{{.Config.User}}' "$img")
	if [[ "${user%%:*}" =~ ^[0-9]+$ ]] && [ "${user%%:*}" != 0 ]; then
		report "$c" user ok "$user"
	else
		report "$c" user FAIL "image user '$user' is not numeric and non-zero"
	fi
	log=$LOGS/$c.docker-run.log
	"$DH" migrate --dry-run --format=json "$E2E_SRC/apps" 2>/dev/null | sort >"$w/host.jsonl"
	# migrate exits 1 when it would change something, as on the host.
	pm run --rm --read-only --read-only-tmpfs=false --cap-drop ALL \
		--security-opt no-new-privileges --network=none \
		-v "$E2E_SRC/apps:/work:ro" "$img" migrate --dry-run --format=json /work \
		2>"$log" | sort >"$w/image.jsonl"
	if [ "${PIPESTATUS[0]}" -le 1 ] && [ -s "$w/image.jsonl" ] &&
		cmp -s "$w/host.jsonl" "$w/image.jsonl"; then
		report "$c" docker-run ok "read-only, user $user, migrate output equals the host's ($(wc -l <"$w/image.jsonl") files)"
	else
		diff "$w/host.jsonl" "$w/image.jsonl" >>"$log"
		report "$c" docker-run FAIL "migrate in the image differs from the host's, see $log"
	fi
	run_recipes "$img"
}

timed_case() {
	local tc=$SECONDS
	if [ "$1" = dockharden-image ]; then
		run_self
	elif [ ! -f "$E2E_SRC/apps/$1/Dockerfile" ]; then
		run_manifest_case "$1"
	else
		run_case "$1"
	fi
	printf '%s\t%s\n' "$1" "$((SECONDS - tc))" >>"$OUT/timings.tsv"
}

main() {
	local reason
	if ! sh "$E2E_SRC/deps.sh"; then
		reason="could not install podman and its tools"
	fi
	reason=${reason:-$(podman_unusable)}
	if [ -n "$reason" ]; then
		if [ "${CI:-}" = true ]; then
			echo "e2e: FAIL: podman cannot run in CI: $reason"
			echo "e2e: 0 passed, 1 failed"
			exit 1
		fi
		echo "e2e: SKIPPED: $reason" >&2
		echo "e2e: SKIPPED: $reason"
		exit 0
	fi
	[ -x "$DH" ] || { echo "e2e: $DH is missing: run make first"; exit 1; }
	: >"$RESULTS"
	: >"$SIZES"
	: >"$OUT/timings.tsv"
	trap cleanup EXIT INT TERM
	cleanup

	local t0=$SECONDS
	if ! bash "$E2E_SRC/standins.sh"; then
		echo "e2e: stand-ins failed to build; see $LOGS"
		echo "e2e: 0 passed, 1 failed"
		exit 1
	fi
	local t_standins=$((SECONDS - t0))

	local cases=("$@") c
	if [ ${#cases[@]} = 0 ]; then
		for c in "$E2E_SRC"/apps/*/; do
			cases+=("$(basename "$c")")
		done
	fi
	[ $# = 0 ] && cases+=(dockharden-image)
	# Most of a case is podman waiting on itself: two at a time keep both
	# cores busy. Each case names and removes only its own containers.
	local jobs=${E2E_JOBS:-2}
	for c in "${cases[@]}"; do
		timed_case "$c" &
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
			wait -n
		done
	done
	wait

	# Only a run of every case rewrites the committed table.
	local doc=$OUT/e2e.md
	[ $# = 0 ] && doc=$TOP/docs/e2e.md
	bash "$E2E_SRC/table.sh" "$RESULTS" "$SIZES" "$t_standins" "$((SECONDS - T_START))" >"$doc"
	local p f x
	p=$(awk -F'\t' '$3=="ok"' "$RESULTS" | wc -l)
	f=$(awk -F'\t' '$3=="FAIL"' "$RESULTS" | wc -l)
	x=$(awk -F'\t' '$3=="xfail"' "$RESULTS" | wc -l)
	echo "e2e: stand-ins ${t_standins}s, total $((SECONDS - T_START))s; logs in $LOGS; table in ${doc#"$TOP"/}"
	if [ "$x" -gt 0 ]; then
		echo "e2e: $p passed, $f failed, $x xfail"
	else
		echo "e2e: $p passed, $f failed"
	fi
	[ "$f" = 0 ]
}

main "$@"
