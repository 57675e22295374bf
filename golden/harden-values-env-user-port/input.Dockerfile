FROM eclipse-temurin:21-jre
ENV APP_UID=1001 \
    APP_GID=1001 \
    HTTPS_PORT=443
RUN groupadd --gid ${APP_GID} app \
    && useradd --uid ${APP_UID} --gid app --no-create-home app
COPY --chown=1001:1001 target/gateway.jar /opt/gateway/gateway.jar
USER ${APP_UID}:${APP_GID}
EXPOSE ${HTTPS_PORT}
CMD ["java", "-jar", "/opt/gateway/gateway.jar"]
