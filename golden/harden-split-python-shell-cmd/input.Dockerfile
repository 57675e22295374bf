FROM python:3.11

WORKDIR /srv
COPY requirements.txt .
RUN python -m pip install -r requirements.txt
COPY . .
CMD ./entrypoint.sh && python serve.py
