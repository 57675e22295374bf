FROM golang:1.22 AS build

WORKDIR /src
COPY . .
ENV CGO_ENABLED=0
RUN go build -o /usr/local/bin/events ./cmd/events
ENV GOMAXPROCS=2 \
    GOOGLE_CLOUD_PROJECT=shop-prod
ENV RUST_LOG=warn

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /usr/local/bin/events /usr/local/bin/events
WORKDIR /src
ENV GOMAXPROCS=2 \
    GOOGLE_CLOUD_PROJECT=shop-prod
ENV RUST_LOG=warn
USER 10001:10001
CMD ["/usr/local/bin/events"]
