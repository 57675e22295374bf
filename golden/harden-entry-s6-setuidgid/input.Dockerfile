FROM alpine:3.20

RUN apk add --no-cache s6 \
    && addgroup -g 1500 relay && adduser -D -u 1500 -G relay relay
COPY services/ /etc/services.d/
COPY bin/relay-start /usr/local/bin/relay-start
CMD ["/usr/local/bin/relay-start"]
