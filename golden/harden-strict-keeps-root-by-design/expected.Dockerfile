FROM debian:bookworm-slim

RUN apt-get update && apt-get install -y --no-install-recommends openssh-server \
    && rm -rf /var/lib/apt/lists/* && mkdir -p /run/sshd
CMD ["/usr/sbin/sshd", "-D"]
