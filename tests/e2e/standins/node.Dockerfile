# tags: docker.io/library/node:20 docker.io/library/node:20-slim docker.io/library/node:20-bookworm docker.io/library/node:20-bookworm-slim
# The official node image: user node (1000) exists but is not used, node and
# npm in /usr/local/bin, docker-entrypoint.sh in front of CMD ["node"].
FROM localhost/dh-e2e/rootfs:bookworm
RUN groupadd -g 1000 node && useradd -u 1000 -g node -s /bin/bash -m node \
 && ln -s /usr/bin/node /usr/local/bin/node && ln -s /usr/bin/npm /usr/local/bin/npm
COPY files/node-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV NODE_VERSION=20
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["node"]
