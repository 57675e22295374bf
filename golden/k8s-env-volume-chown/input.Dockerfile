FROM debian:12
ENV DATA=/srv/data
ENV CACHE=${DATA}/cache
RUN useradd -u 1200 app && mkdir -p ${DATA} "${CACHE}" && chown app ${DATA} "$CACHE"
VOLUME $DATA
USER 1200
CMD ["/app"]
