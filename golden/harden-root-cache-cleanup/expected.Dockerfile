FROM python:3.12-slim AS build
WORKDIR /srv
COPY requirements.txt .
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt && rm -rf /root/.cache
COPY app.py .

FROM python:3.12-slim
COPY --from=build /srv /srv
COPY --from=build /opt/venv /opt/venv
WORKDIR /srv
ENV PATH="/opt/venv/bin:$PATH"
USER 10001:10001
EXPOSE 8000
CMD ["python", "app.py"]
