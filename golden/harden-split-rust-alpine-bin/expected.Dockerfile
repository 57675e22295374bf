FROM rust:1.80-alpine AS build

RUN apk add --no-cache musl-dev
WORKDIR /build
COPY . .
RUN cargo build --release --bin queue-worker


FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /build/target/release/queue-worker /build/target/release/queue-worker
WORKDIR /build
USER 10001:10001
CMD ["/build/target/release/queue-worker"]
