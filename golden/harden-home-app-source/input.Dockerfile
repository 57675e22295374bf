FROM python:3.11-slim
WORKDIR /srv
COPY app.py .
EXPOSE 8090
CMD ["python3", "app.py"]
