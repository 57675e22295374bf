FROM python:3.12-slim
RUN useradd -u 1002 indexer
WORKDIR /opt/indexer
COPY indexer.py .
USER indexer
RUN mkdir -p /var/tmp/index
CMD ["python3", "indexer.py", "--state", "/var/tmp/index"]
