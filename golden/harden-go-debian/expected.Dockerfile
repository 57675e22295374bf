# syntax=docker/dockerfile:1
# Build and run the orders API in one image (legacy setup).
FROM golang:1.22 AS build


WORKDIR /go/src/orders
COPY go.mod go.sum ./
RUN go mod download

COPY . .
RUN go build -ldflags="-s -w" -o /usr/local/bin/orders ./cmd/orders

ENV PORT=8080 \
    GIN_MODE=release

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /usr/local/bin/orders /usr/local/bin/orders
WORKDIR /go/src/orders
ENV PORT=8080 \
    GIN_MODE=release
USER 65532:65532
LABEL org.opencontainers.image.source="https://git.example.com/shop/orders"
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/orders"]
CMD ["--config", "/etc/orders/config.yaml"]
