FROM golang:1.22 AS build

WORKDIR /src
COPY . .
ENV CGO_ENABLED=0
RUN go build -o /usr/local/bin/mailer ./cmd/mailer
ENV QUEUE=outbound

FROM alpine:3.20
COPY --from=build /usr/local/bin/mailer /usr/local/bin/mailer
WORKDIR /src
ENV QUEUE=outbound
USER 10001:10001
CMD /usr/local/bin/mailer --queue "$QUEUE" 2>&1
