FROM python:3.11-slim AS build
WORKDIR /app
COPY requirements.txt .
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
COPY . .

FROM python:3.11-slim
COPY --from=build /app /app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
ENV PATH="/opt/venv/bin:$PATH"
CMD ["gunicorn", "app:app", "-b", "0.0.0.0:80", "--log-file", "-", "--workers", "4"]
