FROM golang:1.22-alpine AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/probe ./cmd/probe

# The probe opens raw ICMP sockets and must stay root for now.
# dockharden ignore=DH105
FROM alpine:3.20
COPY --from=build /out/probe /usr/local/bin/probe
CMD ["/usr/local/bin/probe"]
