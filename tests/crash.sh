#!/bin/sh
# SPDX-License-Identifier: MIT
# Seeded crash test of the writing commands (docs/robustness.md,
# "Interruptions and crashes"). A repository is built from the golden
# inputs (golden/*/input.*, CRASH_COPIES copies, with a .git folder); an
# uninterrupted `migrate` of a copy is the reference. Then CRASH_RUNS runs
# are interrupted with SIGKILL, SIGTERM and SIGINT in turn at seeded random
# moments (0 to 1.2 times the reference run), and each time:
#   - the exit status is the documented one (137 / 143 / 130, or the
#     normal status when the run had finished);
#   - every file is the original or the reference result, byte for byte;
#   - no temporary file remains (after SIGKILL: after the next run, which
#     must say how many it removed);
#   - the rerun gives the reference tree byte for byte.
# Then: a second Ctrl-C exits at once without a partial file; a full disk
# (a size-limited tmpfs, SKIPPED loudly where it cannot be mounted); a
# read-only file among many; two concurrent migrations; `fmt -w` of one
# file during a migration; `harden -w`/`-l` and `migrate --dry-run` with
# stale temporaries beside real ones and near-miss names.
#
# Usage: sh tests/crash.sh [path/to/dockharden]
#   CRASH_RUNS=30 CRASH_SEED=21 CRASH_COPIES=1 CRASH_JOBS=2 VERBOSE=0
# The last line is always "crash: N passed, N failed".
set -u
LC_ALL=C
export LC_ALL

DH=${1:-build/dockharden}
case $DH in /*) ;; *) DH=$(pwd)/$DH ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${CRASH_RUNS:-30}
SEED=${CRASH_SEED:-21}
COPIES=${CRASH_COPIES:-1}
JOBS=${CRASH_JOBS:-2}
VERBOSE=${VERBOSE:-0}
pass=0
fail=0

ok() {
	pass=$((pass + 1))
}

bad() {
	fail=$((fail + 1))
	echo "FAIL: $*"
}

say() {
	[ "$VERBOSE" = 1 ] && echo "$(date +%T.%3N) $*"
	return 0
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dh-crash.XXXXXX") || exit 3
mounted=
top=
cleanup() {
	[ -n "$mounted" ] && umount "$mounted" 2>/dev/null
	chmod -R u+w "$tmp" 2>/dev/null
	[ -n "$top" ] && umount "$top" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# Hundreds of copies of the tree: on a shared disk copying dominates, so
# work in a tmpfs where one can be mounted (CRASH_TMPFS=0: never). The
# property under test (each file old or new, no leftovers) does not
# depend on the medium; the disk-full case needs a tmpfs anyway.
where=disk
if [ "${CRASH_TMPFS:-1}" = 1 ] && mount -t tmpfs -o size=256m tmpfs "$tmp" 2>/dev/null; then
	top=$tmp
	where=tmpfs
fi

# ---- the repository and its reference ----

make_repo() { # make_repo DIR
	mkdir -p "$1/.git"
	c=1
	while [ "$c" -le "$COPIES" ]; do
		for d in "$root"/golden/*/; do
			n=${d%/}
			n=${n##*/}
			for f in "$d"input.*; do
				[ -f "$f" ] || continue
				mkdir -p "$1/c$c/$n"
				case $f in
				*.yaml) cp "$f" "$1/c$c/$n/deploy.yaml" ;;
				*) cp "$f" "$1/c$c/$n/Dockerfile" ;;
				esac
			done
		done
		c=$((c + 1))
	done
}

now_ms() {
	date +%s%3N
}

orig=$tmp/orig
ref=$tmp/ref
make_repo "$orig"
cp -a "$orig" "$ref"
t0=$(now_ms)
"$DH" migrate --jobs "$JOBS" "$ref" >"$tmp/ref.out" 2>"$tmp/ref.err"
ref_st=$?
t1=$(now_ms)
ref_ms=$((t1 - t0))
nfiles=$(find "$orig" -type f ! -path '*/.git/*' | wc -l)
echo "crash: $nfiles files, reference run ${ref_ms} ms (exit $ref_st)," \
	"$RUNS interruptions, seed $SEED, on $where"
