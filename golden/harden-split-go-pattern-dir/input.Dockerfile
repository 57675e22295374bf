FROM golang:1.22-bookworm

WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/ ./cmd/...

CMD ["/out/gateway"]
