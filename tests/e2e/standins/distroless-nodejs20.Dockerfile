# tags: gcr.io/distroless/nodejs20-debian12 gcr.io/distroless/nodejs20-debian12:latest
# nonroot: gcr.io/distroless/nodejs20-debian12:nonroot
# gcr.io/distroless/nodejs20-debian12: node at /nodejs/bin/node (Debian's 18,
# with the shared libraries it links), no shell, ENTRYPOINT node.
FROM localhost/dh-e2e/rootfs:bookworm AS files
COPY files/distroless-collect.sh /collect.sh
# Debian's libnode loads a few builtins from /usr/share/nodejs at run time.
RUN /collect.sh node /usr/bin/node \
 && mkdir -p /out/nodejs/bin /out/usr/share/nodejs && mv /out/usr/bin/node /out/nodejs/bin/node \
 && for m in $(grep -ao '/usr/share/nodejs/[a-z-]*/' /usr/lib/x86_64-linux-gnu/libnode.so.* | sort -u); do \
      cp -a "$m" /out/usr/share/nodejs/; done
FROM scratch
COPY --from=files /out/ /
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
ENTRYPOINT ["/nodejs/bin/node"]
