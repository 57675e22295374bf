# The release image of the billing worker.
FROM debian:bookworm-slim
RUNN apt-get update && apt-get install -y --no-install-recommends ca-certificates
  copy   bin/billing-worker /usr/local/bin/
Workdir /srv
entrypoint ["/usr/local/bin/billing-worker"]
