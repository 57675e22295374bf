FROM golang:1.22 AS build

WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/events ./cmd/events
ENV GOMAXPROCS=2 \
    GOOGLE_CLOUD_PROJECT=shop-prod
ENV RUST_LOG=warn

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /usr/local/bin/events /usr/local/bin/events
WORKDIR /src
ENV GOMAXPROCS=2 \
    GOOGLE_CLOUD_PROJECT=shop-prod
ENV RUST_LOG=warn
USER 65532:65532
CMD ["/usr/local/bin/events"]
