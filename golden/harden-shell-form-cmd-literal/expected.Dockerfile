FROM golang:1.22 AS build

WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/mailer ./cmd/mailer

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /usr/local/bin/mailer /usr/local/bin/mailer
WORKDIR /src
USER 65532:65532
CMD ["/usr/local/bin/mailer", "--queue", "outbound"]
