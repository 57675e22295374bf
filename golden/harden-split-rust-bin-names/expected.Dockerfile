FROM rust:1.79-slim-bookworm AS build

WORKDIR /app
COPY Cargo.toml Cargo.lock ./
COPY src ./src
RUN cargo build --release --locked

ENV RUST_LOG=info

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /app/target/release/api-server /app/target/release/api-server
WORKDIR /app
ENV RUST_LOG=info
USER 65532:65532
EXPOSE 3000
ENTRYPOINT ["/app/target/release/api-server"]
