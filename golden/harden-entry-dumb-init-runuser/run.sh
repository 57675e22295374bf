#!/bin/bash
set -euo pipefail
mkdir -p /var/lib/indexer
exec runuser -u indexer -- /usr/local/bin/indexer --data /var/lib/indexer
