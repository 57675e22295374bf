FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
USER root
CMD ["tini", "--", "sleep", "infinity"]
