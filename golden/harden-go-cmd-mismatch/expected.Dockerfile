FROM golang:1.22

WORKDIR /src
COPY . .
RUN go build -o /out/server ./cmd/server
COPY start.sh /start.sh
CMD ["/start.sh"]
