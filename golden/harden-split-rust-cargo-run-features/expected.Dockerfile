FROM rust:1.82-bookworm
WORKDIR /usr/src/ledger
COPY Cargo.toml Cargo.lock ./
COPY src src
RUN cargo build --release
# the run turns on a feature the build left off, so cargo builds again
CMD ["cargo", "run", "--release", "--features", "metrics"]
