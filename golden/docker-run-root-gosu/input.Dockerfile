FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends gosu \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home queue
COPY docker-entrypoint.sh /usr/local/bin/
COPY worker /usr/local/bin/worker
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["worker", "--queue", "/var/spool/queue"]
