# escape=`
FROM golang:1.22 AS build

WORKDIR /src
COPY . .
RUN go build `
    -o /out/tool `
    ./cmd/tool

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /out/tool /out/tool
WORKDIR /src
USER 65532:65532
CMD ["/out/tool"]
