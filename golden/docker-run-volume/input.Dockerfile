FROM golang:1.22

WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/uploader ./cmd/uploader
VOLUME ["/var/lib/uploader"]
EXPOSE 8080
CMD ["/usr/local/bin/uploader", "-data", "/var/lib/uploader"]
