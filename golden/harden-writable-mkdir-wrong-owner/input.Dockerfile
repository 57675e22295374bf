FROM debian:bookworm-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
RUN mkdir -p /var/lib/tracker && chown 1000:1000 /var/lib/tracker
COPY tracker /usr/local/bin/tracker
CMD ["/usr/local/bin/tracker", "--state", "/var/lib/tracker"]
