FROM golang:1.22

WORKDIR /go/src/notify
COPY . .
RUN go mod download && \
    CGO_ENABLED=0 go install -v ./cmd/notifyd

EXPOSE 9090
CMD ["notifyd", "--listen", ":9090"]
