# escape=`
FROM golang:1.22

WORKDIR /src
COPY . .
RUN go build `
    -o /out/tool `
    ./cmd/tool
CMD ["/out/tool"]
