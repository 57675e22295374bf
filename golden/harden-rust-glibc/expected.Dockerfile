FROM rust:1.77-bookworm AS build

WORKDIR /usr/src/metrics
COPY . .
RUN cargo build --release

ENV RUST_LOG=info

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /usr/src/metrics/target/release/metrics-exporter /usr/src/metrics/target/release/metrics-exporter
WORKDIR /usr/src/metrics
ENV RUST_LOG=info
USER 65532:65532
EXPOSE 9100
ENTRYPOINT ["/usr/src/metrics/target/release/metrics-exporter"]
