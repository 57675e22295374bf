FROM debian:bookworm-slim
COPY src/ /usr/src/pinger/
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev make \
    && make -C /usr/src/pinger install PREFIX=/usr/local \
    && apt-get purge -y --auto-remove gcc libc6-dev make \
    && rm -rf /var/lib/apt/lists/* /usr/src/pinger
CMD ["/usr/local/bin/pinger"]
