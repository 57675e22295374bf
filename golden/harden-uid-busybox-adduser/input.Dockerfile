FROM alpine:3.20

RUN addgroup -g 1000 app \
    && adduser -D -u 1000 -G app -h /home/app app
COPY --chown=app:app server /home/app/server
USER app
CMD ["/home/app/server"]
