FROM golang:1.21-alpine AS build

RUN apk add --no-cache git ca-certificates
WORKDIR /app
COPY go.* ./
RUN go mod download
COPY . .
RUN go build -o bin/ ./cmd/shortener


FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /app/bin/shortener /app/bin/shortener
WORKDIR /app
USER 10001:10001
EXPOSE 3000
CMD ["./bin/shortener"]
