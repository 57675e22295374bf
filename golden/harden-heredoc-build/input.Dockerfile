# syntax=docker/dockerfile:1.7
FROM golang:1.22

WORKDIR /src
COPY . .
RUN <<EOT
set -eu
go mod download
go build -o /out/notifier ./cmd/notifier
EOT

CMD ["/out/notifier"]
