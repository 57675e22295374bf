# A command-line tool published on PyPI, run as the image's entrypoint.
FROM python:3.12-alpine3.20

RUN deps='gcc musl-dev libffi-dev' \
	&& apk add --no-cache ca-certificates $deps \
	&& pip install --no-cache-dir yamllint==1.35.1 \
	&& apk del $deps

WORKDIR /data
ENTRYPOINT ["yamllint"]
CMD ["--help"]
