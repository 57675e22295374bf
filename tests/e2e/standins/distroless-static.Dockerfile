# tags: gcr.io/distroless/static-debian12 gcr.io/distroless/static-debian12:latest gcr.io/distroless/static
# nonroot: gcr.io/distroless/static-debian12:nonroot gcr.io/distroless/static:nonroot
# gcr.io/distroless/static-debian12: no shell, CA bundle, passwd with root,
# nonroot (65532) and nobody, /tmp 1777. The ":nonroot" tags add USER 65532.
FROM localhost/dh-e2e/rootfs:bookworm AS files
COPY files/distroless-collect.sh /collect.sh
RUN /collect.sh static

FROM scratch
COPY --from=files /out/ /
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
