#!/bin/bash
# The scale-out recipes of docs/migrate.md, run as written: the GNU parallel
# one on the host, and shards of the Kubernetes Indexed Job as Pods under
# podman kube play, over local git repositories cloned through file:// URLs.
# Both merged results must equal one `migrate --format=json` run per
# repository, tagged the same way. Sourced by run.sh (uses pm, report, DH).

# shellcheck source=tests/docs_block.sh
. "$(dirname "${BASH_SOURCE[0]}")/../docs_block.sh"

# Three small repositories made from the e2e apps, each one commit.
make_repos() {
	local repos=$1 r apps
	local -A sets=(
		[shop]="go-api nginx-static kv-daemon"
		[notes]="volume-notes useradd-data"
		[tools]="c-hello python-base named-volume"
	)
	for r in "${!sets[@]}"; do
		mkdir -p "$repos/$r"
		read -r -a apps <<<"${sets[$r]}"
		for a in "${apps[@]}"; do
			cp -a "$E2E_SRC/apps/$a" "$repos/$r/$a"
			rm -f "$repos/$r/$a/case"
		done
		git -C "$repos/$r" init -q
		git -C "$repos/$r" add -A
		git -C "$repos/$r" -c user.name=e2e -c user.email=e2e@localhost \
			commit -q -m "legacy apps"
	done
	for r in $(printf '%s\n' "${!sets[@]}" | LC_ALL=C sort); do
		echo "file://$repos/$r"
	done
}

# What the recipes must reproduce: one migrate run per repository (extra
# options in $3: the Job's runs are dry), on a fresh copy, tagged as the
# recipes tag.
reference() {
	local repos_txt=$1 out=$2 url d
	local -a extra
	read -r -a extra <<<"${3:-}"
	: >"$out.tmp"
	while read -r url; do
		d=$(mktemp -d)
		git clone -q "$url" "$d"
		"$DH" migrate "${extra[@]}" --jobs 2 --format=json "$d" 2>/dev/null |
			jq -c --arg repo "$url" '{repo: $repo} + .' >>"$out.tmp"
		rm -rf "$d"
	done <"$repos_txt"
	LC_ALL=C sort "$out.tmp" >"$out"
	rm -f "$out.tmp"
}

same_results() {
	cmp -s "$1" "$2"
}

run_parallel_recipe() {
	local c=$1 w=$2 log=$LOGS/$1.parallel.log
	rm -rf "$w/parallel" && mkdir -p "$w/parallel"
	cp "$w/repos.txt" "$w/parallel/repos.txt"
	docs_block "### GNU parallel over a repository list" sh \
		"$TOP/docs/migrate.md" >"$w/parallel/recipe.sh"
	if ! grep -q 'parallel ' "$w/parallel/recipe.sh"; then
		report "$c" parallel FAIL "no recipe under 'GNU parallel' in docs/migrate.md"
		return
	fi
	(cd "$w/parallel" && PATH="$(dirname "$DH"):$PATH" bash -e recipe.sh) >"$log" 2>&1
	if [ -s "$w/parallel/all.jsonl" ] && same_results "$w/reference.jsonl" "$w/parallel/all.jsonl"; then
		report "$c" parallel ok "$(wc -l <"$w/parallel/all.jsonl") results from $(wc -l <"$w/repos.txt") repositories equal one migrate per repository"
	else
		diff "$w/reference.jsonl" "$w/parallel/all.jsonl" >>"$log" 2>&1
		report "$c" parallel FAIL "merged results differ from one migrate per repository, see $log"
	fi
}

