#!/bin/sh
set -e
# The spool is often a fresh volume owned by root: fix it, then drop to the
# worker account for the real process.
mkdir -p /var/spool/jobs
chown -R worker:worker /var/spool/jobs
exec gosu worker "$@"
