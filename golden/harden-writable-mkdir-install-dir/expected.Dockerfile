FROM alpine:3.20

RUN apk add --no-cache ca-certificates tzdata
RUN mkdir -p /opt/exporter/bin
USER 10001:10001
COPY exporter /opt/exporter/bin/exporter
EXPOSE 9115
ENTRYPOINT ["/opt/exporter/bin/exporter"]
