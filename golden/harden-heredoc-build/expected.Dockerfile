# syntax=docker/dockerfile:1.7
FROM golang:1.22 AS build

WORKDIR /src
COPY . .
RUN <<EOT
set -eu
go mod download
go build -o /out/notifier ./cmd/notifier
EOT


FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /out/notifier /out/notifier
WORKDIR /src
USER 65532:65532
CMD ["/out/notifier"]
