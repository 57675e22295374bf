FROM debian:bookworm-slim

RUN adduser --system --group --home /var/lib/feeds feeds
COPY feeds /usr/local/bin/feeds
USER feeds
CMD ["feeds", "poll"]
