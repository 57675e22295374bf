#!/bin/sh
# The official redis entrypoint's contract: as root, for redis-server, own
# the working directory's files to redis and run again as redis; without a
# configuration file, protected mode is off so clients in the pod reach it.
set -eu
if [ "${1:-}" = redis-server ] && [ "$(id -u)" = 0 ]; then
	find . \! -user redis -exec chown redis '{}' +
	exec gosu redis "$0" "$@"
fi
if [ "${1:-}" = redis-server ]; then
	shift
	set -- redis-server --protected-mode no "$@"
fi
exec "$@"
