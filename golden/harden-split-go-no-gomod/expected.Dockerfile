FROM golang:1.22

WORKDIR /app
COPY . .
RUN go get -d -v ./... && go build -v
USER 10001:10001

EXPOSE 8080
CMD ["./orders-api"]
