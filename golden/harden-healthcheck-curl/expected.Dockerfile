FROM golang:1.22 AS build

WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/catalog ./cmd/catalog

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /usr/local/bin/catalog /usr/local/bin/catalog
WORKDIR /src
USER 65532:65532
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost:8080/healthz || exit 1
CMD ["/usr/local/bin/catalog"]
