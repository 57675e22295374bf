#!/bin/sh
# Sourced by the editor tests (nvim.sh, vim_ale.sh, emacs_lsp.sh): the two
# documents each editor opens, and what the command line makes of them,
# which the file an editor writes must equal.
# usage: editor_fixtures DIR BIN
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
