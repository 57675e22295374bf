FROM ubuntu:22.04

RUN apt-get update && apt-get install -y --no-install-recommends python3 \
    && rm -rf /var/lib/apt/lists/*
RUN useradd -m app
WORKDIR /opt/app
COPY . .
USER app
CMD ["python3", "run.py"]
