FROM alpine:3.20
RUN apk add --no-cache --virtual .run-deps curl jq \
    && apk add --no-cache --virtual .build-deps git \
    && git clone --depth 1 https://github.com/example/hooks /opt/hooks \
    && apk del .build-deps
RUN apk add --no-cache wget
RUN apk del wget
USER 10001:10001
COPY notify.sh /usr/local/bin/notify.sh
CMD ["/usr/local/bin/notify.sh"]
