FROM python:3.12-slim

RUN pip install --no-cache-dir docker==7.1.0
COPY janitor.py /opt/janitor/janitor.py
ENV DOCKER_HOST=unix:///var/run/docker.sock
CMD ["python3", "/opt/janitor/janitor.py", "--prune-after", "24h"]
