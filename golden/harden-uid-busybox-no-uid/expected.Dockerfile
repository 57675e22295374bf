FROM alpine:3.20

RUN adduser -u 10001 -D app
WORKDIR /home/app
COPY --chown=app worker /home/app/worker
USER 10001
CMD ["./worker"]
