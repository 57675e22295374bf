FROM rust:latest

WORKDIR /code
COPY . .
RUN cargo build --release
USER 10001:10001

CMD ["./target/release/todo-api"]
