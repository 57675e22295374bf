FROM golang:1.22 AS build
RUN apt-get update && apt-get install -y protobuf-compiler
WORKDIR /src
COPY . .
RUN go generate ./... && go build -o /out/grpcd ./cmd/grpcd

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /out/grpcd /out/grpcd
WORKDIR /src
USER 65532:65532
EXPOSE 50051
CMD ["/out/grpcd"]
