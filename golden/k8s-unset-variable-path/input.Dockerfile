FROM debian:12
# DATA is given with --build-arg: this file cannot say where it is
ARG DATA
ARG LOGS=/var/log/app
RUN useradd -u 1200 app && mkdir -p $DATA $LOGS && chown app ${DATA} $LOGS
VOLUME $DATA
USER 1200
CMD ["/app"]
