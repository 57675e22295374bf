FROM debian:12
ARG APP_HOME=/home/app
ARG LOGS
RUN useradd -u 1200 -d ${APP_HOME} -m app && mkdir -p ${LOGS:-/var/log/app} && chown app ${LOGS:-/var/log/app}
ENV HOME=${APP_HOME}
WORKDIR $APP_HOME
VOLUME ["${LOGS:-/var/log/app}"]
USER 1200
CMD ["/app"]
