# An uploads service; /srv/uploads is declared twice, as happens after merges.
FROM python:3.12-slim
WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
VOLUME /srv/uploads
VOLUME ["/srv/uploads", "/srv/cache"]
USER 10001
EXPOSE 8000
CMD ["python", "-m", "uploads"]
