# tags: docker.io/library/debian:bookworm docker.io/library/debian:bookworm-slim docker.io/library/debian:12 docker.io/library/debian:12-slim
# Debian's own image: root, bash, CA bundle. The rootfs carries more packages
# than the real one; no case may rely on that (none installs from the network).
FROM localhost/dh-e2e/rootfs:bookworm
CMD ["bash"]
