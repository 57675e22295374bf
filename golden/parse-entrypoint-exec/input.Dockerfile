FROM alpine
ENTRYPOINT ["/usr/bin/tini", "--", "app"]
