FROM python:3.12-slim

WORKDIR /srv
RUN python3 -m venv /srv/.venv
COPY requirements.txt .
RUN /srv/.venv/bin/pip install -r requirements.txt
COPY . .
EXPOSE 5000
CMD ["python3", "main.py"]
