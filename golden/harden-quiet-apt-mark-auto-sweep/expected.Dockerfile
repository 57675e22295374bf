FROM debian:bookworm-slim
ENV TINYPROXY_VERSION=1.11.2
RUN set -eux; \
    savedAptMark="$(apt-mark showmanual)"; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates curl gcc make libc6-dev; \
    curl -fsSL "https://github.com/tinyproxy/tinyproxy/releases/download/${TINYPROXY_VERSION}/tinyproxy-${TINYPROXY_VERSION}.tar.gz" | tar -xz -C /usr/src; \
    cd "/usr/src/tinyproxy-${TINYPROXY_VERSION}"; \
    ./configure --prefix=/usr/local; \
    make -j"$(nproc)"; \
    make install; \
    apt-mark auto '.*' > /dev/null; \
    [ -z "$savedAptMark" ] || apt-mark manual $savedAptMark; \
    apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \
    rm -rf /var/lib/apt/lists/* /usr/src/tinyproxy-*
USER 10001:10001
EXPOSE 8888
CMD ["tinyproxy", "-d"]
