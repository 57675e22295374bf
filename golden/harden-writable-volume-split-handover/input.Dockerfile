FROM python:3.12-slim

WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
VOLUME /srv/uploads
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "gallery.wsgi"]
