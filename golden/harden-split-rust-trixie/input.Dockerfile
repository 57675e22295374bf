FROM rust:1.86-slim-trixie
WORKDIR /build
COPY . .
RUN cargo build --release --bin metrics-relay
EXPOSE 9102
ENTRYPOINT ["/build/target/release/metrics-relay"]
