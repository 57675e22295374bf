FROM python:3.11-slim AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
WORKDIR /srv
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir torch transformers fastapi "uvicorn[standard]"
COPY app/ ./app/

FROM python:3.11-slim
COPY --from=build /srv /srv
COPY --from=build /opt/venv /opt/venv
WORKDIR /srv
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
ENV PATH="/opt/venv/bin:$PATH"
RUN mkdir -p /home/app && chown 10001:10001 /home/app
ENV HOME=/home/app
USER 10001:10001
EXPOSE 8000
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
