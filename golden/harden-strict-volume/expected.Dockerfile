FROM debian:bookworm-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
USER 10001:10001
COPY bin/mailrelay /usr/local/bin/mailrelay
VOLUME /var/spool/mailrelay
EXPOSE 2525
CMD ["/usr/local/bin/mailrelay", "--spool", "/var/spool/mailrelay"]
