FROM ubuntu:22.04

RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-pip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/reporter
COPY requirements.txt .
RUN pip3 install --user --no-cache-dir -r requirements.txt
COPY reporter.py .
CMD ["python3", "reporter.py"]
