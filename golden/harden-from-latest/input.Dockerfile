FROM alpine:latest

RUN apk add --no-cache tini
COPY healthd /usr/local/bin/healthd
ENTRYPOINT ["/sbin/tini", "--"]
CMD ["/usr/local/bin/healthd"]
