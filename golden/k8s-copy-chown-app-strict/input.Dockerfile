FROM python:3.12-slim
RUN useradd -u 1001 -m web
WORKDIR /app
COPY --chown=web:web . .
USER 1001:1001
EXPOSE 3000
CMD ["python3", "server.py"]
