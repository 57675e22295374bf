# pinned by digest: the tag no longer says which Debian release it is
FROM golang:1.25@sha256:4f063a24d429510e512cc730c3330292ff49f3ade3ae79bda8f84a24fa25ecb0
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /usr/local/bin/thumbnailer ./cmd/thumbnailer
ENTRYPOINT ["thumbnailer"]
