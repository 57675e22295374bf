FROM docker:27.3-dind

RUN apk add --no-cache bash git make
COPY ci/ /ci/
ENV DOCKER_TLS_CERTDIR=/certs
ENTRYPOINT ["dockerd-entrypoint.sh"]
CMD []
