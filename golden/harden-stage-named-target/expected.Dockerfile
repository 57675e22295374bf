FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app ./cmd/app

FROM gcr.io/distroless/base-debian12:nonroot AS app
COPY --from=build /out/app /out/app
WORKDIR /src
USER 65532:65532
CMD ["/out/app"]
