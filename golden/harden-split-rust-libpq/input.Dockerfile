FROM rust:1.77-bookworm

RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/blog
COPY . .
RUN cargo build --release

EXPOSE 8080
CMD ["./target/release/blog"]
