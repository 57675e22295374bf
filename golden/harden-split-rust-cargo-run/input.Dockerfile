FROM rust:1.82-bookworm
WORKDIR /usr/src/ledger
COPY Cargo.toml Cargo.lock ./
COPY src src
RUN cargo build --release --locked
CMD ["cargo", "run", "--release", "--", "--interval", "30"]
