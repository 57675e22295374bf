#!/bin/sh
set -e
# As the official image: hooks in /docker-entrypoint.d run before nginx only.
if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
	for f in /docker-entrypoint.d/*.sh; do
		if [ -x "$f" ]; then "$f"; fi
	done
fi
exec "$@"
