FROM alpine:3.20
RUN apk add --no-cache docker-cli bash
COPY prune.sh /usr/local/bin/prune.sh
ENTRYPOINT ["docker"]
CMD ["system", "prune", "-f"]
