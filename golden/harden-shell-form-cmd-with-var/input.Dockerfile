FROM golang:1.22

WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/mailer ./cmd/mailer
ENV QUEUE=outbound
CMD /usr/local/bin/mailer --queue "$QUEUE" 2>&1
