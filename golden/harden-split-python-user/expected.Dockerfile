FROM python:3.11-slim-bookworm AS build

WORKDIR /usr/src/app
COPY requirements.txt ./
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
COPY . .

FROM gcr.io/distroless/python3-debian12:nonroot
COPY --from=build /usr/src/app /usr/src/app
COPY --from=build /opt/venv /opt/venv
WORKDIR /usr/src/app
ENV PYTHONPATH=/opt/venv/lib/python3.11/site-packages
USER 65532:65532
CMD ["app.py"]
