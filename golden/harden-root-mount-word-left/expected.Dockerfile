FROM python:3.12-slim

WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
USER 10001:10001
COPY . .
CMD ["python3", "-m", "backup", "--mountpoint-config", "/srv/mount.yaml"]
