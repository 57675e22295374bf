FROM rust:1.77 AS build

RUN rustup target add x86_64-unknown-linux-musl
WORKDIR /usr/src/linkcheck
COPY Cargo.toml Cargo.lock ./
COPY src ./src
RUN cargo build --release --target x86_64-unknown-linux-musl


FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /usr/src/linkcheck/target/x86_64-unknown-linux-musl/release/linkcheck /usr/src/linkcheck/target/x86_64-unknown-linux-musl/release/linkcheck
WORKDIR /usr/src/linkcheck
USER 10001:10001
CMD ["./target/x86_64-unknown-linux-musl/release/linkcheck"]
