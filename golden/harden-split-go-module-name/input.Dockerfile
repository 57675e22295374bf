FROM golang:1.22-bookworm

ENV CGO_ENABLED=0
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -trimpath -ldflags="-s -w"

EXPOSE 8080
ENTRYPOINT ["./ledger"]
CMD ["serve"]
