FROM golang:1.22 AS build

WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/indexer ./cmd/indexer
RUN mkdir -p /var/lib/indexer && chmod 0700 /var/lib/indexer

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /usr/local/bin/indexer /usr/local/bin/indexer
WORKDIR /src
COPY --from=build --chown=65532:65532 /var/lib/indexer /var/lib/indexer
USER 65532:65532
CMD ["/usr/local/bin/indexer"]
