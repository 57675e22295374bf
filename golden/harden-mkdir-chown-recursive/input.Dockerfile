FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends transmission-daemon \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data/config /data/download \
 && chown -R 10001:10001 /data
ENV TRANSMISSION_HOME /data/config
EXPOSE 9091
CMD ["transmission-daemon", "-f", "--config-dir", "/data/config", "--download-dir", "/data/download"]
