FROM golang:1.22

WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/indexer ./cmd/indexer
RUN mkdir -p /var/lib/indexer && chmod 0700 /var/lib/indexer
CMD ["/usr/local/bin/indexer"]
