FROM golang:1.22

WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/events ./cmd/events
ENV GOMAXPROCS=2 \
    GOOGLE_CLOUD_PROJECT=shop-prod
ENV RUST_LOG=warn
CMD ["/usr/local/bin/events"]
