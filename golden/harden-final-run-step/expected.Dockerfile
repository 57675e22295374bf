FROM golang:1.22 AS build

WORKDIR /src
COPY . .
ENV CGO_ENABLED=0
RUN go build -o /usr/local/bin/indexer ./cmd/indexer
RUN mkdir -p /var/lib/indexer && chmod 0700 /var/lib/indexer

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /usr/local/bin/indexer /usr/local/bin/indexer
WORKDIR /src
COPY --from=build --chown=10001:10001 /var/lib/indexer /var/lib/indexer
USER 10001:10001
CMD ["/usr/local/bin/indexer"]
