FROM golang:1.22

WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/catalog ./cmd/catalog
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost:8080/healthz || exit 1
CMD ["/usr/local/bin/catalog"]
