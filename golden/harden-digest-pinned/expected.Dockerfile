FROM golang:1.22@sha256:0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/pinned .

FROM gcr.io/distroless/static-debian12:nonroot@sha256:1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b
COPY --from=build /out/pinned /pinned
USER 65532:65532
ENTRYPOINT ["/pinned"]
