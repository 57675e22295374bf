#!/bin/sh
set -e
python3 -m app.migrate --check
exec "$@"
