FROM debian:bookworm-slim

COPY scheduler /usr/local/bin/scheduler
RUN chmod a+rx /usr/local/bin/scheduler
CMD ["/usr/local/bin/scheduler"]
