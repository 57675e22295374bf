# Cloud Run style service: the platform sets PORT
FROM python:3.12-slim AS build
ENV APP_DIR /srv/app
WORKDIR $APP_DIR
COPY . ./
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir flask gunicorn

FROM python:3.12-slim
COPY --from=build /srv/app /srv/app
COPY --from=build /opt/venv /opt/venv
WORKDIR /srv/app
ENV APP_DIR /srv/app
ENV PATH="/opt/venv/bin:$PATH"
USER 10001:10001
CMD exec gunicorn --bind :$PORT --workers 2 --threads 4 main:app
