#!/bin/sh
# SPDX-License-Identifier: MIT
# Hostile input generator for tests/pathological.sh (and for reproducing a
# case by hand): writes one deterministic input to standard output.
#
# Usage: sh tests/hostile/gen.sh CASE [N] > FILE
#   sh tests/hostile/gen.sh list      prints the case names
# Every case is generated with printf, awk and head -c only (no python), so
# nothing large is ever committed. N is the size (lines, bytes, levels or
# documents, see each case); cases without N ignore it.
# POSIX sh (dash).

LC_ALL=C
export LC_ALL

# --- Dockerfiles ---

# Empty file.
gen_empty() {
	:
}

# A UTF-8 byte order mark and nothing else.
gen_bomonly() {
	printf '\357\273\277'
}

# A NUL byte inside an instruction.
gen_nul() {
	printf 'FROM x\nRUN echo a\000b\n'
}

# Invalid UTF-8: stray bytes, an overlong form, a surrogate, a cut sequence.
gen_badutf8() {
	printf 'FROM x\nRUN echo \377\376 \300\200 \355\240\200 \342\202\n'
}

# N bytes from a Park-Miller generator (fixed seed), biased towards
# Dockerfile syntax: newlines, backslashes, quotes, brackets, "<<EOF",
# keywords and the escape directive; the rest are any byte 0-255.
gen_random() {
	awk -v n="${1:-100000}" 'BEGIN {
		x = 12345
		c = 0
		while (c < n) {
			x = (x * 16807) % 2147483647
			r = x % 64
			if (r < 6) {
				s = "\n"
			} else if (r < 9) {
				s = "\\"
			} else if (r < 11) {
				s = "\""
			} else if (r < 13) {
				s = "["
			} else if (r < 14) {
				s = "<<EOF"
			} else if (r < 15) {
				s = "\nRUN "
			} else if (r < 16) {
				s = "\nEOF\n"
			} else if (r < 17) {
				s = "\n# escape=`\n"
			} else if (r < 20) {
				s = " "
			} else {
				s = sprintf("%c", int(x / 64) % 256)
			}
			printf "%s", s
			c += length(s)
		}
	}'
}

# One RUN line of N bytes.
gen_longline() {
	printf 'FROM x\nRUN echo '
	head -c "${1:-2000000}" /dev/zero | tr '\0' a
	printf '\n'
}

# A line of 17 MiB (N bytes), over the 16 MiB line limit.
gen_hugeline() {
	printf 'FROM x\nRUN echo '
	head -c "${1:-17825792}" /dev/zero | tr '\0' a
	printf '\n'
}

# N lines "RUN a \" joined into one instruction.
gen_continuations() {
	awk -v n="${1:-200000}" 'BEGIN {
		print "FROM x"
		for (i = 0; i < n; i++)
			print "RUN a \\"
		print "RUN done"
	}'
}

# N continuation lines each holding only a comment or nothing.
gen_blankcont() {
	awk -v n="${1:-200000}" 'BEGIN {
		print "FROM x"
		print "RUN a \\"
		for (i = 0; i < n; i++)
			print (i % 2 ? "# c" : "")
		print "  b"
	}'
}

# N small RUN heredoc instructions.
gen_heredocs() {
	awk -v n="${1:-50000}" 'BEGIN {
		print "FROM x"
		for (i = 1; i <= n; i++)
			printf "RUN <<E%d\necho %d\nE%d\n", i, i, i
	}'
}

# A heredoc that never ends (near misses for the terminator).
gen_unterminated() {
	printf 'FROM x\nRUN <<EOF\necho never ends\nEO\n EOF\nEOF \n'
}

# A heredoc that never ends, with N body lines after it.
gen_unterminated_long() {
	awk -v n="${1:-200000}" 'BEGIN {
		print "FROM x"
		print "RUN <<EOF"
		for (i = 0; i < n; i++)
			printf "RUN echo %d <<EOF\n", i
	}'
}

# CMD followed by N "[" (not JSON: shell form).
gen_brackets() {
	printf 'FROM x\nCMD '
	head -c "${1:-100000}" /dev/zero | tr '\0' '['
	printf '\n'
}

# N stages "FROM x AS sN".
gen_stages() {
	awk -v n="${1:-20000}" 'BEGIN {
		for (i = 1; i <= n; i++)
			printf "FROM x AS s%d\n", i
	}'
}

# N stages, each after the first built on the previous one.
gen_stages_chain() {
	awk -v n="${1:-20000}" 'BEGIN {
		print "FROM x AS s1"
		for (i = 2; i <= n; i++)
			printf "FROM s%d AS s%d\n", i - 1, i
	}'
}

# N stages "FROM debian:12 AS sN", each copying from the previous one.
gen_stages_copy() {
	awk -v n="${1:-20000}" 'BEGIN {
		for (i = 1; i <= n; i++) {
			printf "FROM debian:12 AS s%d\n", i
			if (i > 1)
				printf "COPY --from=s%d /a /a\n", i - 1
		}
	}'
}

# N instructions in one stage, cycling through the instruction kinds the
# passes look at (users, packages, ports, copies, variables).
gen_instructions() {
	awk -v n="${1:-100000}" 'BEGIN {
		print "FROM debian:12"
		for (i = 0; i < n; i++) {
			k = i % 10
			if (k == 0)
				printf "RUN apt-get install -y curl%d\n", i
			else if (k == 1)
				printf "ENV V%d=v%d\n", i, i
			else if (k == 2)
				printf "COPY f%d /app/f%d\n", i, i
			else if (k == 3)
				printf "USER u%d\n", i
			else if (k == 4)
				printf "WORKDIR /w%d\n", i
			else if (k == 5)
				printf "EXPOSE %d\n", 1000 + i % 60000
			else if (k == 6)
				printf "LABEL l%d=v\n", i
			else if (k == 7)
				printf "ARG A%d=1\n", i
			else if (k == 8)
				printf "RUN echo $V%d > /tmp/x\n", i - 7
			else
				printf "USER root\n"
		}
		print "CMD [\"app\"]"
	}'
}

