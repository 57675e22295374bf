FROM python:3.10-slim

RUN apt-get update && apt-get install -y build-essential libgdal-dev
WORKDIR /app
COPY requirements.txt .
RUN pip3 install -r requirements.txt
USER 10001:10001
COPY . .
CMD ["python3", "-m", "geoservice"]
