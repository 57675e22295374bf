# tags: gcr.io/distroless/python3-debian12 gcr.io/distroless/python3-debian12:latest
# nonroot: gcr.io/distroless/python3-debian12:nonroot
# gcr.io/distroless/python3-debian12: Debian's python3.11 at /usr/bin with its
# standard library and the shared libraries its extension modules need, no
# shell, ENTRYPOINT the interpreter.
FROM localhost/dh-e2e/rootfs:bookworm AS files
COPY files/distroless-collect.sh /collect.sh
RUN /collect.sh python /usr/bin/python3.11 /usr/lib/python3.11/lib-dynload/*.so \
 && cp -a /usr/lib/python3.11 /out/usr/lib/ && rm -rf /out/usr/lib/python3.11/test \
 && ln -s python3.11 /out/usr/bin/python3
FROM scratch
COPY --from=files /out/ /
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt LANG=C.UTF-8
ENTRYPOINT ["/usr/bin/python3"]
