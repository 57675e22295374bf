FROM golang:1.22-bookworm AS build

ENV CGO_ENABLED=0
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -trimpath -ldflags="-s -w"


FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /src/ledger /src/ledger
WORKDIR /src
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["./ledger"]
CMD ["serve"]
