FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev libcurl4-openssl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY fetcher.c .
RUN gcc -O2 -o /usr/local/bin/fetcher fetcher.c $(pkg-config --libs libcurl)
USER 10001:10001
CMD ["/usr/local/bin/fetcher"]
