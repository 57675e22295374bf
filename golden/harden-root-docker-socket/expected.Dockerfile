FROM python:3.12-slim AS build

RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir docker==7.1.0
COPY janitor.py /opt/janitor/janitor.py
ENV DOCKER_HOST=unix:///var/run/docker.sock

FROM python:3.12-slim
COPY --from=build /opt/venv /opt/venv
COPY janitor.py /opt/janitor/janitor.py
ENV DOCKER_HOST=unix:///var/run/docker.sock
ENV PATH="/opt/venv/bin:$PATH"
CMD ["python3", "/opt/janitor/janitor.py", "--prune-after", "24h"]
