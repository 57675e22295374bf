# syntax=docker/dockerfile:1.7
FROM golang:1.22 AS build

WORKDIR /src
COPY . .
ENV CGO_ENABLED=0
RUN <<EOT
set -eu
go mod download
go build -o /out/notifier ./cmd/notifier
EOT


FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/notifier /out/notifier
WORKDIR /src
USER 10001:10001
CMD ["/out/notifier"]
