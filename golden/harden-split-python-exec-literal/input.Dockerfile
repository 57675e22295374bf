FROM python:3.11-slim-bookworm
WORKDIR /opt/shop
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
EXPOSE 8000
CMD exec uvicorn shop.main:app --host 0.0.0.0 --port 8000
