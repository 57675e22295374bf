FROM golang:1.22

WORKDIR /app
COPY . .
RUN go get -d -v ./... && go build -v

EXPOSE 8080
CMD ["./orders-api"]
