FROM rust:1.79-slim-bookworm

WORKDIR /app
COPY Cargo.toml Cargo.lock ./
COPY src ./src
RUN cargo build --release --locked

ENV RUST_LOG=info
EXPOSE 3000
ENTRYPOINT ["/app/target/release/api-server"]
