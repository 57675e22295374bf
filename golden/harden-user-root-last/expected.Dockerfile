FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
USER root
USER 10001:10001
CMD ["tini", "--", "sleep", "infinity"]
