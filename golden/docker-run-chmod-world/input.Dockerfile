FROM python:3.12-slim
RUN mkdir -p /var/cache/thumbs && chmod 1777 /var/cache/thumbs
WORKDIR /srv
COPY thumbs.py .
USER 10001:10001
EXPOSE 8090
CMD ["python3", "thumbs.py"]
