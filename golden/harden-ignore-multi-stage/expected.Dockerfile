# We ship the toolchain on purpose: this image runs plugin builds.
# dockharden ignore=DH101
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/builderd ./cmd/builderd
USER 10001:10001
CMD ["/usr/local/bin/builderd"]
