FROM golang:1.22 AS build

WORKDIR /src
COPY . .
ENV CGO_ENABLED=0
RUN go build -o /out/ledger ./cmd/ledger

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/ledger /out/ledger
WORKDIR /src
USER 2000:2000
EXPOSE 8080
CMD ["/out/ledger"]
