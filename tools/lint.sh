#!/bin/sh
# Static analysis: cppcheck over our sources, and clang-tidy's analyzer
# checks when it is installed. Generated files need `make` first.
set -u
cd "$(dirname "$0")/.." || exit 3
make -s all >/dev/null || exit 3
status=0
if command -v cppcheck >/dev/null 2>&1; then
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--inline-suppr -Iinclude -Isrc -Ibuild/gen \
		--suppress=missingIncludeSystem src transforms || status=1
else
	echo "lint: cppcheck not installed, skipped"
fi
if command -v clang-tidy >/dev/null 2>&1; then
	for f in src/*/*.c transforms/*.c; do
		clang-tidy --quiet -checks='-*,clang-analyzer-*,-clang-analyzer-security.insecureAPI.*' \
			--warnings-as-errors='clang-analyzer-*' "$f" -- \
			-std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc \
			-Ibuild/gen 2>/dev/null || status=1
	done
else
	echo "lint: clang-tidy not installed, skipped"
fi
[ $status -eq 0 ] && echo "lint: clean"
exit $status
