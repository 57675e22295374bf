#!/bin/sh
# Runs build/valgrind/dockharden (linked dynamically, so memcheck sees
# every malloc and free) under valgrind memcheck: any invalid access or leak
# fails the run with status 99, which the golden runner reports as a failure
# (it expects 0-3). Used by `make valgrind`.
here=$(cd "$(dirname "$0")/.." && pwd)
exec valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect \
	"$here/build/valgrind/dockharden" "$@"
