FROM golang:1.22-bookworm AS build

ENV CGO_ENABLED=0 GOOS=linux
WORKDIR /build
COPY . .
RUN go build -trimpath -o /build/gateway .


FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /build/gateway /build/gateway
WORKDIR /build
USER 10001:10001
EXPOSE 8443
ENTRYPOINT ["/build/gateway"]
