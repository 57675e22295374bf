FROM golang:1.21-alpine

RUN apk add --no-cache git ca-certificates
WORKDIR /app
COPY go.* ./
RUN go mod download
COPY . .
RUN go build -o bin/ ./cmd/shortener

EXPOSE 3000
CMD ["./bin/shortener"]
