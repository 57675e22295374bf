# tags: docker.io/library/rust:1.63 docker.io/library/rust:1.63-bookworm docker.io/library/rust:1 docker.io/library/rust:1-bookworm
# network: host
# The official rust image: root, cargo and rustc on PATH from
# CARGO_HOME=/usr/local/cargo (cargo install puts binaries there), a full
# Debian with a C linker. Debian's rustc 1.63 and cargo stand in for the
# rustup toolchain; the only network this build has is Debian's mirror.
FROM localhost/dh-e2e/rootfs:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends cargo rustc \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /usr/local/cargo/bin /usr/local/rustup && chmod -R a+w /usr/local/cargo
ENV RUSTUP_HOME=/usr/local/rustup CARGO_HOME=/usr/local/cargo RUST_VERSION=1.63.0 \
    PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["bash"]
