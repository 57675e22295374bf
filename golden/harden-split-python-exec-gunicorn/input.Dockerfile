# Cloud Run style service: the platform sets PORT
FROM python:3.12-slim
ENV APP_DIR /srv/app
WORKDIR $APP_DIR
COPY . ./
RUN pip install --no-cache-dir flask gunicorn
CMD exec gunicorn --bind :$PORT --workers 2 --threads 4 main:app
