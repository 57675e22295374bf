FROM alpine:3.20

RUN apk add --no-cache wireguard-tools iptables iproute2
COPY gateway/ /usr/local/bin/
ENTRYPOINT ["/sbin/tini", "--", "gateway-up.sh"]
