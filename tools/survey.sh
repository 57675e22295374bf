#!/bin/sh
# Runs dockharden over a corpus of real Dockerfiles and manifests and prints
# one TSV line a file, then totals (docs/survey.md). The corpus is a folder
# with dockerfiles/NAME/Dockerfile (the files the Dockerfile copies beside
# it, as in its build context) and manifests/NAME (Kubernetes manifests and
# compose files). Nothing in the corpus is changed.
#
# usage: sh tools/survey.sh [-o OUTDIR] BINARY CORPUS > survey.tsv
#   -o OUTDIR  also keep each result and its messages for review:
#              OUTDIR/NAME.Dockerfile, OUTDIR/NAME.yaml, OUTDIR/NAME.stderr
set -u

usage() {
	echo "usage: sh tools/survey.sh [-o OUTDIR] BINARY CORPUS" >&2
	exit 3
}

keep=
if [ "${1:-}" = -o ]; then
	[ $# -ge 2 ] || usage
	keep=$2
	shift 2
	mkdir -p "$keep" || exit 3
fi
[ $# -eq 2 ] || usage
bin=$1
corpus=$2
[ -x "$bin" ] || { echo "survey: '$bin' is not executable" >&2; exit 3; }
[ -d "$corpus" ] || { echo "survey: '$corpus' is not a folder" >&2; exit 3; }

tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
rows=$tmp/rows
bom=$(printf '\357\273\277')

# The language of a Dockerfile, from the image of its first FROM.
language() {
	ref=$(awk 'toupper($1) == "FROM" {
			for (i = 2; i <= NF; i++)
				if ($i !~ /^--/) { print tolower($i); exit }
		}' "$1")
	case $ref in
	'') echo none ;;
	*'$'*) echo arg ;;
	*windows* | *nanoserver* | *servercore* | *dotnet/framework*) echo windows ;;
	*golang* | go:* | */go:*) echo go ;;
	*rust*) echo rust ;;
	*node* | *bun:* | oven/bun*) echo node ;;
	*python* | *pypy* | *conda* | *jupyter*) echo python ;;
	*openjdk* | *temurin* | *maven* | *gradle* | *corretto* | *java* | \
		*jdk* | *jre* | *tomcat* | *zulu* | *sbt* | *wildfly*) echo java ;;
	*dotnet* | *aspnet*) echo dotnet ;;
	*php* | *composer* | *wordpress* | *nextcloud*) echo php ;;
	*ruby* | *rails*) echo ruby ;;
	*nginx* | *httpd* | *caddy* | *traefik* | *envoy* | *haproxy*) echo web-server ;;
	*postgres* | *mysql* | *mariadb* | *redis* | *mongo* | *elasticsearch* | \
		*opensearch* | *cassandra* | *rabbitmq* | *kafka* | *zookeeper* | \
		*memcached*) echo datastore ;;
	*alpine* | *debian* | *ubuntu* | *centos* | *fedora* | *busybox* | \
		scratch | *distroless* | *rockylinux* | *almalinux* | *amazonlinux* | \
		*ubi* | *archlinux* | *opensuse*) echo os ;;
	*) echo other ;;
	esac
}

# yes when a RUN line builds or installs the application's code.
builds() {
	if grep -Eiq '(go (build|install)|cargo (build|install)|mvnw?( |$)|gradlew?( |$)|npm (ci|install|i |run build)|yarn|pnpm|pip3? install|poetry install|pipenv install|dotnet (publish|build)|(^| )make( |$)|javac|bundle install|composer install|(gcc|g\+\+|cc) )' "$1"; then
		echo yes
	else
		echo no
	fi
}

# The USER of the last stage of a Dockerfile ("" when there is none).
final_user() {
	awk 'toupper($1) == "FROM" { u = "" }
		toupper($1) == "USER" { u = $2 }
		END { print u }' "$1"
}

# Diagnostics as "severity<TAB>code<TAB>message", quoted text kept.
diags() {
	sed -En 's/^[^ ]*:[0-9]+:[0-9]+: (note|warning|error): (.*) \[([A-Za-z0-9-]+)\]$/\1	\3	\2/p' "$1"
}

