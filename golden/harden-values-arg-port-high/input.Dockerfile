FROM python:3.12-slim
ARG APP_PORT=8080
ENV PIP_NO_CACHE_DIR=1 \
    PORT=${APP_PORT}
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
EXPOSE ${PORT}
CMD ["gunicorn", "--bind", "0.0.0.0:8080", "wsgi:app"]
