FROM golang:1.22 AS build

RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .
ENV CGO_ENABLED=1
RUN go build -o /out/inventory ./cmd/inventory


FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /out/inventory /out/inventory
WORKDIR /src
USER 65532:65532
EXPOSE 9000
CMD ["/out/inventory"]
