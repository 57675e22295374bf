FROM golang:1.22 AS build

WORKDIR /src
COPY . .
ENV CGO_ENABLED=0
RUN go build -o /usr/local/bin/mailer ./cmd/mailer

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /usr/local/bin/mailer /usr/local/bin/mailer
WORKDIR /src
USER 10001:10001
CMD ["/usr/local/bin/mailer", "--queue", "outbound"]
