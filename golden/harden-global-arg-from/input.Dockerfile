ARG GO_VERSION=1.22
FROM golang:${GO_VERSION}

ARG VERSION=dev
WORKDIR /src
COPY . .
RUN go build -ldflags "-X main.version=${VERSION}" -o /bin/relay ./cmd/relay
CMD ["/bin/relay"]
