FROM python:3.12-slim
RUN useradd -m -u 1001 -s /bin/sh render
WORKDIR /opt/render
COPY render.py .
USER 1001:1001
CMD ["python3", "render.py"]
