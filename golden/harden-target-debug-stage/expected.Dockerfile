FROM rust:1.79 AS builder
WORKDIR /usr/src/queue
COPY . .
RUN cargo build --release

FROM debian:bookworm-slim AS debug
RUN apt-get update \
    && apt-get install -y --no-install-recommends gdb strace \
    && rm -rf /var/lib/apt/lists/*
COPY --from=builder /usr/src/queue/target/release/queue /usr/local/bin/queue
ENTRYPOINT ["gdb", "--args", "/usr/local/bin/queue"]

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=builder /usr/src/queue/target/release/queue /usr/local/bin/queue
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/queue"]
