FROM debian:bookworm-slim

RUN adduser --uid 10001 --system --group --home /var/lib/feeds feeds
COPY feeds /usr/local/bin/feeds
USER 10001
CMD ["feeds", "poll"]
