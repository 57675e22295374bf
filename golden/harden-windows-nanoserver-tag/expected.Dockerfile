FROM golang:1.22-nanoserver-ltsc2022 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/collector.exe ./cmd/collector

FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
COPY --from=build /out/collector.exe /collector.exe
EXPOSE 80
ENTRYPOINT ["/collector.exe"]
