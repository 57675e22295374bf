#!/bin/sh
# Sourced by the editor tests (nvim.sh, vim_ale.sh, emacs_lsp.sh): what each
# of them does the same way. The callers set passed=0 and failed=0.

# shellcheck source=tests/docs_block.sh
. "$(dirname "$0")/../docs_block.sh"

# editor_skip NAME REASON: the editor is missing: a failure under CI=true,
# else "NAME: 0 passed, 0 failed" after the reason.
editor_skip() {
	echo "$1: SKIPPED: $2"
	if [ "${CI:-}" = true ]; then
		echo "$1: 0 passed, 1 failed"
		exit 1
	fi
	echo "$1: 0 passed, 0 failed"
	exit 0
}

# editor_result NAME STATUS LOG FILE WANT: one case's verdict, counted: the
# editor exited with STATUS 0 and wrote FILE equal to WANT.
editor_result() {
	if [ "$2" -eq 0 ] && cmp -s "$4" "$5"; then
		echo "ok $1: $(grep '^applied' "$3")"
		sed -n -e 's/^diagnostic: /    &/p' -e 's/^location list: /    &/p' \
			-e 's/^actions at /    &/p' "$3"
		passed=$((passed + 1))
	else
		echo "FAIL $1"
		sed 's/^/    /' "$3" 2>/dev/null
		diff -u "$5" "$4" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

# editor_fixtures DIR BIN: the two documents each editor opens, and what
# the command line makes of them, which the file an editor writes must
# equal:
#   DIR/dockerfile/Dockerfile (and app.py), DIR/dockerfile.want (harden | fmt)
#   DIR/manifest/deployment.yaml, DIR/manifest.want (patch)
editor_fixtures() {
	mkdir -p "$1/dockerfile" "$1/manifest"
	cat >"$1/dockerfile/Dockerfile" <<'DOCKERFILE'
from python:3.11-slim
WORKDIR /srv
COPY app.py .
EXPOSE 8000
CMD ["python3", "app.py"]
DOCKERFILE
	printf 'print("ok")\n' >"$1/dockerfile/app.py"
	(cd "$1/dockerfile" && "$2" harden Dockerfile 2>/dev/null | "$2" fmt -) >"$1/dockerfile.want"

	cat >"$1/manifest/deployment.yaml" <<'MANIFEST'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing
spec:
  selector:
    matchLabels:
      app: billing
  template:
    metadata:
      labels:
        app: billing
    spec:
      containers:
      - name: billing
        image: registry.example/billing:4.2
        ports:
        - containerPort: 8080
MANIFEST
	(cd "$1/manifest" && "$2" patch deployment.yaml 2>/dev/null) >"$1/manifest.want"
}
