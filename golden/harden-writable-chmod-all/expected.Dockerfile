FROM debian:bookworm-slim

COPY scheduler /usr/local/bin/scheduler
RUN chmod a+rx /usr/local/bin/scheduler
USER 10001:10001
CMD ["/usr/local/bin/scheduler"]
