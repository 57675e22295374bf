FROM alpine:3.20

RUN apk add --no-cache ca-certificates
COPY --chmod=700 bin/backup-agent /usr/local/bin/backup-agent
ENTRYPOINT ["/usr/local/bin/backup-agent"]
CMD ["--interval", "1h"]
