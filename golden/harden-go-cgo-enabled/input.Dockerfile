FROM golang:1.22

RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .
ENV CGO_ENABLED=1
RUN go build -o /out/inventory ./cmd/inventory

EXPOSE 9000
CMD ["/out/inventory"]
