FROM python:3.11-slim-bookworm AS build
WORKDIR /opt/shop
COPY requirements.txt .
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install -r requirements.txt
COPY . .

FROM python:3.11-slim-bookworm
COPY --from=build /opt/shop /opt/shop
COPY --from=build /opt/venv /opt/venv
WORKDIR /opt/shop
ENV PATH="/opt/venv/bin:$PATH"
USER 10001:10001
EXPOSE 8000
CMD ["uvicorn", "shop.main:app", "--host", "0.0.0.0", "--port", "8000"]
