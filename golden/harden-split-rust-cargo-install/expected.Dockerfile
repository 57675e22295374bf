FROM rust:1.78-bookworm AS build

WORKDIR /usr/src/shortlink
COPY . .

RUN cargo install --path .


FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /usr/local/cargo/bin/shortlink /usr/local/cargo/bin/shortlink
WORKDIR /usr/src/shortlink
USER 65532:65532
EXPOSE 8000
CMD ["/usr/local/cargo/bin/shortlink"]
