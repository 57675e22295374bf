FROM golang:1.25 AS build

WORKDIR /usr/src/app
COPY go.mod go.sum ./
RUN go mod download && go mod verify
COPY . .
RUN go build -v -o /usr/local/bin/app ./...


FROM debian:stable-slim
COPY --from=build /usr/local/bin/app /usr/local/bin/app
WORKDIR /usr/src/app
USER 10001:10001
CMD ["app"]
