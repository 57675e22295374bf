FROM alpine:3.20

RUN apk add --no-cache tini su-exec \
    && adduser -D -u 1000 mosquitto
COPY docker/ /usr/local/bin/
COPY mosquitto /usr/sbin/mosquitto
VOLUME ["/mosquitto/data"]
ENTRYPOINT ["/sbin/tini", "--", "docker-entrypoint.sh"]
CMD ["/usr/sbin/mosquitto", "-c", "/mosquitto/config/mosquitto.conf"]
