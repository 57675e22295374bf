# build-base provides make without naming it
FROM python:3.12-alpine3.20
RUN apk add --no-cache build-base && pip install --no-cache-dir sphinx==7.3.7
WORKDIR /docs
ENTRYPOINT ["make"]
CMD ["html"]
