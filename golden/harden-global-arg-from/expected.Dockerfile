ARG GO_VERSION=1.22
FROM golang:${GO_VERSION} AS build

ARG VERSION=dev
WORKDIR /src
COPY . .
ENV CGO_ENABLED=0
RUN go build -ldflags "-X main.version=${VERSION}" -o /bin/relay ./cmd/relay

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /bin/relay /bin/relay
WORKDIR /src
USER 10001:10001
CMD ["/bin/relay"]
