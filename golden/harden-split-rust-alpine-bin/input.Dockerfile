FROM rust:1.80-alpine

RUN apk add --no-cache musl-dev
WORKDIR /build
COPY . .
RUN cargo build --release --bin queue-worker

CMD ["/build/target/release/queue-worker"]
