from golang:1.22 as build

workdir /src
copy . .
env CGO_ENABLED=0
run go build -o /out/scheduler ./cmd/scheduler


from scratch
copy --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
copy --from=build /out/scheduler /out/scheduler
workdir /src
user 10001:10001
expose 8080
cmd ["/out/scheduler"]
