FROM node:20 AS assets
WORKDIR /ui
COPY ui/ .
RUN npm ci && npm run build

FROM golang:1.22
WORKDIR /src
COPY . .
COPY --from=0 /ui/dist ./web/dist
RUN go build -o /out/portal ./cmd/portal
USER 10001:10001
EXPOSE 8080
CMD ["/out/portal"]
