FROM ubuntu:24.04

RUN groupadd -g 2000 svc \
    && useradd --no-log-init -g svc -u 2000 -M svc
COPY svc /usr/local/bin/svc
USER svc:svc
CMD ["svc", "serve"]
