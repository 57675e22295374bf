#!/bin/sh
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016,SC2012,SC2034,SC1003  # checks are eval'd strings
# End-to-end test of the dockharden command line: every command and option,
# exit codes, standard input and output, -w atomicity (mode, rename,
# symlinks, unwritable folder, full output device), -d applied with patch,
# the lint report formats (SARIF, JSON lines, GitHub suggestions and
# checkstyle checked with python3 when present), the k8s/docker-run/patch
# emitters, configuration files, fmt, parse and doctor.
#
# Usage: sh tests/cli.sh [path/to/dockharden]        (POSIX sh, dash)
# CLI_VERBOSE=1 also prints each passing check.
# The last line is always "cli: N passed, N failed"; exit 1 on any failure.
set -u
LC_ALL=C
export LC_ALL

BIN=${1:-build/dockharden}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
script_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$script_dir")
SHARED=${SHARED_DIR:-$root/../shared}

pass=0
fail=0
skipped=0
st=0

if [ ! -x "$BIN" ]; then
	echo "cli: $BIN is not an executable (run 'make')"
	echo "cli: 0 passed, 1 failed"
	exit 1
fi

imm=
T=$(mktemp -d "${TMPDIR:-/tmp}/dh-cli.XXXXXX") || exit 3
cleanup() {
	if [ -n "$imm" ]; then
		chattr -i "$imm" 2>/dev/null
		chmod 755 "$imm" 2>/dev/null
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
O=$T/out
E=$T/err
# A private copy, so that a rebuild during the run does not disturb it.
cp "$BIN" "$T/dockharden" && BIN=$T/dockharden || exit 3
# The folder is a repository root, so no .dockharden.yaml above it is read.
mkdir "$T/.git" "$T/w" || exit 3
cd "$T/w" || exit 3

TO=
if command -v timeout >/dev/null 2>&1; then
	TO="timeout 20"
fi
have_py=false
if command -v python3 >/dev/null 2>&1 &&
	python3 -c 'import json, xml.etree.ElementTree' 2>/dev/null; then
	have_py=true
fi
have_yaml=false
if $have_py && python3 -c 'import yaml' 2>/dev/null; then
	have_yaml=true
fi

# ---- helpers ---------------------------------------------------------------

ok() {
	pass=$((pass + 1))
	if [ -n "${CLI_VERBOSE:-}" ]; then
		echo "ok: $1"
	fi
}

no() {
	fail=$((fail + 1))
	echo "FAIL: $1"
	echo "    last run: status $st; stdout $(wc -c <"$O" 2>/dev/null) bytes; stderr:"
	head -c 400 "$E" 2>/dev/null | sed 's/^/    | /'
	echo
}

skip() {
	skipped=$((skipped + 1))
	echo "cli: skipped: $*"
}

# c DESC CONDITION: one check; CONDITION is shell code, evaluated.
c() {
	if eval "$2"; then ok "$1"; else no "$1"; fi
}

# dh ARGS...: runs the binary; stdout in $O, stderr in $E, status in $st.
dh() {
	$TO "$BIN" "$@" >"$O" 2>"$E"
	st=$?
}

# dhi FILE ARGS...: the same with standard input from FILE.
dhi() {
	dhi_in=$1
	shift
	$TO "$BIN" "$@" <"$dhi_in" >"$O" 2>"$E"
	st=$?
}

empty() { [ ! -s "$1" ]; }
has() { grep -q -e "$2" "$1"; }
hasF() { grep -qF -e "$2" "$1"; }
same() { cmp -s "$1" "$2"; }
is() { [ "$st" -eq "$1" ]; }
inode() { ls -di "$1" | awk '{print $1}'; }
mode() { ls -l "$1" | cut -c2-10; }
# mtime FILE: seconds, via find (no GNU stat needed) or ls as a fallback.
mtime() {
	find "$1" -prune -newer "$T/stamp" -print | grep -q . && echo new ||
		echo old
}

# ---- fixtures --------------------------------------------------------------

cat >go <<'EOF'
# A typical single-stage Go service, as many repositories still have it.
FROM golang:1.22

WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api

ENV APP_ENV=production
# The HTTP port.
EXPOSE 8080
CMD ["/out/api"]
EOF
# A Node service on :latest: a warning (DH107) as well as notes.
printf 'FROM node:latest\nWORKDIR /app\nRUN npm ci\nCMD node server.js\n' >node
# Already hardened: nothing to change, no findings.
cat >clean <<'EOF'
FROM gcr.io/distroless/static-debian12:nonroot
COPY app /app
VOLUME /data
USER 4242:4242
ENTRYPOINT ["/app"]
EOF
printf 'FROM alpine:3.19\nENV PATH\n' >bad
# Non-ASCII text and no final newline: SARIF columns count code points.
printf 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD node s\303\251rv\303\251r.js' >uni
cat >dep.yaml <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
      - name: api
        image: api:1
        securityContext:
          privileged: true
      - name: side
        image: side:1
EOF
printf 'services:\n  web:\n    image: nginx:1.25\n' >compose.yaml
printf 'a: [\n' >broken.yaml

"$BIN" harden go >go.h 2>/dev/null
"$BIN" harden node >node.h 2>/dev/null
"$BIN" harden uni >uni.h 2>/dev/null
if [ ! -s go.h ]; then
	echo "cli: 'harden go' printed nothing; the oracle files are missing"
fi

# ---- help, version, passes, usage errors -----------------------------------

dh --help
c "--help exits 0 with the usage" 'is 0 && has "$O" "^usage: dockharden"'
miss=
for cmd in harden fmt lint k8s docker-run patch parse doctor lsp; do
	grep -q "^  $cmd " "$O" || miss="$miss $cmd"
done
c "--help lists every command (missing:$miss)" '[ -z "$miss" ]'
miss=
for opt in -w -d -l --check --uid= --gid= --disable= --stdin-filename= \
	--quiet --name= --image= --container= --dockerfile= --override \
	--list-passes --stdio --version; do
	grep -qe "$opt" "$O" || miss="$miss $opt"
done
c "--help names every option (missing:$miss)" '[ -z "$miss" ]'
bad_help=
for cmd in harden fmt lint k8s docker-run patch parse doctor lsp; do
	dh "$cmd" --help
	{ is 0 && has "$O" "^usage: dockharden"; } || bad_help="$bad_help $cmd"
done
c "COMMAND --help exits 0 with the usage (failing:$bad_help)" \
	'[ -z "$bad_help" ]'
dh lsp Dockerfile
c "lsp takes no paths: exit 3, message, empty stdout" \
	'is 3 && empty "$O" && hasF "$E" "lsp takes no paths"'
dh harden --stdio go
c "--stdio belongs to lsp: exit 3" 'is 3 && empty "$O" && hasF "$E" "--stdio"'
dh --version
c "--version prints 'dockharden X.Y.Z' and exits 0" \
	'is 0 && [ "$(wc -l <"$O")" -eq 1 ] &&
	 has "$O" "^dockharden [0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*$"'
dh --list-passes
c "--list-passes gives the documented order" \
	'is 0 && [ "$(awk "{printf \"%s \", \$1}" "$O")" = \
	 "windows pinning multi-stage minimal-final ca-certs non-root-user ports attack-surface " ]'
c "--list-passes names a rule ID on every line" \
	'[ "$(grep -c " DH[0-9][0-9][0-9] " "$O")" -eq "$(wc -l <"$O")" ]'

dh --no-such-option go
c "unknown long option: exit 3, message, empty stdout" \
	'is 3 && empty "$O" && hasF "$E" "--no-such-option"'
dh lint -Z go
c "unknown short option: exit 3" 'is 3 && empty "$O"'
dh --uid
c "option missing its value: exit 3" 'is 3 && hasF "$E" "--uid"'
dh lint --format=yaml go
c "lint --format=yaml: exit 3" 'is 3 && empty "$O" && hasF "$E" yaml'
dh k8s --as=deployment go
c "k8s --as=deployment: exit 3" 'is 3 && empty "$O"'
dh parse --dump=tree go
c "parse --dump=tree: exit 3" 'is 3 && empty "$O"'
dh docker-run --format=yaml go
c "docker-run --format=yaml (unknown format): exit 3" 'is 3 && empty "$O"'
dhi go -w
c "-w with standard input (no path): exit 3" 'is 3 && empty "$O"'
dhi go -w -
c "-w with standard input ('-'): exit 3" 'is 3 && empty "$O"'
cp go go.keep
for pair in "-w -d" "-w -l" "-w --check" "-d -l" "-d --check" "-l --check"; do
	# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
	dh $pair go
	c "$pair together: exit 3, file untouched" \
		'is 3 && empty "$O" && same go go.keep'
done

# ---- harden: default command, stdin, exit codes ----------------------------

dh harden go
c "harden: exit 1 when changes are made" 'is 1 && same "$O" go.h'
c "harden: output is multi-stage, scratch, numeric USER" \
	'hasF "$O" "FROM scratch" && hasF "$O" "USER 10001:10001"'
c "harden: notes with rule IDs on stderr" \
	'has "$E" "^go:2:1: note: .*\[DH101\]$"'
dh go
c "harden is the default command" 'is 1 && same "$O" go.h'
dh go.h
c "harden of hardened output: exit 0, unchanged (idempotent)" \
	'is 0 && same "$O" go.h'
dh harden clean
c "already-hardened file: exit 0, byte-identical, nothing on stderr" \
	'is 0 && same "$O" clean && empty "$E"'
dhi go harden -
c "'-' reads standard input" 'is 1 && same "$O" go.h'
dhi go harden
c "no PATH reads standard input" 'is 1 && same "$O" go.h'
c "standard input is named <stdin> in messages" 'has "$E" "^<stdin>:2:1: "'
dhi go --stdin-filename=svc/Dockerfile
c "--stdin-filename=NAME names stdin" \
	'is 1 && same "$O" go.h && has "$E" "^svc/Dockerfile:2:1: "'
dhi go --stdin-filename svc/Dockerfile -
c "--stdin-filename NAME (separate value)" \
	'is 1 && has "$E" "^svc/Dockerfile:2:1: "'

dh harden bad
c "syntax error: exit 2, empty stdout" 'is 2 && empty "$O"'
c "syntax error: 'file:line:col: error: ... [code]' on stderr" \
	'has "$E" "^bad:2:5: error: .* \[invalid-instruction\]$"'
dhi bad harden -
c "'harden -' on bad input: exit 2, nothing on stdout" 'is 2 && empty "$O"'
dhi bad --stdin-filename=app/Dockerfile
c "bad stdin with --stdin-filename: message names it" \
	'is 2 && empty "$O" && has "$E" "^app/Dockerfile:2:5: error: "'
dh harden does-not-exist
c "unreadable file: exit 2, empty stdout, [unreadable]" \
	'is 2 && empty "$O" && has "$E" "^does-not-exist:.*error:.*\[unreadable\]"'
cp go ./-w
dh -- -w
c "'--' ends options: a file named -w is hardened, not written" \
	'is 1 && same "$O" go.h && same ./-w go'

dh -q go
c "-q: notes are not printed (exit still 1)" 'is 1 && empty "$E"'
dh --quiet node
c "--quiet: warnings still printed, notes not" \
	'is 1 && hasF "$E" "warning:" && hasF "$E" "[DH107]" && ! hasF "$E" "note:"'

# Hardening must not ship the builder's whole filesystem: without a WORKDIR
# the artifact was taken to be '/', and 'COPY --from=build / /' puts all of
# node:latest (shell, package manager) into the distroless final stage.
c "harden never copies the builder's root into the final stage" \
	'! hasF node.h "COPY --from=build / /"'

# ---- --uid, --gid, --disable -----------------------------------------------

dh --uid=2000 --gid=3000 go
c "--uid=N --gid=N set the USER" 'is 1 && hasF "$O" "USER 2000:3000"'
dh --uid 2001 --gid 3001 go
c "--uid N --gid N (separate values)" 'is 1 && hasF "$O" "USER 2001:3001"'
dh --uid=0 go
c "--uid=0 (root): exit 3" 'is 3 && empty "$O"'
dh --gid=abc go
c "--gid=abc: exit 3" 'is 3 && empty "$O"'
dh --disable=DH105 go
c "--disable=DH105: no USER added, no DH105 note" \
	'is 1 && ! hasF "$O" "USER " && ! hasF "$E" "[DH105]"'
dh --disable DH104 go
c "--disable DH104 (separate value): no CA bundle copy" \
	'is 1 && ! hasF "$O" ca-certificates && hasF "$O" "USER 10001"'
dh --disable=DH104 --disable=DH105 go
c "--disable is repeatable" \
	'! hasF "$O" ca-certificates && ! hasF "$O" "USER "'

# ---- -d, -l, --check -------------------------------------------------------

mkdir pd && cp go node clean uni pd/
(cd pd && "$BIN" -d go node clean uni >../diff.out 2>/dev/null)
st=$?
c "-d: exit 1, a unified diff per changed file" \
	'is 1 && has diff.out "^--- go$" && has diff.out "^+++ node$" &&
	 ! hasF diff.out "--- clean"'
(cd pd && patch -p0 -s <../diff.out >/dev/null 2>&1)
c "-d output applies with patch -p0 and gives the hardened files" \
	'same pd/go go.h && same pd/node node.h && same pd/clean clean &&
	 same pd/uni uni.h'
dh -d clean
c "-d on a clean file: exit 0, no output" 'is 0 && empty "$O"'
dh -l go clean node
c "-l lists only the files that would change" \
	'is 1 && [ "$(cat "$O")" = "$(printf "go\nnode")" ]'
dh -l clean
c "-l on a clean file: exit 0, no output" 'is 0 && empty "$O"'
dh --check go
c "--check: exit 1, nothing on stdout" 'is 1 && empty "$O"'
dh --check clean
c "--check on a clean file: exit 0, nothing printed" \
	'is 0 && empty "$O" && empty "$E"'
dh --check bad
c "--check on bad input: exit 2" 'is 2 && empty "$O"'

# ---- -w: atomic write ------------------------------------------------------

mkdir wd && cp go wd/Dockerfile && chmod 0640 wd/Dockerfile
ino=$(inode wd/Dockerfile)
dh -w wd/Dockerfile
c "-w: exit 1, nothing on stdout, file hardened" \
	'is 1 && empty "$O" && same wd/Dockerfile go.h'
c "-w keeps the mode (0640)" '[ "$(mode wd/Dockerfile)" = "rw-r-----" ]'
c "-w replaces the file by rename (new inode)" \
	'[ "$(inode wd/Dockerfile)" != "$ino" ]'
c "-w leaves no temp file behind" '[ "$(ls -A wd)" = Dockerfile ]'
touch -t 200101010000 wd/Dockerfile
touch -t 200201010000 "$T/stamp"
ino=$(inode wd/Dockerfile)
dh -w wd/Dockerfile
c "second -w: exit 0, file untouched (mtime, inode)" \
	'is 0 && [ "$(mtime wd/Dockerfile)" = old ] &&
	 [ "$(inode wd/Dockerfile)" = "$ino" ]'

cp go wd/real && ln -s real wd/link
dh -w wd/link
c "-w through a symlink: target written, link stays a link" \
	'is 1 && [ -L wd/link ] && [ "$(readlink wd/link)" = real ] &&
	 same wd/real go.h'

cp bad wd/bad && touch -t 200101010000 wd/bad
ino=$(inode wd/bad)
dh -w wd/bad
c "-w on bad input: exit 2, file untouched byte for byte" \
	'is 2 && empty "$O" && same wd/bad bad &&
	 [ "$(mtime wd/bad)" = old ] && [ "$(inode wd/bad)" = "$ino" ]'

mkdir wm && cp go wm/a && cp node wm/b
dh -w wm/a wm/b
c "-w with two files writes both" \
	'is 1 && same wm/a go.h && same wm/b node.h'

# A folder where the temp file cannot be created: as root a chmod 555 folder
# is still writable, so root uses an immutable folder (chattr +i) and a
# read-only bind mount in a private mount namespace, each when it can.
unwritable=0
mkdir ro && cp go ro/Dockerfile
cond=
if [ "$(id -u)" -ne 0 ]; then
	chmod 555 ro && imm=$T/w/ro && cond="read-only folder"
elif command -v chattr >/dev/null 2>&1 && chattr +i ro 2>/dev/null; then
	imm=$T/w/ro
	cond="immutable folder (chattr +i)"
fi
if [ -n "$cond" ]; then
	unwritable=1
	dh -w ro/Dockerfile
	c "-w into an $cond: exit 3, message, original intact" \
		'is 3 && hasF "$E" "error:" && same ro/Dockerfile go &&
		 [ "$(ls -A ro)" = Dockerfile ]'
	chattr -i ro 2>/dev/null
	chmod 755 ro
	imm=
fi
mkdir rob && cp go rob/Dockerfile
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1 &&
	unshare -m sh -c "mount --bind rob rob &&
		mount -o remount,bind,ro rob &&
		{ $TO '$BIN' -w rob/Dockerfile >'$O' 2>'$E'; echo \$? >rob.st; }" \
		2>/dev/null && [ -s rob.st ]; then
	unwritable=1
	st=$(cat rob.st)
	c "-w into a read-only bind mount: exit 3, message, original intact" \
		'is 3 && hasF "$E" "error:" && same rob/Dockerfile go &&
		 [ "$(ls -A rob)" = Dockerfile ]'
fi
if [ "$unwritable" -eq 0 ]; then
	skip "-w write failure: cannot make an unwritable folder here" \
		"(root without chattr +i or unshare -m)"
fi

if [ -w /dev/full ]; then
	$TO "$BIN" harden go >/dev/full 2>"$E"
	st=$?
	c "harden > /dev/full: exit 3 with a message" 'is 3 && [ -s "$E" ]'
	$TO "$BIN" lint --format=sarif go >/dev/full 2>"$E"
	st=$?
	c "lint > /dev/full: exit 3 with a message" 'is 3 && [ -s "$E" ]'
	$TO "$BIN" k8s --as=pod go >/dev/full 2>"$E"
	st=$?
	c "k8s > /dev/full: exit 3 with a message" 'is 3 && [ -s "$E" ]'
else
	skip "/dev/full is not available"
fi

# ---- fmt -------------------------------------------------------------------

printf '%s\n' 'from alpine:3.19   ' '#  a   comment  ' \
	'run   echo a && \' '        echo b' 'RUN <<EOF' '   keep   this   ' \
	'	and tabs  ' 'EOF' 'copy  a  b' >messy
dh fmt messy
cp "$O" messy.f
c "fmt: exit 1 when it reformats" 'is 1 && [ -s messy.f ]'
c "fmt: keywords upper-case, one space, trailing blanks trimmed" \
	'[ "$(sed -n 1p messy.f)" = "FROM alpine:3.19" ] &&
	 [ "$(sed -n 3p messy.f)" = "RUN echo a && \\" ] &&
	 [ "$(sed -n 9p messy.f)" = "COPY a  b" ]'
sed -n 2p messy >x1
sed -n 2p messy.f >x2
c "fmt: comments untouched" 'same x1 x2'
sed -n 5,8p messy >x1
sed -n 5,8p messy.f >x2
c "fmt: heredoc body untouched" 'same x1 x2'
dh fmt messy.f
c "fmt is idempotent (exit 0, same bytes)" 'is 0 && same "$O" messy.f'
dh fmt --check messy
c "fmt --check: exit 1, nothing on stdout" 'is 1 && empty "$O"'
dh fmt --check messy.f
c "fmt --check on formatted input: exit 0" 'is 0 && empty "$O"'
printf 'from alpine:3.19\r\nrun   echo hi  \r\n# note\r\n' >crlf
dh fmt crlf
c "fmt keeps CRLF line endings" \
	'is 1 && [ "$(tr -cd "\r" <"$O" | wc -c)" -eq 3 ] &&
	 [ "$(tr -d "\r" <"$O" | sed -n 2p)" = "RUN echo hi" ]'
# Non-ASCII bytes are ordinary argument bytes: one instruction per line.
ea=$(printf '\303\251')
printf 'FROM alpine:3.19\nRUN echo h%sllo %st%s\nLABEL x="%s"\n' \
	"$ea" "$ea" "$ea" "$ea" >utf8
dh fmt utf8
c "fmt leaves a file with UTF-8 arguments unchanged (exit 0)" \
	'is 0 && same "$O" utf8'
dh parse utf8
c "parse: UTF-8 arguments stay inside their instruction" \
	'is 0 && [ "$(wc -l <"$O")" -eq 3 ] &&
	 hasF "$O" "(run \"echo h${ea}llo ${ea}t${ea}\")"'
dh harden utf8
c "harden does not split a line with UTF-8 arguments" \
	'{ is 0 || is 1; } && [ "$(grep -c "^RUN echo h${ea}llo ${ea}t${ea}$" "$O")" -eq 1 ] &&
	 [ "$(grep -c "^LABEL x=\"${ea}\"$" "$O")" -eq 1 ]'
dh fmt bad
c "fmt is lenient: a line it cannot parse is kept" \
	'{ is 0 || is 1; } && same "$O" bad'
dhi messy fmt --stdin-filename=x/Dockerfile -
c "fmt on stdin with --stdin-filename" 'is 1 && same "$O" messy.f'
mkdir fd && cp messy fd/
(cd fd && "$BIN" fmt -d messy 2>/dev/null | patch -p0 -s >/dev/null 2>&1)
c "fmt -d applies with patch -p0" 'same fd/messy messy.f'
dh fmt -l messy messy.f
c "fmt -l lists only the file that would change" \
	'is 1 && [ "$(cat "$O")" = messy ]'
cp messy fw && chmod 0600 fw
dh fmt -w fw
c "fmt -w writes, keeps the mode" \
	'is 1 && same fw messy.f && [ "$(mode fw)" = "rw-------" ]'

# ---- lint ------------------------------------------------------------------

dh lint go
c "lint (text): exit 1, compiler-style findings" \
	'is 1 && has "$O" "^go:2:1: note: .*\[DH101\]$"'
c "lint (text): summary line" \
	'tail -n 1 "$O" | grep -q "^[0-9]* findings in 1 file"'
dh lint --format=text clean
c "lint on a clean file: exit 0, nothing printed" 'is 0 && empty "$O"'
dh lint bad
c "lint on bad input: exit 2" 'is 2'
cp go lint.w
dh lint -w lint.w
c "lint -w (lint never writes): usage error, exit 3" \
	'is 3 && same lint.w go'
dh lint --format=json go node clean
cp "$O" lint.json
c "lint --format=json: one line per file, exit 1" \
	'is 1 && [ "$(wc -l <lint.json)" -eq 3 ]'
dh lint --format json go
c "lint --format json (separate value)" 'is 1 && has "$O" "^{\"path\":\"go\""'
dhi node lint --format=json --stdin-filename=x/Dockerfile -
c "lint json names stdin by --stdin-filename" \
	'has "$O" "^{\"path\":\"x/Dockerfile\""'
dh lint --format=sarif go node uni
cp "$O" lint.sarif
c "lint --format=sarif: exit 1" 'is 1 && [ -s lint.sarif ]'
dh lint --format=github go node uni
cp "$O" lint.github
c "lint --format=github: exit 1" 'is 1 && [ -s lint.github ]'
dh lint --format=checkstyle go clean
cp "$O" lint.xml
c "lint --format=checkstyle: exit 1" 'is 1 && [ -s lint.xml ]'

cat >"$T/chk.py" <<'EOF'
"""Checks for cli.sh: report structure and fixes applied to the input."""
import json, re, sys
import xml.etree.ElementTree as ET


def die(msg):
    sys.stderr.write(msg + "\n")
    sys.exit(1)


def read(p):
    with open(p, encoding="utf-8", newline="") as f:
        return f.read()


def offset(text, line, col):
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    if line - 1 < len(starts):
        return starts[line - 1] + col - 1
    return len(text)


def sarif(path):
    log = json.load(open(path, encoding="utf-8"))
    if "sarif-2.1.0" not in log.get("$schema", ""):
        die("$schema")
    if log.get("version") != "2.1.0":
        die("version")
    run = log["runs"][0]
    drv = run["tool"]["driver"]
    if drv.get("name") != "dockharden":
        die("driver name")
    ids = [r["id"] for r in drv.get("rules", [])]
    fixes = 0
    if not run["results"]:
        die("no results")
    for r in run["results"]:
        if not re.match(r"^(DH\d{3}|[a-z-]+)$", r["ruleId"]):
            die("ruleId")
        if r["level"] not in ("note", "warning", "error", "none"):
            die("level")
        if "ruleIndex" in r and ids[r["ruleIndex"]] != r["ruleId"]:
            die("ruleIndex")
        if not r["message"]["text"]:
            die("message")
        loc = r["locations"][0]["physicalLocation"]
        if not loc["artifactLocation"]["uri"]:
            die("uri")
        if int(loc["region"]["startLine"]) < 1:
            die("startLine")
        for fx in r.get("fixes", []):
            for ch in fx["artifactChanges"]:
                for rep in ch["replacements"]:
                    reg = rep["deletedRegion"]
                    int(reg["startLine"]), int(reg["startColumn"])
                    fixes += 1
    if not fixes:
        die("no fixes")


def sarif_apply(path, uri, orig, want):
    run = json.load(open(path, encoding="utf-8"))["runs"][0]
    text = read(orig)
    reps = []
    for r in run["results"]:
        for fx in r.get("fixes", []):
            for ch in fx["artifactChanges"]:
                if ch["artifactLocation"]["uri"] != uri:
                    continue
                for rep in ch["replacements"]:
                    g = rep["deletedRegion"]
                    a = offset(text, g["startLine"], g["startColumn"])
                    b = offset(text, g.get("endLine", g["startLine"]),
                               g.get("endColumn", g["startColumn"]))
                    new = rep.get("insertedContent", {}).get("text", "")
                    reps.append((a, b, new))
    reps.sort(reverse=True)
    for a, b, new in reps:
        text = text[:a] + new + text[b:]
    if text != read(want):
        die("SARIF fixes applied to %s differ from harden:\n%s" % (orig, text))


def json_lines(path, n):
    lines = open(path, encoding="utf-8").read().splitlines()
    if len(lines) != int(n):
        die("%d lines" % len(lines))
    for ln in lines:
        o = json.loads(ln)
        if not isinstance(o["path"], str) or not isinstance(o["changed"], bool):
            die("path/changed")
        for f in o["findings"]:
            for k in ("rule", "severity", "line", "column", "message"):
                if k not in f:
                    die("finding lacks " + k)


def json_diff(path, diff):
    o = json.loads(open(path, encoding="utf-8").readline())
    if o["diff"] != read(diff):
        die("json diff differs from -d")


SUGG = re.compile(r"(`{3,})suggestion\n(.*?)^\1$", re.S | re.M)


def github(path):
    n = 0
    for ln in open(path, encoding="utf-8").read().splitlines():
        o = json.loads(ln)
        if not (isinstance(o["path"], str) and o["start_line"] >= 1
                and o["end_line"] >= o["start_line"]
                and isinstance(o["body"], str)):
            die("fields: " + ln)
        if SUGG.search(o["body"]):
            n += 1
    if not n:
        die("no ```suggestion block")


def github_apply(path, name, orig, want):
    text = read(orig)
    lines = text.splitlines(True)
    edits = []
    for ln in open(path, encoding="utf-8").read().splitlines():
        o = json.loads(ln)
        m = SUGG.search(o["body"])
        if o["path"] != name or not m:
            continue
        edits.append((o["start_line"], o["end_line"], m.group(2)))
    edits.sort(reverse=True)
    for a, b, new in edits:
        # A suggestion cannot say "no newline at end of file".
        if b == len(lines) and not text.endswith("\n"):
            new = new[:-1] if new.endswith("\n") else new
        lines[a - 1:b] = new.splitlines(True)
    if "".join(lines) != read(want):
        die("suggestions applied to %s differ from harden:\n%s"
            % (orig, "".join(lines)))


def checkstyle(path, files):
    root = ET.parse(path).getroot()
    if root.tag != "checkstyle":
        die("root")
    names = [f.get("name") for f in root.findall("file")]
    if names != files.split(","):
        die("files %r" % names)
    errs = root.findall("file/error")
    if not errs:
        die("no errors")
    for e in errs:
        int(e.get("line"))
        if e.get("severity") not in ("info", "warning", "error"):
            die("severity")
        if not re.match(r"^dockharden\.", e.get("source", "")):
            die("source")
        if not e.get("message"):
            die("message")


def parse_json(path):
    o = json.load(open(path, encoding="utf-8"))
    if o["children"][0]["kind"] != "instruction":
        die("first child")


def parse_yaml(path):
    import yaml
    docs = [d for d in yaml.safe_load_all(open(path, encoding="utf-8"))]
    if not docs or docs[0] is None:
        die("no YAML document")


globals()[sys.argv[1].replace("-", "_")](*sys.argv[2:])
EOF
py() { python3 "$T/chk.py" "$@" >"$T/py.err" 2>&1; }
py_c() { # py_c DESC ARGS...
	py_d=$1
	shift
	if py "$@"; then
		ok "$py_d"
	else
		no "$py_d"
		head -c 600 "$T/py.err" | sed 's/^/    py| /'
	fi
}

if $have_py; then
	py_c "SARIF: 2.1.0 structure (schema, version, driver, results, fixes)" \
		sarif lint.sarif
	py_c "SARIF: fixes applied to go give the hardened file" \
		sarif-apply lint.sarif go go go.h
	py_c "SARIF: fixes applied to node give the hardened file" \
		sarif-apply lint.sarif node node node.h
	py_c "SARIF: fixes for a non-ASCII file without final newline apply" \
		sarif-apply lint.sarif uni uni uni.h
	py_c "json: every line parses with path, findings, changed" \
		json-lines lint.json 3
	dh -d go
	cp "$O" go.diff
	dh lint --format=json go
	cp "$O" go.json
	py_c "json: 'diff' is what -d prints" json-diff go.json go.diff
	py_c "github: JSON lines with path/start_line/end_line/body, suggestion" \
		github lint.github
	py_c "github: suggestions applied to go give the hardened file" \
		github-apply lint.github go go go.h
	py_c "github: suggestions applied to node give the hardened file" \
		github-apply lint.github node node node.h
	py_c "github: suggestions for a non-ASCII file without final newline" \
		github-apply lint.github uni uni uni.h
	py_c "checkstyle: well-formed XML, a <file> per input (clean too)" \
		checkstyle lint.xml go,clean
else
	skip "python3 (json, xml.etree) not found: lint report structure not checked"
fi

# ---- k8s -------------------------------------------------------------------

dh k8s go
cp "$O" frag.yaml
c "k8s (default fragment): securityContext, no apiVersion" \
	'is 0 && has frag.yaml "^securityContext:" &&
	 hasF frag.yaml "runAsUser: 10001" && ! hasF frag.yaml apiVersion'
dh k8s --as=fragment go
c "k8s --as=fragment equals the default" 'is 0 && same "$O" frag.yaml'
dh k8s --as=patch go
c "k8s --as=patch: a Deployment patch" \
	'is 0 && hasF "$O" "kind: Deployment" && hasF "$O" "runAsNonRoot: true"'
dh k8s --as=pod --name=web --image=reg.example/api:2 --container=server go
cp "$O" pod1.yaml
c "k8s --as=pod --name= --image= --container=" \
	'is 0 && hasF "$O" "kind: Pod" && has "$O" "^  name: web$" &&
	 hasF "$O" "image: reg.example/api:2" && hasF "$O" "- name: server"'
dh k8s --as pod --name web --image reg.example/api:2 --container server go
c "k8s options with separate values" 'is 0 && same "$O" pod1.yaml'
dh k8s --as=pod --uid=2000 --gid=2001 go
c "k8s --uid/--gid become runAsUser/runAsGroup" \
	'hasF "$O" "runAsUser: 2000" && hasF "$O" "runAsGroup: 2001"'
dh k8s --as=pod bad
c "k8s on bad input: exit 2, empty stdout" 'is 2 && empty "$O"'

pss=$SHARED/tools/pss_check.py
if [ -f "$pss" ] && $have_yaml; then
	n=0
	badpss=
	for f in "$root"/examples/*/Dockerfile; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		"$BIN" k8s --as=pod "$f" >pod.yaml 2>/dev/null
		python3 "$pss" pod.yaml >pss.out 2>&1 || badpss="$badpss $f"
	done
	c "k8s --as=pod passes pss_check.py for examples/*/Dockerfile ($n)" \
		'[ "$n" -gt 0 ] && [ -z "$badpss" ]'
	"$BIN" k8s --as=pod go >pod.yaml 2>/dev/null
	python3 "$pss" pod.yaml >pss.out 2>&1
	st=$?
	c "k8s --as=pod of the Go service passes pss_check.py" 'is 0'
else
	skip "pss_check.py ($pss) or python3 yaml not available"
fi

# ---- docker-run ------------------------------------------------------------

dh docker-run go
c "docker-run: the hardening flags and an IMAGE placeholder" \
	'is 0 && hasF "$O" "--user 10001:10001" && hasF "$O" "--cap-drop ALL" &&
	 hasF "$O" "--read-only" && hasF "$O" "-p 8080:8080" &&
	 tail -n 1 "$O" | grep -q "^  IMAGE$"'
dh docker-run --image=my/api:3 go
c "docker-run --image=I" 'is 0 && tail -n 1 "$O" | grep -q "^  my/api:3$"'
dh docker-run --image my/api:3 go
c "docker-run --image I (separate value)" \
	'is 0 && tail -n 1 "$O" | grep -q "^  my/api:3$"'
dh docker-run --format=compose go
cp "$O" comp.yaml
c "docker-run --format=compose: service keys" \
	'is 0 && has comp.yaml "^services:" && hasF comp.yaml "read_only: true" &&
	 hasF comp.yaml "user: \"10001:10001\""'
if $have_yaml; then
	py_c "docker-run --format=compose is valid YAML" parse-yaml comp.yaml
fi
dh docker-run --format compose --name web go
c "docker-run --format compose --name web: service 'web'" \
	'is 0 && has "$O" "^  web:$"'
dh docker-run --format=compose --image=my/api:3 go
c "docker-run --format=compose --image=I writes the image" \
	'is 0 && hasF "$O" "my/api:3"'

# ---- patch -----------------------------------------------------------------

dh patch dep.yaml
cp "$O" dep.h
# api is privileged: infrastructure, its identity kept; side is unknown:
# only what cannot stop it, the rest a finding.
c "patch: exit 1, hardened manifest, explicit value kept with a warning" \
	'is 1 && hasF dep.h "allowPrivilegeEscalation: false" &&
	 ! hasF dep.h "runAsNonRoot: true" && hasF "$E" "[DH240]" &&
	 hasF "$E" "[DH250]" &&
	 hasF dep.h "privileged: true" && has "$E" "warning:.*\[DH210\]"'
if $have_yaml; then
	py_c "patch output is valid YAML" parse-yaml dep.h
fi
dh patch dep.h
c "patch is idempotent (same bytes, no note; the kept warning gives 1)" \
	'is 1 && same "$O" dep.h && ! hasF "$E" "note:" && hasF "$E" "[DH210]"'
dh patch --override dep.yaml
cp "$O" dep.o
c "patch --override replaces the explicit insecure value" \
	'is 1 && hasF "$O" "privileged: false" && ! hasF "$O" "privileged: true"'
dh patch dep.o
c "patch of an --override result: exit 0, same bytes" \
	'is 0 && same "$O" dep.o && empty "$E"'
# --dockerfile: the clean file has VOLUME /data and USER 4242:4242.
dh patch --dockerfile=clean --container=api dep.yaml
c "patch --dockerfile=F --container=NAME: a privileged container keeps its user" \
	'is 1 && ! hasF "$O" "runAsUser: 4242" && hasF "$E" "[DH240]"'
dh patch --dockerfile clean --container side dep.yaml
c "patch --dockerfile F --container NAME (separate values)" \
	'is 1 && hasF "$O" "runAsUser: 4242" &&
	 [ "$(sed -n "/- name: side/q;/mountPath: \/data/p" "$O")" = "" ] &&
	 hasF "$O" "mountPath: /data"'
dh patch compose.yaml
c "patch on a compose file" \
	'is 1 && hasF "$O" "read_only: true" && hasF "$O" "no-new-privileges:true"'
mkdir yd && cp dep.yaml yd/
(cd yd && "$BIN" patch -d dep.yaml 2>/dev/null | patch -p0 -s >/dev/null 2>&1)
c "patch -d applies with patch -p0" 'same yd/dep.yaml dep.h'
cp dep.yaml yd/w.yaml
dh patch -w yd/w.yaml
c "patch -w writes the file" 'is 1 && empty "$O" && same yd/w.yaml dep.h'
cp broken.yaml yd/broken.yaml
dh patch -w yd/broken.yaml
c "patch on invalid YAML: exit 2, [yaml-syntax], file untouched" \
	'is 2 && empty "$O" && hasF "$E" "[yaml-syntax]" &&
	 same yd/broken.yaml broken.yaml'

# ---- parse -----------------------------------------------------------------

printf 'FROM alpine:3.19\nRUN echo hi\n' >p
dh parse --dump=reference p
c "parse --dump=reference" \
	'is 0 && [ "$(cat "$O")" = "$(printf "(from \"alpine:3.19\")\n(run \"echo hi\")")" ]'
dh parse p
c "parse: reference is the default dump" \
	'is 0 && has "$O" "^(from \"alpine:3.19\")$"'
dh parse --dump=source crlf
c "parse --dump=source gives the input back byte for byte (CRLF)" \
	'is 0 && same "$O" crlf'
dh parse --dump=cst p
c "parse --dump=cst: spans" 'is 0 && has "$O" "^(document 0\.\.29"'
dh parse --dump json p
cp "$O" p.json
c "parse --dump json (separate value): exit 0" 'is 0 && has p.json "\"kind\""'
if $have_py; then
	py_c "parse --dump=json is valid JSON" parse-json p.json
fi
dh parse bad
c "parse on bad input: exit 2, empty stdout, error on stderr" \
	'is 2 && empty "$O" && hasF "$E" "error:"'

# ---- doctor ----------------------------------------------------------------

dh doctor
c "doctor: exit 0 or 1, a virtualization line and a summary" \
	'{ is 0 || is 1; } && has "$O" "^[a-z]*: virtualization: " &&
	 tail -n 1 "$O" | grep -q "^summary: "'
c "doctor: every line is ok/warn/info/summary" \
	'! grep -qv "^\(ok\|warn\|info\|error\|summary\): " "$O"'

# ---- configuration ---------------------------------------------------------

mkdir cfg
cp go cfg/Dockerfile
# a pinned major: node:latest names none, so it is not split
sed 's/node:latest/node:22/' node >cfg/node.Dockerfile
cat >cfg/.dockharden.yaml <<'EOF'
uid: 3333
gid: 4444
rules:
  DH104: off
images:
  "gcr.io/distroless/": "mirror.corp/distroless/"
writable:
  - /var/cache/app
EOF
dh cfg/Dockerfile
c "config uid/gid become the USER" 'is 1 && hasF "$O" "USER 3333:4444"'
c "config 'rules: DH104: off' turns the rule off" \
	'! hasF "$O" ca-certificates && ! hasF "$E" "[DH104]"'
dh --uid=5555 cfg/Dockerfile
c "--uid on the command line wins over the config" \
	'hasF "$O" "USER 5555:4444"'
dh cfg/node.Dockerfile
c "config images: mirror replaces the distroless prefix" \
	'is 1 && hasF "$O" "FROM mirror.corp/distroless/" &&
	 ! hasF "$O" "gcr.io/distroless"'
dh k8s --as=pod cfg/Dockerfile
c "config writable: an emptyDir mount in the pod" \
	'is 0 && hasF "$O" "mountPath: /var/cache/app" &&
	 hasF "$O" "runAsUser: 3333"'
dh docker-run cfg/Dockerfile
c "config writable: a --tmpfs in docker run" \
	'is 0 && hasF "$O" "--tmpfs /var/cache/app"'
dhi go --stdin-filename=cfg/Dockerfile -
c "--stdin-filename selects the config" 'is 1 && hasF "$O" "USER 3333:4444"'
mkdir -p outer/repo/.git
cp cfg/.dockharden.yaml outer/
cp go outer/repo/Dockerfile
dh outer/repo/Dockerfile
c "a config above the repository root is not read" \
	'is 1 && hasF "$O" "USER 10001:10001"'
dh -l cfg/Dockerfile outer/repo/Dockerfile cfg/node.Dockerfile
c "one run, several folders: each file gets its own folder's config" \
	'is 1 && [ "$(grep -c Dockerfile "$O")" -eq 3 ]'
dh cfg/Dockerfile outer/repo/Dockerfile cfg/node.Dockerfile
c "one run, several folders: configs are not carried across folders" \
	'[ "$(grep -c "^USER 3333:4444" "$O")" -eq 2 ] &&
	 [ "$(grep -c "^USER 10001:10001" "$O")" -eq 1 ] &&
	 hasF "$O" "FROM mirror.corp/distroless/"'

mkdir badcfg
cp go badcfg/Dockerfile
printf 'users: 1\nrules:\n  DH107: maybe\n' >badcfg/.dockharden.yaml
dh badcfg/Dockerfile
c "invalid config: exit 2, empty stdout, every problem [invalid-config]" \
	'is 2 && empty "$O" &&
	 [ "$(grep -c "error: .*\[invalid-config\]$" "$E")" -eq 2 ]'
dh -w badcfg/Dockerfile
c "invalid config with -w: exit 2, file untouched" \
	'is 2 && same badcfg/Dockerfile go'
printf 'rules: {a: 1\n' >badcfg/.dockharden.yaml
dh badcfg/Dockerfile
c "config that is not YAML: exit 2, invalid YAML [invalid-config]" \
	'is 2 && empty "$O" && has "$E" "invalid YAML.*\[invalid-config\]"'

# ---- migrate ---------------------------------------------------------------

# A small throwaway repository; tests/migrate.sh covers migrate in depth.
if "$BIN" migrate --help 2>&1 | grep -q -- '--dry-run'; then
	dh --help
	c "--help lists migrate" 'has "$O" "^  migrate "'
	mkdir -p mg/repo/.git mg/repo/api mg/repo/node_modules/x mg/outside
	cp go mg/repo/api/Dockerfile
	cp go mg/repo/node_modules/x/Dockerfile
	cp go mg/outside/Dockerfile
	ln -s ../../outside mg/repo/api/out
	grep -v "securityContext:\|privileged: true" dep.yaml >mg/repo/deploy.yaml
	cp mg/repo/deploy.yaml mg/dep.yaml
	dh migrate --dry-run mg/repo
	c "migrate --dry-run: exit 1, would-change, writes nothing" \
		'is 1 && has "$O" "^would-change *dockerfile .* api/Dockerfile$" &&
		 same mg/repo/api/Dockerfile go && same mg/repo/deploy.yaml mg/dep.yaml'
	dh migrate --report mg/report.md mg/repo
	c "migrate rewrites the Dockerfile as harden does" \
		'is 1 && same mg/repo/api/Dockerfile go.h &&
		 has "$O" "^written *dockerfile .* api/Dockerfile$"'
	c "migrate patches the manifest it pairs with the Dockerfile" \
		'hasF mg/repo/deploy.yaml "runAsNonRoot: true" &&
		 has "$O" "1 containers paired"'
	c "migrate --report FILE writes the Markdown report" \
		'has mg/report.md "^# dockharden migration report" &&
		 hasF mg/report.md "api/Dockerfile"'
	c "migrate skips node_modules and symlinks out of the tree" \
		'same mg/repo/node_modules/x/Dockerfile go &&
		 same mg/outside/Dockerfile go && [ -L mg/repo/api/out ] &&
		 ! hasF "$O" node_modules'
	dh migrate --jobs 2 --format=json mg/repo
	c "a second migrate (--jobs 2 --format=json) changes nothing" \
		'[ "$st" -lt 2 ] && same mg/repo/api/Dockerfile go.h &&
		 [ "$(grep -c "\"status\":\"unchanged\"" "$O")" -eq 2 ] &&
		 ! hasF "$O" "\"written\":true"'
	dh migrate
	c "migrate without a folder: exit 3" 'is 3 && empty "$O"'
else
	skip "migrate is not wired ('migrate --help' shows no --dry-run)"
fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
