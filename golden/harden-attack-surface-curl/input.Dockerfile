FROM golang:1.22-alpine AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/sync ./cmd/sync

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y curl ca-certificates
COPY --from=build /out/sync /usr/local/bin/sync
USER 10001:10001
CMD ["/usr/local/bin/sync"]
