# A nobody-style user whose id only fits an unsigned 32-bit number.
FROM alpine:3.20
COPY agent /usr/local/bin/agent
USER 4294967294:4294967294
ENTRYPOINT ["/usr/local/bin/agent"]
