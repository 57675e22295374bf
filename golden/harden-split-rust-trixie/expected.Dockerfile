FROM rust:1.86-slim-trixie AS build
WORKDIR /build
COPY . .
RUN cargo build --release --bin metrics-relay

FROM debian:trixie-slim
COPY --from=build /build/target/release/metrics-relay /build/target/release/metrics-relay
WORKDIR /build
USER 10001:10001
EXPOSE 9102
ENTRYPOINT ["/build/target/release/metrics-relay"]
