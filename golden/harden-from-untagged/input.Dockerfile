FROM debian

COPY cron-runner /usr/local/bin/cron-runner
CMD ["/usr/local/bin/cron-runner"]
