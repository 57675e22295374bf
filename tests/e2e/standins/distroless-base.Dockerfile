# tags: gcr.io/distroless/base-debian12 gcr.io/distroless/base-debian12:latest gcr.io/distroless/base
# nonroot: gcr.io/distroless/base-debian12:nonroot gcr.io/distroless/base:nonroot
# gcr.io/distroless/base-debian12: no shell, CA bundle, passwd with root,
# nonroot (65532) and nobody, /tmp 1777. The ":nonroot" tags add USER 65532.
FROM localhost/dh-e2e/rootfs:bookworm AS files
COPY files/distroless-collect.sh /collect.sh
RUN /collect.sh base

FROM scratch
COPY --from=files /out/ /
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
