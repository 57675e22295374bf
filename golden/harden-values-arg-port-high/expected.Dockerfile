FROM python:3.12-slim AS build
ARG APP_PORT=8080
ENV PIP_NO_CACHE_DIR=1 \
    PORT=${APP_PORT}
WORKDIR /app
COPY requirements.txt .
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install -r requirements.txt
COPY . .

FROM python:3.12-slim
COPY --from=build /app /app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
ARG APP_PORT=8080
ENV PIP_NO_CACHE_DIR=1 \
    PORT=${APP_PORT}
ENV PATH="/opt/venv/bin:$PATH"
USER 10001:10001
EXPOSE ${PORT}
CMD ["gunicorn", "--bind", "0.0.0.0:8080", "wsgi:app"]
