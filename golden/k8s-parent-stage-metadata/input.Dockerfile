# A runtime stage declares the data volume and the admin port; the final
# stage builds on it, and an image inherits its parent's EXPOSE and VOLUME.
FROM debian:bookworm-slim AS runtime
ENV DATA=/srv/data
RUN groupadd -g 1200 app && useradd -u 1200 -g app app && mkdir -p /srv/data && chown -R app:app /srv/data
VOLUME $DATA
EXPOSE 8080

FROM runtime
COPY app /usr/local/bin/app
USER 1200:1200
EXPOSE 9090
ENTRYPOINT ["/usr/local/bin/app"]
