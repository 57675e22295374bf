FROM debian:bookworm-slim

RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
RUN useradd reporter --uid 1200 --create-home --shell /usr/sbin/nologin
COPY reporter /usr/local/bin/reporter
USER reporter
CMD ["reporter", "--daily"]
