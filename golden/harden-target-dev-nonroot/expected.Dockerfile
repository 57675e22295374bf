FROM python:3.12-slim AS base
ENV PYTHONUNBUFFERED=1
RUN useradd --uid 10001 --create-home appuser
WORKDIR /home/appuser/app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

FROM base AS dev
RUN pip install --no-cache-dir debugpy watchdog
USER 10001:10001
CMD ["python", "-m", "debugpy", "--listen", "0.0.0.0:5678", "-m", "flask", "run", "--reload", "--host", "0.0.0.0"]

FROM base AS prod
COPY --chown=10001:10001 . .
USER 10001:10001
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:create_app()"]
