FROM rust:1.77

RUN rustup target add x86_64-unknown-linux-musl
WORKDIR /usr/src/linkcheck
COPY Cargo.toml Cargo.lock ./
COPY src ./src
RUN cargo build --release --target x86_64-unknown-linux-musl

CMD ["./target/x86_64-unknown-linux-musl/release/linkcheck"]
