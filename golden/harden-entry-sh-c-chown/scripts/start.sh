#!/bin/sh
set -e
chown -R node:node /app/uploads
exec setpriv --reuid=node --regid=node --init-groups node server.js
