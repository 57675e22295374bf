FROM golang:1.22-alpine AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/probe ./cmd/probe

FROM alpine:3.20
COPY --from=build /out/probe /usr/local/bin/probe
# hadolint ignore=DL3002
USER root
CMD ["/usr/local/bin/probe"]
