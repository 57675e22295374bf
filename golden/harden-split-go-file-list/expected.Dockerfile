FROM golang:1.22 AS build
WORKDIR /app
COPY main.go handlers.go ./
RUN go mod init example.com/hello && go build main.go handlers.go

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /app/main /app/main
WORKDIR /app
USER 65532:65532
EXPOSE 8000
CMD ["/app/main"]
