FROM alpine:3.19
RUN apk add --no-cache ca-certificates tzdata
COPY watchtower /watchtower
ENTRYPOINT ["/watchtower"]
