FROM golang:1.22

WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/mailer ./cmd/mailer
CMD /usr/local/bin/mailer --queue outbound
