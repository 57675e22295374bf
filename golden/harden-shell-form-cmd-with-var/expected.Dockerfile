FROM golang:1.22 AS build

WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/mailer ./cmd/mailer
ENV QUEUE=outbound

FROM debian:bookworm-slim
COPY --from=build /usr/local/bin/mailer /usr/local/bin/mailer
WORKDIR /src
ENV QUEUE=outbound
USER 10001:10001
CMD /usr/local/bin/mailer --queue "$QUEUE" 2>&1