case $ref_st in
0 | 1 | 2) ok ;;
*) bad "reference run: exit $ref_st" ;;
esac
if "$DH" migrate --jobs "$JOBS" "$ref" | tail -n 1 | grep -q ' 0 written,'; then
	ok
else
	bad "reference: a second run writes again"
fi
rm -f "$ref/.git/dockharden.lock"

# The temp files of dh_write_atomic() anywhere under DIR (by name).
temps() {
	find "$1" -name '.*.dh-*' ! -path '*/.git/*' | grep -E \
		'/\.[^/]+\.dh-[1-9][0-9]{0,9}-[A-Za-z0-9]{6}$'
}

# Every file under DIR is the original or the reference, and nothing but
# temps (when allowed) is extra. Prints what is wrong.
old_or_new() { # old_or_new DIR ALLOW_TEMPS
	w=$1
	diff -rq -x .git "$ref" "$w" >"$tmp/diff" 2>&1
	while IFS= read -r line; do
		case $line in
		"Files $ref/"*" and $w/"*" differ")
			p=${line#"Files $ref/"}
			p=${p%%" and $w/"*}
			cmp -s "$orig/$p" "$w/$p" || echo "mixed: $p"
			;;
		"Only in $w"*": ."*".dh-"*)
			[ "$2" = yes ] || echo "temp: $line"
			;;
		*) echo "$line" ;;
		esac
	done <"$tmp/diff"
	[ "$2" = yes ] || temps "$w"
}

same_as_ref() { # same_as_ref DIR
	diff -r -x .git "$ref" "$1" >/dev/null 2>&1
}

# ---- seeded interruptions ----

: >"$tmp/tally"
# A signal that arrives while the process is still starting (before main
# sets up its handlers: long under the sanitizers on a busy machine) takes
# the default action; that tests the kernel, not the tool, so no run is
# interrupted sooner than twice the time `--version` takes.
t0=$(now_ms)
"$DH" --version >/dev/null 2>&1
t1=$(now_ms)
start_ms=$(((t1 - t0) * 2))
# The plan: one line per run, "SIGNAL DELAY_MS".
awk -v n="$RUNS" -v seed="$SEED" -v ms="$ref_ms" -v start="$start_ms" 'BEGIN {
	srand(seed)
	split("KILL TERM INT", sig, " ")
	for (i = 0; i < n; i++) {
		d = int(rand() * ms * 1.2)
		printf "%s %d\n", sig[i % 3 + 1], d < start ? start : d
	}
}' >"$tmp/plan"

