FROM golang:1.22 AS build

WORKDIR /src
COPY . .
RUN go build -o /out/ledger ./cmd/ledger

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /out/ledger /out/ledger
WORKDIR /src
USER 2000:2000
EXPOSE 8080
CMD ["/out/ledger"]
