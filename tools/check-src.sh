#!/bin/sh
# Fails when our C uses a banned call or declares a writable global or a
# function-level static variable (state belongs in context structs).
set -u
cd "$(dirname "$0")/.." || exit 3
set -- src/*/*.c transforms/*.c
status=0
banned='\b(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|strncpy)[[:space:]]*\('
if grep -nE "$banned" "$@"; then
	echo "check-src: banned call above" >&2
	status=1
fi
# File-scope or function-scope static data that is not const.
if grep -nE '^[[:space:]]*static[[:space:]]+[^(]*[=;][[:space:]]*$' "$@" |
	grep -vE 'static[[:space:]]+(const|inline)|static[[:space:]][^=]*\bconst\b|\(' ; then
	echo "check-src: writable static data above" >&2
	status=1
fi
[ $status -eq 0 ] && echo "check-src: no banned calls, no writable statics"
exit $status
