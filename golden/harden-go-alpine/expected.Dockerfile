FROM golang:1.22-alpine AS build

RUN apk add --no-cache git
WORKDIR /app
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /app/bin/worker ./cmd/worker


FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /app/bin/worker /app/bin/worker
WORKDIR /app
USER 10001:10001
CMD ["/app/bin/worker"]
