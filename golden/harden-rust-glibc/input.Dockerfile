FROM rust:1.77-bookworm

WORKDIR /usr/src/metrics
COPY . .
RUN cargo build --release

ENV RUST_LOG=info
EXPOSE 9100
ENTRYPOINT ["/usr/src/metrics/target/release/metrics-exporter"]
