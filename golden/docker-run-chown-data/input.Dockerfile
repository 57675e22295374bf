FROM python:3.12-slim
RUN useradd -u 1000 -s /usr/sbin/nologin uploads \
    && mkdir -p /data/incoming \
    && chown -R uploads:uploads /data/incoming
WORKDIR /srv
COPY app.py .
USER uploads
EXPOSE 7000
CMD ["python3", "app.py"]
