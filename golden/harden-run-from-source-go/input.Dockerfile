FROM golang:1.22
WORKDIR /src
COPY . .
RUN go mod download
EXPOSE 8080
CMD ["go", "run", "./cmd/api"]
