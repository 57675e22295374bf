from golang:1.22 as build

workdir /src
copy . .
run go build -o /out/scheduler ./cmd/scheduler


from gcr.io/distroless/base-debian12:nonroot
copy --from=build /out/scheduler /out/scheduler
workdir /src
user 65532:65532
expose 8080
cmd ["/out/scheduler"]
