FROM golang:1.22 AS build

WORKDIR /src
COPY . .
ENV CGO_ENABLED=0
RUN go build -o /out/agent ./cmd/agent


FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/agent /out/agent
WORKDIR /src
USER 10001:10001
EXPOSE 7000
CMD ["/out/agent"]
