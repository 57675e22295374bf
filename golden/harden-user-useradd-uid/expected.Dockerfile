FROM python:3.11-slim

RUN useradd --create-home -u 1001 app
WORKDIR /home/app
COPY --chown=app:app requirements.txt .
RUN pip install --no-cache-dir --user -r requirements.txt
COPY --chown=app:app . .
USER 1001
CMD ["python", "-m", "worker"]
