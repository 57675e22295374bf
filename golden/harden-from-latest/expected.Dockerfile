FROM alpine:latest

RUN apk add --no-cache tini
USER 10001:10001
COPY healthd /usr/local/bin/healthd
ENTRYPOINT ["/sbin/tini", "--"]
CMD ["/usr/local/bin/healthd"]
