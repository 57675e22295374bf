FROM golang:1.22
RUN apt-get update && apt-get install -y protobuf-compiler
WORKDIR /src
COPY . .
RUN go generate ./... && go build -o /out/grpcd ./cmd/grpcd
EXPOSE 50051
CMD ["/out/grpcd"]
