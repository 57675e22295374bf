FROM golang:1.22 AS build

WORKDIR /src
COPY . .
RUN go build -o /out/agent ./cmd/agent


FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /out/agent /out/agent
WORKDIR /src
USER 65532:65532
EXPOSE 7000
CMD ["/out/agent"]
