#!/bin/sh
set -eu
exec /opt/hooks/run --target "$WEBHOOK_URL"
