from golang:1.22

workdir /src
copy . .
run go build -o /out/scheduler ./cmd/scheduler

expose 8080
cmd ["/out/scheduler"]
