FROM python:3.11-slim AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
WORKDIR /app
RUN python -m venv /opt/venv
COPY requirements.txt .
RUN /opt/venv/bin/pip install --no-cache-dir -r requirements.txt
COPY . .


FROM gcr.io/distroless/python3-debian12:nonroot
COPY --from=build /app /app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
ENV PYTHONPATH=/opt/venv/lib/python3.11/site-packages
USER 65532:65532
EXPOSE 8000
CMD ["app.py"]
