#!/bin/sh
# The main job on the bundled legacy example: harden the Dockerfile and
# derive the matching Kubernetes and docker run settings from it.
set -u
bin=${1:-build/dockharden}
ex=examples/legacy-go/Dockerfile
echo "== dockharden harden $ex (changes on stderr)"
"$bin" harden "$ex"
st=$?
[ "$st" -le 1 ] || exit "$st"
echo
echo "== dockharden harden -d $ex"
"$bin" harden -q -d "$ex"
echo
echo "== dockharden k8s --as=pod --name=api --image=registry.example/api:1.0 $ex"
"$bin" k8s --as=pod --name=api --image=registry.example/api:1.0 "$ex" || exit $?
echo
echo "== dockharden docker-run --image=registry.example/api:1.0 $ex"
"$bin" docker-run --image=registry.example/api:1.0 "$ex" || exit $?
exit 0
