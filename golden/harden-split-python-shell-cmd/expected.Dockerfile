FROM python:3.11 AS build

WORKDIR /srv
COPY requirements.txt .
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN python -m pip install -r requirements.txt
COPY . .

FROM python:3.11-slim
COPY --from=build /srv /srv
COPY --from=build /opt/venv /opt/venv
WORKDIR /srv
ENV PATH="/opt/venv/bin:$PATH"
USER 10001:10001
CMD ./entrypoint.sh && python serve.py
