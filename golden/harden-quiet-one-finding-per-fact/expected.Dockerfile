FROM ubuntu:24.04
RUN apt-get update \
    && apt-get install -y --no-install-recommends git ca-certificates \
    && git clone --depth 1 https://github.com/example/site-tools /opt/site-tools \
    && apt-get install -y --no-install-recommends git-lfs git \
    && git -C /opt/site-tools lfs pull
USER 10001:10001
WORKDIR /opt/site-tools
CMD ["/opt/site-tools/bin/serve", "--port", "8000"]
