FROM golang:1.22

WORKDIR /src
COPY . .
RUN go build -o /out/agent ./cmd/agent

EXPOSE 7000
CMD ["/out/agent"]
