#!/bin/sh
set -e
if [ "$(id -u)" = 0 ]; then
	chown -R mosquitto:mosquitto /mosquitto/data
	exec su-exec mosquitto "$@"
fi
exec "$@"
