FROM golang:1.22-bookworm

ENV CGO_ENABLED=0 GOOS=linux
WORKDIR /build
COPY . .
RUN go build -trimpath -o /build/gateway .

EXPOSE 8443
ENTRYPOINT ["/build/gateway"]
