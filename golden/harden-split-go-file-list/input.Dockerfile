FROM golang:1.22
WORKDIR /app
COPY main.go handlers.go ./
RUN go mod init example.com/hello && go build main.go handlers.go
EXPOSE 8000
CMD ["/app/main"]
