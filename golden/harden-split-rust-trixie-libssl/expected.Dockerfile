FROM rust:1.86-trixie
RUN apt-get update && apt-get install -y --no-install-recommends pkg-config libssl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY . .
RUN cargo build --release --bin feed-poller
USER 10001:10001
CMD ["/build/target/release/feed-poller"]
