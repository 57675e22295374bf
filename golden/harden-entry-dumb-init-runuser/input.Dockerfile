FROM debian:bookworm-slim

RUN apt-get update && apt-get install -y --no-install-recommends dumb-init \
    && rm -rf /var/lib/apt/lists/* \
    && useradd -r -u 999 indexer
COPY . /
ENTRYPOINT ["dumb-init", "--", "bash", "/run.sh"]
