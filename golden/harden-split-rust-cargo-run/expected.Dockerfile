FROM rust:1.82-bookworm AS build
WORKDIR /usr/src/ledger
COPY Cargo.toml Cargo.lock ./
COPY src src
RUN cargo build --release --locked

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /usr/src/ledger/target/release/ledger-sync /usr/src/ledger/target/release/ledger-sync
WORKDIR /usr/src/ledger
USER 65532:65532
CMD ["/usr/src/ledger/target/release/ledger-sync", "--interval", "30"]