# A short tag for a reason: the words after the given marker, quoted text
# replaced by 'X', at most six words joined by '-'.
tag_after() {
	sed -e "s/'[^']*'/X/g" -e "s/^.*$1//" | awk '{
		n = NF < 6 ? NF : 6; t = ""
		for (i = 1; i <= n; i++) t = t (i > 1 ? "-" : "") $i
		gsub(/[^A-Za-z0-9_.-]/, "", t); print (t == "" ? "-" : t)
	}'
}

codes_of() {
	cut -f2 "$1" | sort | uniq -c | awk '{ printf "%s%s:%s", (NR > 1 ? "," : ""), $2, $1 } END { if (NR == 0) printf "-" }'
}

user_reason() {
	d=$1
	r=$(awk -F '\t' '$2 == "DH100" || $2 == "DH106" || $2 == "DH112" { print $2; exit }' "$d")
	if [ -n "$r" ]; then
		echo "$r"
		return
	fi
	line=$(awk -F '\t' '$2 == "DH105" && ($3 ~ /not applied|stays root|no USER added|USER is not set/) { print $3; exit }' "$d")
	case $line in
	'') echo DH105:none-given ;;
	*"not applied: "*) echo "DH105:$(echo "$line" | tag_after 'not applied: ')" ;;
	*"stays root: "*) echo "DH105:$(echo "$line" | tag_after 'stays root: ')" ;;
	*"no USER added: "*) echo "DH105:$(echo "$line" | tag_after 'no USER added: ')" ;;
	*) echo "DH105:$(echo "$line" | tag_after '')" ;;
	esac
}

split_of() {
	line=$(awk -F '\t' '$2 == "DH101" { print $3; exit }' "$1")
	case $line in
	'') if grep -q '	DH112	' "$1"; then
		echo "note	DH112"
	else
		echo "-	-"
	fi ;;
	*"build split"*) echo "rewrite	-" ;;
	*"left as is: "*) echo "note	$(echo "$line" | tag_after 'left as is: ')" ;;
	*) echo "note	$(echo "$line" | tag_after '')" ;;
	esac
}

survey_dockerfile() {
	dir=$1
	name=$(basename "$dir")
	df=$dir/Dockerfile
	"$bin" harden "$df" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	diags "$tmp/err" >"$tmp/d"
	# The columns read a copy without a UTF-8 byte order mark, which
	# docker build skips and which would hide a first-line FROM.
	sed "1s/^$bom//" "$df" >"$tmp/df"
	stages=$(grep -Eci '^[[:space:]]*FROM[[:space:]]' "$tmp/df")
	lang=$(language "$tmp/df")
	build=$(builds "$tmp/df")
	if [ "$rc" -ge 2 ]; then
		printf 'dockerfile\t%s\tbad-input\t-\t%s\t%s\t%s\t-\t-\t-\t-\t-\t%s\n' \
			"$name" "$stages" "$lang" "$build" "$(codes_of "$tmp/d")"
		return
	fi
	changed=no
	cmp -s "$df" "$tmp/out" || changed=yes
	uin=$(final_user "$tmp/df")
	uout=$(final_user "$tmp/out")
	if [ -z "$uout" ] || [ "$uout" = root ] || [ "$uout" = 0 ] || [ "${uout%%:*}" = 0 ]; then
		user=none
		reason=$(user_reason "$tmp/d")
	elif [ "$uin" = "$uout" ]; then
		user=kept
		reason=-
	elif [ -z "$uin" ]; then
		user=added
		reason=-
	else
		user=changed
		reason=-
	fi
	printf 'dockerfile\t%s\tok\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
		"$name" "$changed" "$stages" "$lang" "$build" "$user" "${uout:--}" \
		"$reason" "$(split_of "$tmp/d")" "$(codes_of "$tmp/d")"
	if [ -n "$keep" ]; then
		cp "$tmp/out" "$keep/$name.Dockerfile"
		cp "$tmp/err" "$keep/$name.stderr"
	fi
}

