FROM golang:1.22 AS build

WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/uploader ./cmd/uploader
RUN mkdir -p /var/lib/uploader

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /usr/local/bin/uploader /usr/local/bin/uploader
WORKDIR /src
COPY --from=build --chown=65532:65532 /var/lib/uploader /var/lib/uploader
USER 65532:65532
VOLUME ["/var/lib/uploader"]
EXPOSE 8080
CMD ["/usr/local/bin/uploader", "-data", "/var/lib/uploader"]
