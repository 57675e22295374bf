#!/bin/sh
set -e
mkdir -p /var/spool/queue
chown -R queue:queue /var/spool/queue
exec gosu queue "$@"
