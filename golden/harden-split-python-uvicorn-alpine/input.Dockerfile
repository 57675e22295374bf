FROM python:3.12-alpine3.20

RUN apk add --no-cache gcc musl-dev libffi-dev postgresql-dev
WORKDIR /code
COPY ./requirements.txt /code/requirements.txt
RUN pip install --upgrade pip && pip install -r /code/requirements.txt
COPY ./app /code/app
EXPOSE 80
CMD uvicorn app.main:app --host 0.0.0.0 --port 80
