FROM golang:1.22 AS build

WORKDIR /src
COPY . .
ENV CGO_ENABLED=0
RUN go build -o /usr/local/bin/uploader ./cmd/uploader
RUN mkdir -p /var/lib/uploader

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /usr/local/bin/uploader /usr/local/bin/uploader
WORKDIR /src
COPY --from=build --chown=10001:10001 /var/lib/uploader /var/lib/uploader
USER 10001:10001
VOLUME ["/var/lib/uploader"]
EXPOSE 8080
CMD ["/usr/local/bin/uploader", "-data", "/var/lib/uploader"]