survey_manifest() {
	f=$1
	name=$(basename "$f")
	"$bin" patch "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	diags "$tmp/err" >"$tmp/d"
	if [ "$rc" -ge 2 ]; then
		printf 'manifest\t%s\tbad-input\t-\t-\t-\t-\t-\t-\t-\t%s\n' \
			"$name" "$(codes_of "$tmp/d")"
		return
	fi
	changed=no
	cmp -s "$f" "$tmp/out" || changed=yes
	if grep -Eq '^(services|version):' "$f"; then
		type=compose
		key='^[[:space:]]*user:'
	else
		type=kubernetes
		key='runAsUser:'
	fi
	uin=$(grep -c -- "$key" "$f")
	uout=$(grep -c -- "$key" "$tmp/out")
	roin=$(grep -Ec 'readOnlyRootFilesystem: true|read_only: true' "$f")
	roout=$(grep -Ec 'readOnlyRootFilesystem: true|read_only: true' "$tmp/out")
	n240=$(awk -F '\t' '$2 == "DH240"' "$tmp/d" | wc -l)
	n250=$(awk -F '\t' '$2 == "DH250"' "$tmp/d" | wc -l)
	printf 'manifest\t%s\tok\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
		"$name" "$changed" "$type" "$((uout - uin))" "$((roout - roin))" \
		"$n240" "$n250" "$(awk -F '\t' '$2 == "DH250" && $3 ~ /runAsUser|without user/' "$tmp/d" | wc -l)" \
		"$(codes_of "$tmp/d")"
	if [ -n "$keep" ]; then
		cp "$tmp/out" "$keep/$name.yaml"
		cp "$tmp/err" "$keep/$name.stderr"
	fi
}

: >"$rows"
if [ -d "$corpus/dockerfiles" ]; then
	for d in "$corpus"/dockerfiles/*/; do
		[ -f "$d/Dockerfile" ] || continue
		survey_dockerfile "${d%/}" >>"$rows"
	done
fi
if [ -d "$corpus/manifests" ]; then
	for f in "$corpus"/manifests/*; do
		[ -f "$f" ] || continue
		survey_manifest "$f" >>"$rows"
	done
fi

printf 'dockerfile\tname\tparse\tchanged\tstages\tlanguage\tbuilds\tuser\tuser_value\troot_reason\tsplit\tsplit_reason\tcodes\n'
grep '^dockerfile' "$rows"
printf 'manifest\tname\tparse\tchanged\ttype\trunAsUser_added\treadonly_added\tDH240\tDH250\tidentity_left\tcodes\n'
grep '^manifest' "$rows"

# Totals: one "total<TAB>what<TAB>count" line each.
awk -F '\t' '
function add(k) { t[k]++ }
$1 == "dockerfile" {
	add("dockerfiles"); add("dockerfiles parse " $3)
	if ($3 != "ok") next
	add("dockerfiles changed " $4)
	add("dockerfiles user " $8)
	if ($8 == "none") add("dockerfiles root reason " $10)
	single = ($5 == 1)
	if (single) {
		add("single-stage " $6)
		if ($7 == "yes") {
			add("single-stage builds " $6)
			add("single-stage builds")
			b[$6]++
			if ($11 == "rewrite") { add("split " $6); add("split"); sp[$6]++ }
			else if ($11 == "note") add("split note " $12)
			else add("split nothing-said " $6)
		}
	}
}
$1 == "manifest" {
	add("manifests"); add("manifests parse " $3)
	if ($3 != "ok") next
	add("manifests " $5); add("manifests changed " $4)
	u += $6; r += $7; i += $8; s += $9; l += $10
	n = split($11, c, ",")
	for (j = 1; j <= n; j++) {
		split(c[j], kv, ":"); if (kv[1] != "-") m[kv[1]] += kv[2]
		if (kv[1] != "-") f[kv[1]]++
	}
}
END {
	for (k in t) printf "total\t%s\t%d\n", k, t[k]
	for (k in b)
		printf "total\tsplit rate %s\t%d\tof %d (%d%%)\n", k, sp[k], b[k], 100 * sp[k] / b[k]
	printf "total\tmanifests runAsUser/user lines added\t%d\n", u
	printf "total\tmanifests read-only roots added\t%d\n", r
	printf "total\tmanifests DH240 findings\t%d\n", i
	printf "total\tmanifests DH250 findings\t%d\n", s
	printf "total\tmanifests containers left without user (DH250)\t%d\n", l
	for (k in m) printf "total\tmanifest finding %s (files)\t%d\t(findings %d)\n", k, f[k], m[k]
}' "$rows" | sort
