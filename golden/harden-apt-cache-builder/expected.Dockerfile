FROM golang:1.22 AS build
RUN apt-get update && apt-get install -y protobuf-compiler
WORKDIR /src
COPY . .
ENV CGO_ENABLED=0
RUN go generate ./... && go build -o /out/grpcd ./cmd/grpcd

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/grpcd /out/grpcd
WORKDIR /src
USER 10001:10001
EXPOSE 50051
CMD ["/out/grpcd"]
