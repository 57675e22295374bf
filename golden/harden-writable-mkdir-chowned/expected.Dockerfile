FROM debian:bookworm-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
RUN mkdir -p /opt/ledger/logs /opt/ledger/uploads \
    && chown -R 10001:10001 /opt/ledger/logs /opt/ledger/uploads
USER 10001:10001
COPY build/ledger /opt/ledger/ledger
WORKDIR /opt/ledger
EXPOSE 8080
CMD ["/opt/ledger/ledger", "--log-dir", "/opt/ledger/logs"]
