FROM golang:1.22 AS app
WORKDIR /src
COPY . .
RUN go build -o /out/app ./cmd/app
CMD ["/out/app"]
