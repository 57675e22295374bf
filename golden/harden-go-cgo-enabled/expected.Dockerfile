FROM golang:1.22

RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .
ENV CGO_ENABLED=1
RUN go build -o /out/inventory ./cmd/inventory
USER 10001:10001

EXPOSE 9000
CMD ["/out/inventory"]
