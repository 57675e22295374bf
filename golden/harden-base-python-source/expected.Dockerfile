FROM debian:bookworm-slim

ENV PYTHON_VERSION=3.12.7
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates curl gcc make libssl-dev zlib1g-dev; \
    curl -fsSL "https://www.python.org/ftp/python/$PYTHON_VERSION/Python-$PYTHON_VERSION.tgz" | tar -xz -C /usr/src; \
    cd "/usr/src/Python-$PYTHON_VERSION"; \
    ./configure --enable-optimizations; \
    make -j"$(nproc)"; \
    make install; \
    rm -rf /usr/src/Python-* /var/lib/apt/lists/*
CMD ["python3"]
