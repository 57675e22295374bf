ARG GO_VERSION=1.22
FROM golang:${GO_VERSION} AS build

ARG VERSION=dev
WORKDIR /src
COPY . .
RUN go build -ldflags "-X main.version=${VERSION}" -o /bin/relay ./cmd/relay

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /bin/relay /bin/relay
WORKDIR /src
USER 65532:65532
CMD ["/bin/relay"]
