FROM python:3.12-slim AS build

WORKDIR /srv
COPY requirements.txt .
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN mkdir -p /var/lib/notes && chown 10001:10001 /var/lib/notes

FROM python:3.12-slim
COPY --from=build /srv /srv
COPY --from=build /opt/venv /opt/venv
WORKDIR /srv
COPY --from=build --chown=10001:10001 /var/lib/notes /var/lib/notes
ENV PATH="/opt/venv/bin:$PATH"
USER 10001:10001
VOLUME ["/var/lib/notes"]
CMD ["python3", "-m", "notes", "--data", "/var/lib/notes"]
