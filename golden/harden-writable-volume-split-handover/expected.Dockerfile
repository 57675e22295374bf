FROM python:3.12-slim AS build

WORKDIR /srv
COPY requirements.txt .
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
RUN mkdir -p /srv/uploads
COPY . .

FROM python:3.12-slim
COPY --from=build /srv /srv
COPY --from=build /opt/venv /opt/venv
WORKDIR /srv
COPY --from=build --chown=10001:10001 /srv/uploads /srv/uploads
ENV PATH="/opt/venv/bin:$PATH"
USER 10001:10001
VOLUME /srv/uploads
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "gallery.wsgi"]
