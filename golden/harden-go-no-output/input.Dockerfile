FROM golang:1.22

WORKDIR /go/src/app
COPY . .
RUN go build ./...
RUN go install ./cmd/app

CMD ["app"]
