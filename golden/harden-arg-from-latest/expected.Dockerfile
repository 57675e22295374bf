ARG BASE=alpine:latest
FROM ${BASE}
COPY exporter /usr/local/bin/exporter
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/exporter"]
