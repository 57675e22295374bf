FROM golang:1.22

WORKDIR /src
COPY . .
RUN go build -o /out/ledger ./cmd/ledger
EXPOSE 8080
CMD ["/out/ledger"]
