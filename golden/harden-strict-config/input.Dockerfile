FROM debian:bookworm-slim

COPY scheduler /usr/local/bin/scheduler
RUN chmod u+x /usr/local/bin/scheduler
CMD ["/usr/local/bin/scheduler"]
