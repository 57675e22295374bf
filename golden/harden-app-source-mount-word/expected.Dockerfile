FROM python:3.12-slim
WORKDIR /srv
COPY main.py .
USER 10001:10001
EXPOSE 8000
CMD ["python", "main.py"]
