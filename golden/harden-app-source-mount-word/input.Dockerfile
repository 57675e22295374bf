FROM python:3.12-slim
WORKDIR /srv
COPY main.py .
EXPOSE 8000
CMD ["python", "main.py"]
