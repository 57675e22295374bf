FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/status-page ./cmd/status-page

FROM alpine:3.20
ARG PORT=80
RUN apk add --no-cache ca-certificates
COPY --from=build /out/status-page /usr/local/bin/status-page
ENV LISTEN_ADDR=":${PORT}"
EXPOSE $PORT
ENTRYPOINT ["/usr/local/bin/status-page"]
