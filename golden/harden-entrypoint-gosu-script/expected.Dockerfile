FROM debian:bookworm-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=tianon/gosu:1.17 /gosu /usr/local/bin/gosu
RUN groupadd -r app && useradd -r -g app app
COPY app /usr/local/bin/app
COPY docker-entrypoint.sh /usr/local/bin/
RUN chmod +x /usr/local/bin/docker-entrypoint.sh
VOLUME /data
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["app", "serve"]
