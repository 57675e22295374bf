FROM alpine:3.20

RUN adduser -D app
WORKDIR /home/app
COPY --chown=app worker /home/app/worker
USER app
CMD ["./worker"]
