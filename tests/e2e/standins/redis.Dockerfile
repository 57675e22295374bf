# tags: docker.io/library/redis:7 docker.io/library/redis:7.2 docker.io/library/redis:7-bookworm docker.io/library/redis:latest
# network: host
# The official redis image: user redis 999:999 made before the package,
# WORKDIR and VOLUME /data, docker-entrypoint.sh as the entrypoint (as root
# it owns /data to redis and steps down with gosu), CMD redis-server (no
# configuration file, so it saves to its working directory), port 6379.
# Debian's Redis 7.0 stands in for the version.
FROM localhost/dh-e2e/rootfs:bookworm
RUN groupadd -r -g 999 redis && useradd -r -u 999 -g redis -d /var/lib/redis -s /usr/sbin/nologin redis \
    && apt-get update && apt-get install -y --no-install-recommends redis-server \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /data && chown redis:redis /data
COPY files/redis-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /data
WORKDIR /data
ENTRYPOINT ["docker-entrypoint.sh"]
EXPOSE 6379
CMD ["redis-server"]