# One index of the Job as a Pod; prints why it failed, if it did.
run_shard() {
	local w=$1 i=$2 tag=$3 log=$4 yaml play pod ctr code
	yaml=$w/job/shard-$i.yaml
	play=$w/job/shard-$i.play.yaml
	python3 "$E2E_SRC/job_pod.py" "$TOP/docs/migrate.md" "$i" "$tag" \
		"$w/job/config" "$w/job/results" "$w/repos" >"$yaml" 2>>"$log" || {
		echo "job_pod.py failed"
		return 1
	}
	mkdir -p "$w/job/emptydir-$i"
	python3 "$E2E_SRC/kube.py" "$yaml" "$play" "$tag" \
		"$(pm image inspect --format '{{.Config.User}}' "$tag")" \
		"$w/job/emptydir-$i" >>"$log" 2>&1 || {
		echo "kube.py refused the shard's Pod"
		return 1
	}
	pm kube play "$play" >"$play.out" 2>&1
	cat "$play.out" >>"$log"
	pod=$(awk 'p{print; exit} /^Pod:/{p=1}' "$play.out")
	[ -n "$pod" ] || {
		echo "kube play failed: $(tail -n 1 "$play.out")"
		return 1
	}
	ctr=$(pm ps -a --pod --filter "pod=$pod" --format '{{.Names}} {{.IsInfra}}' | awk '$2=="false"{print $1; exit}')
	code=$(timeout 300 podman --root "$OUT/store" --runroot "$OUT/run" \
		--storage-driver overlay wait "$ctr" 2>>"$log")
	pm logs "$ctr" >>"$log" 2>&1
	pm kube down "$play" >>"$log" 2>&1
	if [ "$code" != 0 ]; then
		echo "shard $i exited with '$code'"
		return 1
	fi
}

run_job_recipe() {
	local c=$1 w=$2 self=$3 tag=localhost/dh-e2e/migrate-job:e2e
	local log=$LOGS/$1.job.log i why shards=4
	rm -rf "$w/job" && mkdir -p "$w/job/config" "$w/job/results"
	cp "$w/repos.txt" "$w/job/config/repos.txt"
	printf '[safe]\n\tdirectory = *\n' >"$w/job/config/gitconfig"
	# The Job runs as 10001 on a read-only root: only results/ is written.
	chmod 0777 "$w/job/results"
	printf 'FROM %s AS dh\nFROM localhost/dh-e2e/rootfs:bookworm\nCOPY --from=dh /usr/local/bin/dockharden /usr/local/bin/dockharden\n' \
		"$self" >"$w/job/Containerfile"
	if ! pm build --pull=never --network=none -t "$tag" -f "$w/job/Containerfile" "$w/job/config" >"$log" 2>&1; then
		report "$c" job FAIL "the Job's image (git, jq, dockharden) does not build, see $log"
		return
	fi
	# Indices past the repository count must leave an empty shard.
	for i in $(seq 0 $((shards - 1))); do
		if ! why=$(run_shard "$w" "$i" "$tag" "$log"); then
			report "$c" job FAIL "$why, see $log"
			return
		fi
	done
	LC_ALL=C sort "$w"/job/results/shard-*.jsonl >"$w/job/all.jsonl"
	if [ "$(find "$w/job/results" -name 'shard-*.jsonl' | wc -l)" = "$shards" ] &&
		! ls "$w"/job/results/*.tmp >/dev/null 2>&1 &&
		same_results "$w/reference-dry.jsonl" "$w/job/all.jsonl"; then
		report "$c" job ok "$shards Indexed Job shards as Pods (read-only, uid 10001), merged: $(wc -l <"$w/job/all.jsonl") results equal one migrate per repository"
	else
		diff "$w/reference-dry.jsonl" "$w/job/all.jsonl" >>"$log" 2>&1
		report "$c" job FAIL "merged shards differ from one migrate per repository, see $log"
	fi
}

run_recipes() {
	local c=scale-out self=$1 w=$OUT/work/scale-out
	rm -rf "$w" && mkdir -p "$w/repos"
	make_repos "$w/repos" >"$w/repos.txt"
	# The Job's tmp emptyDir and the clones are the pod user's; the
	# repositories only need to be readable.
	chmod -R a+rX "$w/repos"
	reference "$w/repos.txt" "$w/reference.jsonl"
	reference "$w/repos.txt" "$w/reference-dry.jsonl" --dry-run
	if [ ! -s "$w/reference.jsonl" ] || [ ! -s "$w/reference-dry.jsonl" ]; then
		report "$c" parallel FAIL "the reference migrate runs printed nothing"
		return
	fi
	run_parallel_recipe "$c" "$w"
	run_job_recipe "$c" "$w" "$self"
}
