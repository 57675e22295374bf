FROM python:3.12-slim-bookworm AS build

# dependencies first, for the layer cache
COPY requirements.txt .
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=0:0 . .


FROM python:3.12-slim-bookworm
COPY --from=build /opt/venv /opt/venv
COPY requirements.txt .
COPY --chown=0:0 . .
ENV PATH="/opt/venv/bin:$PATH"
USER 10001:10001
EXPOSE 8080
CMD ["gunicorn", "--bind", "0.0.0.0:8080", "wsgi:app"]
