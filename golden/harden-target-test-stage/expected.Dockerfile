FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/inventory ./cmd/inventory

FROM build AS test
RUN go test ./...

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/inventory /inventory
USER 65532:65532
ENTRYPOINT ["/inventory"]
