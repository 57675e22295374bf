FROM rust:1.75
WORKDIR /usr/src/app
COPY . .
RUN cargo build --release
EXPOSE 8000
CMD ["cargo", "run", "--release"]
