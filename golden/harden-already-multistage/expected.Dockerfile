FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/billing ./cmd/billing

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/billing /billing
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/billing"]
