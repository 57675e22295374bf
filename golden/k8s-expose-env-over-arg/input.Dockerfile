# A web service whose port variables are set by ARG and ENV alike:
# Docker substitutes EXPOSE with the ENV in effect before an ARG default.
FROM debian:bookworm-slim AS base
ENV ADMIN_PORT=9100

FROM base
ARG PORT=9000
ENV PORT=8081
ARG METRICS_PORT=9200
COPY web /usr/local/bin/web
USER 10001:10001
EXPOSE $PORT ${ADMIN_PORT} ${METRICS_PORT} ${GRPC_PORT:-50051}
ENTRYPOINT ["/usr/local/bin/web"]
