FROM python:3.11-slim-bookworm

WORKDIR /usr/src/app
COPY requirements.txt ./
RUN pip install --user --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "app.py"]
