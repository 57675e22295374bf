FROM rust:latest AS build

WORKDIR /code
COPY . .
RUN cargo build --release


FROM debian:stable-slim
COPY --from=build /code/target/release/todo-api /code/target/release/todo-api
WORKDIR /code
USER 10001:10001
CMD ["./target/release/todo-api"]
