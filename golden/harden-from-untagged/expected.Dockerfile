FROM debian

COPY cron-runner /usr/local/bin/cron-runner
USER 10001:10001
CMD ["/usr/local/bin/cron-runner"]
