FROM golang:1.22-alpine AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/web ./cmd/web

FROM alpine:3.20
COPY --from=build /out/web /usr/local/bin/web
USER 10001:10001
EXPOSE 80
CMD ["/usr/local/bin/web", "-addr", ":80"]
