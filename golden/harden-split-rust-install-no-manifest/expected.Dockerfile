FROM rust:1.78

WORKDIR /usr/src/app
COPY . .
RUN cargo install --path . --locked
USER 10001:10001

CMD ["pastebin"]
