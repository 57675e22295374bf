FROM ubuntu:24.04

RUN apt-get update \
    && apt-get install -y --no-install-recommends dnsutils iputils-ping netcat-openbsd \
    && rm -rf /var/lib/apt/lists/*
CMD ["/bin/bash"]
