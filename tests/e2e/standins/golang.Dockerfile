# tags: docker.io/library/golang:1.22 docker.io/library/golang:1.22-bookworm docker.io/library/golang:1.22.5
# The official golang image: Go under /usr/local/go, GOPATH=/go, root,
# GOTOOLCHAIN=local so a newer go.mod never triggers a toolchain download.
FROM localhost/dh-e2e/rootfs:bookworm
RUN ln -s /usr/lib/go-1.22 /usr/local/go && mkdir -p /go/src /go/bin && chmod -R 1777 /go
ENV GOLANG_VERSION=1.22 GOTOOLCHAIN=local GOPATH=/go \
    PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# Debian ships Go without a compiled standard library; the official image's
# builds start from compiled packages. A warm build cache (with and without
# cgo, since the tool may add CGO_ENABLED=0) keeps each case build short.
RUN go build std && CGO_ENABLED=0 go build std && CGO_ENABLED=0 go build -ldflags="-s -w" net/http
WORKDIR /go
