FROM python:3.11-alpine

WORKDIR /app
RUN python -m venv /venv
COPY requirements.txt .
RUN /venv/bin/pip install -r requirements.txt
USER 10001:10001
COPY . .
CMD ["/venv/bin/python", "app.py"]