killed_temps=0
early=0
w=$tmp/work
i=0
while read -r sig delay; do
	i=$((i + 1))
	rm -rf "$w"
	cp -a "$orig" "$w"
	"$DH" migrate --jobs "$JOBS" "$w" >"$tmp/run.out" 2>"$tmp/run.err" &
	pid=$!
	sleep "$(awk -v d="$delay" 'BEGIN { printf "%.3f", d / 1000 }')"
	kill -s "$sig" "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	st=$?
	case $sig in
	KILL) want=137 ;;
	TERM) want=143 ;;
	INT) want=130 ;;
	esac
	# A run that finished before the signal exits normally.
	if [ "$st" -ne "$want" ] && [ "$st" -gt 2 ]; then
		bad "run $i ($sig at ${delay} ms): exit $st, want $want or 0-2"
		cat "$tmp/run.err"
	else
		ok
	fi
	if [ "$st" = 130 ] || [ "$st" = 143 ]; then
		if grep -q "^interrupted by SIG$sig: " "$tmp/run.out"; then
			ok
		elif [ ! -s "$tmp/run.out" ] && [ ! -s "$tmp/run.err" ] &&
			diff -rq "$orig" "$w" >/dev/null 2>&1; then
			# The default action before main watched for signals
			# (a slow start): nothing said, nothing written.
			early=$((early + 1))
			ok
		else
			bad "run $i ($sig at ${delay} ms): the summary does not say interrupted"
		fi
	fi
	allow=no
	[ "$sig" = KILL ] && allow=yes
	problems=$(old_or_new "$w" "$allow")
	if [ -z "$problems" ]; then ok; else bad "run $i ($sig at ${delay} ms): $problems"; fi
	left=$(temps "$w" | wc -l)
	[ "$sig" = KILL ] && killed_temps=$((killed_temps + left))
	# The rerun removes the leftovers, says so, and converges.
	"$DH" migrate --jobs "$JOBS" "$w" >"$tmp/re.out" 2>"$tmp/re.err"
	if [ "$left" -gt 0 ]; then
		if grep -q "removed $left stale temporary file" "$tmp/re.err"; then
			ok
		else
			bad "run $i: rerun did not report removing $left temps"
			cat "$tmp/re.err"
		fi
	fi
	if [ -z "$(temps "$w")" ] && same_as_ref "$w"; then
		ok
	else
		bad "run $i ($sig at ${delay} ms): the rerun differs from the reference"
	fi
	say "run $i: $sig at ${delay} ms: exit $st, $left temps left"
	echo "$sig $st $left" >>"$tmp/tally"
done <"$tmp/plan"

# Per signal: runs, interrupted (signal status), finished, temps left.
awk '{ n[$1]++; if ($2 >= 128) s[$1]++; t[$1] += $3 }
END { for (k in n) printf "crash: SIG%s: %d runs, %d stopped by the signal, %d finished first, %d temps left (removed by the rerun)\n", k, n[k], s[k], n[k] - s[k], t[k] }' \
	"$tmp/tally" | sort
[ "$early" -gt 0 ] && echo "crash: $early runs stopped before the signal watcher started (nothing written)"

# ---- a second Ctrl-C exits at once ----

say "a second Ctrl-C exits at once"

for delay in 0.05 0.2 0.4; do
	rm -rf "$w"
	cp -a "$orig" "$w"
	"$DH" migrate --jobs "$JOBS" "$w" >/dev/null 2>"$tmp/run.err" &
	pid=$!
	sleep "$delay"
	kill -s INT "$pid" 2>/dev/null
	kill -s INT "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	st=$?
	problems=$(old_or_new "$w" no)
	if { [ "$st" = 130 ] || [ "$st" -le 2 ]; } && [ -z "$problems" ]; then
		ok
	else
		bad "double Ctrl-C at $delay s: exit $st; $problems"
	fi
done

# ---- harden -w over many files, stopped by SIGTERM ----

