# tags: docker.io/library/node:20 docker.io/library/node:20-slim docker.io/library/node:20-bookworm docker.io/library/node:20-bookworm-slim
# network: host
# The official node image: user node (1000) exists but is not used, node and
# npm in /usr/local/bin, docker-entrypoint.sh in front of CMD ["node"].
# http-server is there as `npm install -g http-server` would leave it (no
# npm registry here): Debian's node-http-server (and node-opener, which its
# program loads but the package does not depend on), from Debian's mirror.
FROM localhost/dh-e2e/rootfs:bookworm
RUN groupadd -g 1000 node && useradd -u 1000 -g node -s /bin/bash -m node \
 && ln -s /usr/bin/node /usr/local/bin/node && ln -s /usr/bin/npm /usr/local/bin/npm \
 && apt-get update && apt-get install -y --no-install-recommends node-http-server node-opener \
 && rm -rf /var/lib/apt/lists/* && ln -s /usr/bin/http-server /usr/local/bin/http-server
COPY files/node-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV NODE_VERSION=20
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["node"]
