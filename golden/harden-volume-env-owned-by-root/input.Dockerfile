FROM debian:12
ENV DATA=/srv/data
RUN mkdir -p ${DATA}
VOLUME $DATA
CMD ["/app"]
