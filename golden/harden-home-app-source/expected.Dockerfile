FROM python:3.11-slim
WORKDIR /srv
COPY app.py .
RUN mkdir -p /home/app && chown 10001:10001 /home/app
ENV HOME=/home/app
USER 10001:10001
EXPOSE 8090
CMD ["python3", "app.py"]
