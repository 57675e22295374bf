#!/bin/sh
# Static analysis: the layer include check, cppcheck over our sources and
# clang-tidy's analyzer checks, one file per job on every core. On a
# developer's machine a missing checker is skipped with a word; in CI
# (CI=true) it is a failure naming the checker.
set -u
cd "$(dirname "$0")/.." || exit 3
make -s all >/dev/null || exit 3
status=0

missing() {
	if [ "${CI:-}" = true ]; then
		echo "lint: $1 is not installed (tools/deps.sh installs it): failed" >&2
		status=1
	else
		echo "lint: $1 not installed, skipped"
	fi
}

sh tools/check-layers.sh || status=1

if command -v cppcheck >/dev/null 2>&1; then
	# missingIncludeSystem: cppcheck is not given the system include path,
	# on purpose (it would analyse libc's headers too).
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		-j "$(nproc)" --inline-suppr -Iinclude -Isrc -Ibuild/gen \
		--suppress=missingIncludeSystem src transforms || status=1
else
	missing cppcheck
fi

if command -v clang-tidy >/dev/null 2>&1; then
	# One clang-tidy a file, as many at once as there are cores; xargs
	# exits non-zero when any of them found something.
	# shellcheck disable=SC2016 # single quotes intended: the inner sh expands $1
	find src transforms -name '*.c' -print0 | xargs -0 -P "$(nproc)" -n 1 sh -c \
		'clang-tidy --quiet -checks="-*,clang-analyzer-*,-clang-analyzer-security.insecureAPI.*" \
			--warnings-as-errors="clang-analyzer-*" "$1" -- \
			-std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc \
			-Ibuild/gen 2>/dev/null' sh || status=1
else
	missing clang-tidy
fi
[ $status -eq 0 ] && echo "lint: clean"
exit $status
