FROM alpine
VOLUME ["/data", "/var/log"]
