#!/bin/sh
set -e
# As the official image: an argument list starting with a flag, or naming no
# command, is handed to node.
if [ "${1#-}" != "$1" ] || ! command -v "$1" >/dev/null 2>&1; then
	set -- node "$@"
fi
exec "$@"