say "harden -w over many files"
for delay in 0.1 0.3; do
	rm -rf "$w"
	cp -a "$orig" "$w"
	find "$w" -name Dockerfile | sort >"$tmp/list"
	# shellcheck disable=SC2046 # word splitting intended: one path a word
	"$DH" harden -w $(cat "$tmp/list") >/dev/null 2>"$tmp/hw.err" &
	pid=$!
	sleep "$delay"
	kill -s TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	st=$?
	bad_files=0
	not_new=0
	written=0
	while IFS= read -r f; do
		p=${f#"$w"/}
		# Bad input is never written: its result is the original.
		"$DH" harden "$orig/$p" >"$tmp/h.new" 2>/dev/null ||
			[ $? -le 1 ] || cp "$orig/$p" "$tmp/h.new"
		cmp -s "$f" "$orig/$p" || written=$((written + 1))
		cmp -s "$f" "$tmp/h.new" && continue
		not_new=$((not_new + 1))
		cmp -s "$f" "$orig/$p" || bad_files=$((bad_files + 1))
	done <"$tmp/list"
	if { [ "$st" = 143 ] || [ "$st" -le 2 ]; } && [ "$bad_files" = 0 ] &&
		[ -z "$(temps "$w")" ]; then
		ok
	else
		bad "harden -w stopped at $delay s: exit $st, $bad_files mixed files"
	fi
	# Files left undone must be said. None left: the signal came after
	# the last file; none written: it came before the watcher started
	# (the default action ends the process, which had written nothing).
	if [ "$st" = 143 ] && [ "$not_new" -gt 0 ] && [ "$written" -gt 0 ] &&
		! grep -q '^dockharden: interrupted: [0-9]* of ' "$tmp/hw.err"; then
		bad "harden -w stopped: no 'interrupted: K of N files done' line"
	fi
done

# ---- stale temps: exact pattern, live writers, listing ----

say "stale temps: exact pattern, live writers, listing"

rm -rf "$w"
cp -a "$orig" "$w"
d=$(find "$w" -name Dockerfile | head -n 1)
dir=${d%/*}
dead=99999999 # above any pid_max: certainly not running
sleep 30 &
live=$!
touch "$dir/.Dockerfile.dh-$dead-abcDEF" "$dir/.Dockerfile.dh-$dead-XYZ123" \
	"$dir/.Dockerfile.dh-sLMXDq" "$dir/.Dockerfile.dh-$dead-abcde" \
	"$dir/.Dockerfile.dh-0$dead-abcdef" "$dir/.other.dh-$dead-abcdef" \
	"$dir/.Dockerfile.dh-$live-abcdef"
"$DH" harden -l "$d" >/dev/null 2>"$tmp/l.err"
if [ "$(grep -c 'stale temporary file of an interrupted run' "$tmp/l.err")" = 2 ] &&
	[ -e "$dir/.Dockerfile.dh-$dead-abcDEF" ]; then
	ok
else
	bad "harden -l does not list exactly the two stale temps"
	cat "$tmp/l.err"
fi
"$DH" migrate --dry-run "$w" >/dev/null 2>"$tmp/dry.err"
if grep -q 'found (a writing run removes them) 2 stale' "$tmp/dry.err" &&
	[ -e "$dir/.Dockerfile.dh-$dead-XYZ123" ]; then
	ok
else
	bad "migrate --dry-run does not list the two stale temps"
	cat "$tmp/dry.err"
fi
"$DH" harden -w "$d" >/dev/null 2>"$tmp/w.err"
n=0
for f in .Dockerfile.dh-sLMXDq ".Dockerfile.dh-$dead-abcde" \
	".Dockerfile.dh-0$dead-abcdef" ".other.dh-$dead-abcdef" \
	".Dockerfile.dh-$live-abcdef"; do
	[ -e "$dir/$f" ] && n=$((n + 1))
done
if grep -q "removed 2 stale temporary files beside" "$tmp/w.err" &&
	[ ! -e "$dir/.Dockerfile.dh-$dead-abcDEF" ] &&
	[ ! -e "$dir/.Dockerfile.dh-$dead-XYZ123" ] && [ "$n" = 5 ]; then
	ok
else
	bad "harden -w: stale temps not removed exactly ($n of 5 others kept)"
	cat "$tmp/w.err"
fi
kill "$live" 2>/dev/null
wait "$live" 2>/dev/null

# ---- two concurrent migrations; fmt -w during a migration ----

say "two concurrent migrations; fmt -w during a migration"

rm -rf "$w"
cp -a "$orig" "$w"
"$DH" migrate --jobs 1 "$w" >"$tmp/a.out" 2>"$tmp/a.err" &
a=$!
# Wait until the first run holds the lock, then start the second.
k=0
while [ ! -s "$w/.git/dockharden.lock" ] && [ "$k" -lt 200 ]; do
	sleep 0.01
	k=$((k + 1))
done
"$DH" migrate --jobs 1 "$w" >"$tmp/b.out" 2>"$tmp/b.err"
b_st=$?
f=$(find "$w" -name Dockerfile | sed -n 7p)
"$DH" fmt -w "$f" 2>/dev/null
wait "$a"
a_st=$?
if [ "$b_st" = 4 ] &&
	grep -q "another dockharden run is writing $w (pid $a)" "$tmp/b.err"; then
	ok
else
	bad "concurrent migrate: exit $b_st, want 4 and the holder's pid $a"
	cat "$tmp/b.err"
fi
if [ "$a_st" -le 2 ] && [ ! -e "$w/.git/dockharden.lock" ]; then
	ok
else
	bad "first migrate: exit $a_st, or its lock file stayed"
fi
# The fmt -w'd file is one whole version: original, formatted, or migrated.
p=${f#"$w"/}
"$DH" fmt "$orig/$p" >"$tmp/fmt.orig" 2>/dev/null
"$DH" fmt "$ref/$p" >"$tmp/fmt.ref" 2>/dev/null
if cmp -s "$f" "$orig/$p" || cmp -s "$f" "$ref/$p" ||
	cmp -s "$f" "$tmp/fmt.orig" || cmp -s "$f" "$tmp/fmt.ref"; then
	ok
else
	bad "fmt -w during migrate left a mixed file $p"
fi
if [ -z "$(temps "$w")" ]; then ok; else bad "temps left after concurrent runs"; fi

# ---- a read-only file among many ----

say "a read-only file among many"

rm -rf "$w"
cp -a "$orig" "$w"
ro=$(find "$w" -name Dockerfile | sed -n 3p)
rop=${ro#"$w"/}
rodir=${ro%/*}
chmod a-w "$rodir"
"$DH" migrate --jobs "$JOBS" "$w" >"$tmp/ro.out" 2>"$tmp/ro.err"
st=$?
chmod u+w "$rodir"
if [ "$(id -u)" = 0 ]; then
	# root writes anyway: the run must simply succeed.
	if [ "$st" -le 2 ] && same_as_ref "$w"; then ok; else bad "read-only folder (root): exit $st"; fi
else
	if [ "$st" = 2 ] && grep -q "^error .*$rop\$" "$tmp/ro.out" &&
		cmp -s "$ro" "$orig/$rop" && [ -z "$(old_or_new "$w" no)" ]; then
		ok
	else
		bad "read-only folder: exit $st, or the file or the others are wrong"
	fi
fi
# A read-only file in a writable folder: rename replaces it (as git
# does); its mode is kept.
rm -rf "$w"
cp -a "$orig" "$w"
chmod a-w "$ro"
"$DH" migrate --jobs "$JOBS" "$w" >/dev/null 2>&1
if same_as_ref "$w" && [ -z "$(find "$ro" -perm -u+w)" ]; then
	ok
else
	bad "read-only file: not migrated like the others, or its mode changed"
fi

# ---- disk full ----

say "disk full"

fs=$tmp/full
mkdir -p "$fs"
if mount -t tmpfs -o size=8m tmpfs "$fs" 2>/dev/null; then
	mounted=$fs
	cp -a "$orig" "$fs/r"
	# Fill what is left, so that every write runs out of space.
	dd if=/dev/zero of="$fs/filler" bs=4k 2>/dev/null
	"$DH" migrate --jobs "$JOBS" --report "$tmp/full.md" "$fs/r" \
		>"$tmp/full.out" 2>"$tmp/full.err"
	st=$?
	problems=$(old_or_new "$fs/r" no)
	if [ "$st" = 2 ] && [ -z "$problems" ] &&
		grep -q "No space left on device" "$tmp/full.md" &&
		diff -rq -x .git "$orig" "$fs/r" >/dev/null; then
		ok
	else
		bad "disk full: exit $st (want 2), files changed or temps left: $problems"
		tail -n 3 "$tmp/full.out"
	fi
	rm -f "$fs/filler"
	"$DH" migrate --jobs "$JOBS" "$fs/r" >/dev/null 2>&1
	if same_as_ref "$fs/r"; then ok; else bad "disk full: the rerun with space differs"; fi
	umount "$fs" && mounted=
else
	echo "crash: SKIPPED: disk full: cannot mount a tmpfs here (not root?)" \
		"*** this case did not run ***"
fi

echo "crash: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
