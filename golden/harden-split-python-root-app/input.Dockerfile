FROM python:3.12-slim-bookworm

# dependencies first, for the layer cache
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=0:0 . .

EXPOSE 8080
CMD ["gunicorn", "--bind", "0.0.0.0:8080", "wsgi:app"]
