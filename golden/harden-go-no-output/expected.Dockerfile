FROM golang:1.22

WORKDIR /go/src/app
COPY . .
RUN go build ./...
RUN go install ./cmd/app
USER 10001:10001

CMD ["app"]
