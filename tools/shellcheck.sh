#!/bin/sh
# Runs shellcheck over every shell script of the project: tools/, tests/,
# .ci/run and the bash completion. In CI (CI=true) a missing shellcheck
# fails; elsewhere it is skipped with a word.
set -u
cd "$(dirname "$0")/.." || exit 3
if ! command -v shellcheck >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		echo "shellcheck: not installed (tools/deps.sh installs it): failed" >&2
		exit 1
	fi
	echo "shellcheck: not installed, skipped"
	exit 0
fi
scripts=$(find tools tests .ci -type f \( -name '*.sh' -o -path .ci/run \) \
	-not -path 'tests/fuzz/corpus/*' -not -path 'tests/fuzz/regressions/*' | sort)
# shellcheck disable=SC2086 # the list holds our own paths, without spaces
shellcheck $scripts || exit 1
shellcheck -s bash completions/dockharden.bash || exit 1
echo "shellcheck: $(echo "$scripts" | wc -l) scripts and the completion clean"
