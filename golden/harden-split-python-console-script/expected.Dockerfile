# A command-line tool published on PyPI, run as the image's entrypoint.
FROM python:3.12-alpine3.20 AS build

RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN deps='gcc musl-dev libffi-dev' \
	&& apk add --no-cache ca-certificates $deps \
	&& pip install --no-cache-dir yamllint==1.35.1 \
	&& apk del $deps

WORKDIR /data

FROM python:3.12-alpine3.20
RUN apk add --no-cache ca-certificates
USER 10001:10001
COPY --from=build /data /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /data
ENV PATH="/opt/venv/bin:$PATH"
ENTRYPOINT ["yamllint"]
CMD ["--help"]