# A run of N NUL bytes in one RUN line.
gen_nulrun() {
	printf 'FROM x\nRUN echo '
	head -c "${1:-80000}" /dev/zero
	printf '\n'
}

# N uniform pseudo-random bytes (fixed seed), every value 0-255.
gen_binary() {
	gen_yaml_binary "${1:-100000}"
}

# An ENV with no value whose name is N bytes: the error quotes it.
gen_longerror() {
	printf 'FROM x\nENV '
	head -c "${1:-2000000}" /dev/zero | tr '\0' a
	printf '\n'
}

# Terminal control sequences (OSC title, colour, BEL) quoted by an error:
# no diagnostic may print them raw.
gen_ctrl() {
	printf 'FROM x\nENV \033]0;pwned\007\033[2J\n'
}

# The same in a valid file, quoted by warnings (image name, user).
gen_ctrl_warn() {
	printf 'FROM x\033]0;pwned\007\033[2J\nUSER \033[31mroot\007\n'
	printf 'RUN apt-get install -y \033[31mred\007\n'
}

# --- YAML (patch) ---

# Block sequences nested N deep on one line ("- - - ... x"): linear size.
gen_yaml_deep_block() {
	awk -v n="${1:-50000}" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "- "
		print "x"
	}'
}

# Flow sequences and mappings nested N deep: [{a: [{a: ... }]}].
gen_yaml_deep_flow() {
	awk -v n="${1:-50000}" 'BEGIN {
		for (i = 0; i < n; i++)
			printf (i % 2 ? "{a: " : "[")
		printf "x"
		for (i = n - 1; i >= 0; i--)
			printf (i % 2 ? "}" : "]")
		print ""
	}'
}

# "Billion laughs" in a Pod: N levels of anchors, each a list referencing
# the previous level 10 times (10^N leaves if expanded), and the last
# level aliased where the patcher looks (volumes, env, volumeMounts).
gen_yaml_bomb() {
	awk -v n="${1:-10}" 'BEGIN {
		print "apiVersion: v1"
		print "kind: Pod"
		print "metadata:"
		print "  name: lol"
		print "  annotations:"
		printf "    l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
		for (i = 1; i < n; i++) {
			printf "    l%d: &l%d [", i, i
			for (j = 0; j < 10; j++)
				printf "%s*l%d", (j ? ", " : ""), i - 1
			print "]"
		}
		print "spec:"
		printf "  volumes: *l%d\n", n - 1
		print "  containers:"
		print "  - name: app"
		print "    image: nginx"
		printf "    env: *l%d\n", n - 1
		printf "    volumeMounts: *l%d\n", n - 1
		printf "    args: *l%d\n", n - 1
	}'
}

# The classic billion laughs: 10 levels of 10, plain mapping, N levels.
gen_yaml_laughs() {
	awk -v n="${1:-10}" 'BEGIN {
		print "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"
		for (i = 1; i < n; i++) {
			printf "a%d: &a%d [", i, i
			for (j = 0; j < 10; j++)
				printf "%s*a%d", (j ? ", " : ""), i - 1
			print "]"
		}
	}'
}

# N documents, each a small Pod.
gen_yaml_docs() {
	awk -v n="${1:-20000}" 'BEGIN {
		for (i = 1; i <= n; i++) {
			print "---"
			print "apiVersion: v1"
			print "kind: Pod"
			print "metadata:"
			printf "  name: p%d\n", i
			print "spec:"
			print "  containers:"
			print "  - name: app"
			print "    image: nginx:1.27"
		}
	}'
}

# Tabs in indentation (invalid YAML).
gen_yaml_tabs() {
	printf 'apiVersion: v1\nkind: Pod\nspec:\n\tcontainers:\n\t- name: a\n'
}

# N binary bytes (fixed seed), every byte value 0-255.
gen_yaml_binary() {
	awk -v n="${1:-100000}" 'BEGIN {
		x = 4711
		for (c = 0; c < n; c++) {
			x = (x * 16807) % 2147483647
			printf "%c", int(x / 256) % 256
		}
	}'
}

# A Pod whose image annotation is one plain scalar of N bytes.
gen_yaml_scalar() {
	printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\n'
	printf '  annotations:\n    big: '
	head -c "${1:-2000000}" /dev/zero | tr '\0' a
	printf '\nspec:\n  containers:\n  - name: app\n    image: nginx\n'
}

# Only comments.
gen_yaml_comments() {
	printf '# nothing here\n#\n   # still nothing\n'
}

# A Helm template.
gen_yaml_helm() {
	cat <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          {{- with .Values.securityContext }}
          securityContext:
            {{- toYaml . | nindent 12 }}
          {{- end }}
EOF
}

if [ $# -lt 1 ]; then
	echo "usage: $0 CASE [N] | list" >&2
	exit 3
fi
if [ "$1" = list ]; then
	sed -n 's/^gen_\([a-z0-9_]*\)() {$/\1/p' "$0" | tr _ -
	exit 0
fi
g=gen_$(printf '%s' "$1" | tr - _)
case $g in
*[!a-z0-9_]*)
	echo "$0: bad case name: $1" >&2
	exit 3
	;;
esac
if ! command -v "$g" >/dev/null 2>&1; then
	echo "$0: no such case: $1" >&2
	exit 3
fi
shift
"$g" "$@"
