FROM python:3.12-slim

WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN mkdir -p /var/lib/notes && chown 10001:10001 /var/lib/notes
VOLUME ["/var/lib/notes"]
CMD ["python3", "-m", "notes", "--data", "/var/lib/notes"]
