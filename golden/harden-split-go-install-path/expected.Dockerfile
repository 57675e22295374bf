FROM golang:1.22 AS build

WORKDIR /go/src/notify
COPY . .
RUN go mod download && \
    CGO_ENABLED=0 go install -v ./cmd/notifyd


FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /go/bin/notifyd /go/bin/notifyd
WORKDIR /go/src/notify
USER 10001:10001
EXPOSE 9090
CMD ["/go/bin/notifyd", "--listen", ":9090"]
