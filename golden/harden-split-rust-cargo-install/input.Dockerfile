FROM rust:1.78-bookworm

WORKDIR /usr/src/shortlink
COPY . .

RUN cargo install --path .

EXPOSE 8000
CMD ["shortlink"]
