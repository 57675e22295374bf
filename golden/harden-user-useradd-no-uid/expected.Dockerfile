FROM ubuntu:22.04

RUN apt-get update && apt-get install -y --no-install-recommends python3 \
    && rm -rf /var/lib/apt/lists/*
RUN useradd -u 10001 -m app
WORKDIR /opt/app
COPY . .
USER 10001
CMD ["python3", "run.py"]
