# A media relay: signalling over TCP, media over UDP and SCTP.
FROM debian:bookworm-slim
ARG HTTP_PORT=8080
ENV METRICS_PORT=9090
COPY relay /usr/local/bin/relay
USER 10001:10001
EXPOSE $HTTP_PORT ${METRICS_PORT}/tcp
EXPOSE 3478/Udp 5349/SCTP 9191/udp
EXPOSE 40000-40003/udp
EXPOSE 49152-65535/udp
EXPOSE $DEBUG_PORT
ENTRYPOINT ["/usr/local/bin/relay"]
