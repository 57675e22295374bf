FROM python:3.12-alpine3.20 AS build

RUN apk add --no-cache gcc musl-dev libffi-dev postgresql-dev
WORKDIR /code
COPY ./requirements.txt /code/requirements.txt
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --upgrade pip && pip install -r /code/requirements.txt
COPY ./app /code/app

FROM python:3.12-alpine3.20
RUN apk add --no-cache libpq
COPY --from=build /code /code
COPY --from=build /opt/venv /opt/venv
WORKDIR /code
ENV PATH="/opt/venv/bin:$PATH"
EXPOSE 80
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "80"]
