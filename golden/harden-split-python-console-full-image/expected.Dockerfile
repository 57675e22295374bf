FROM python:3.12-bookworm

WORKDIR /jobs
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
USER 10001:10001
COPY . .
ENTRYPOINT ["rq", "worker", "--url", "redis://queue:6379"]
