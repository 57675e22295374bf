FROM golang:1.22 AS build

WORKDIR /go/src/app
COPY . .
RUN go build ./...
RUN go install ./cmd/app


FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /go/bin/app /go/bin/app
WORKDIR /go/src/app
USER 65532:65532
CMD ["/go/bin/app"]
